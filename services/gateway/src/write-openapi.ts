import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderOpenApi } from './openapi/render-openapi.js';

/** Regenerates services/gateway/openapi.json (run after changing a route: `npx nx run gateway:openapi`). */
const target = resolve(__dirname, '../openapi.json');
renderOpenApi()
  .then((text) => {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
