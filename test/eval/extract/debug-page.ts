/**
 * Shows what newsflow extracts from WCXB pages (tuning aid, tune part only): scores, the chosen container, and the
 * gold paragraphs it missed.  npx tsx test/eval/extract/debug-page.ts 0054 [4193 ...] [--dir ../shared/data/wcxb-dev]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeDocumentBytes, extractHtml, loadRuleSet } from '../../../libs/extract/src/index.js';
import { ScriptArgs } from '../../support/script-args.js';
import { bowPrf, bowTokens } from './bow-metric.js';
import { hostOfUrl, partOf, registrableDomain } from './split.js';

const args = new ScriptArgs(process.argv.slice(2), { flags: ['removed', 'body'], positionals: true });
args.allowOnly(['dir', 'removed', 'body']);
const dir = resolve(args.string('dir', '../shared/data/wcxb-dev'));
const ids = args.positionals;
const rules = loadRuleSet([]);
for (const id of ids) {
  const gt = JSON.parse(readFileSync(join(dir, 'ground-truth', `${id}.json`), 'utf8')) as {
    url: string;
    ground_truth: { main_content: string; title: string; author?: string; publish_date?: string };
  };
  const domain = registrableDomain(hostOfUrl(gt.url) ?? '');
  if (partOf(domain) !== 'tune') {
    console.log(`${id}: check part, not shown`);
    continue;
  }
  const html = decodeDocumentBytes(gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`)))).text;
  const r = extractHtml(html, { url: gt.url, receivedAt: '2026-01-01T00:00:00Z', rules, debug: true });
  const body = r.paragraphs.join('\n\n');
  const m = bowPrf(body, gt.ground_truth.main_content);
  console.log(
    `\n=== ${id} ${gt.url}\nF1 ${m.f1.toFixed(3)} P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} method ${r.method} words ${bowTokens(body).length} gold ${bowTokens(gt.ground_truth.main_content).length}`,
  );
  console.log(`title: ${r.title} | gold: ${gt.ground_truth.title}`);
  console.log(
    `meta: ${JSON.stringify({ ...r.meta, title: undefined })} | gold author ${gt.ground_truth.author} date ${gt.ground_truth.publish_date}`,
  );
  for (const w of r.warnings) console.log(`  ${w}`);
  const have = ` ${bowTokens(body).join(' ')} `;
  const missed = gt.ground_truth.main_content
    .split(/\n\n+/)
    .filter((p) => !have.includes(` ${bowTokens(p).join(' ')} `));
  console.log(
    `missed gold paragraphs ${missed.length}: ${missed
      .slice(0, 8)
      .map((p) => JSON.stringify(p.slice(0, 90)))
      .join('\n   ')}`,
  );
  if (args.flag('removed'))
    for (const x of r.removed.slice(0, 80)) console.log(`   - ${x.ruleId}: ${x.text.slice(0, 100)}`);
  if (args.flag('body')) console.log(body.slice(0, 3000));
}
