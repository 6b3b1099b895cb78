/**
 * Writes the deployment files generated from the topology (see deploy-files.ts):
 *   npx tsx tools/deploy/generate.ts           # write
 *   npx tsx tools/deploy/generate.ts --check   # exit 1 naming each stale file
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, generatedFiles } from './deploy-files.js';
import { k8sFiles } from './k8s-manifests.js';

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const files = [...(await generatedFiles()), ...(await k8sFiles())];
  let stale = 0;
  for (const f of files) {
    const path = join(ROOT, f.path);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current === f.content) continue;
    if (check) {
      stale++;
      process.stderr.write(`stale: ${f.path} (regenerate with npx tsx tools/deploy/generate.ts)\n`);
    } else {
      writeFileSync(path, f.content);
      process.stdout.write(`wrote ${f.path}\n`);
    }
  }
  return stale;
}

main().then(
  (stale) => process.exit(stale > 0 ? 1 : 0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
