import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderOpenApi } from './openapi/render-openapi.js';

/** Regenerates services/gateway/openapi.json (run after changing a route: `npx nx run gateway:openapi`). */
const target = resolve(__dirname, '../openapi.json');
renderOpenApi()
  // Formatted like the rest of the repo so `prettier --check` passes on the checked-in file.
  .then(async (text) => {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(target)) ?? {};
    return prettier.format(text, { ...options, parser: 'json', filepath: target });
  })
  .then((text) => {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
