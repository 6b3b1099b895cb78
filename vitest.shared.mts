import { resolve } from 'node:path';
const libs = ['contracts', 'observability', 'messaging', 'extract', 'enrich', 'search', 'cli', 'api-client'];
// Tests run against sources: @newsflow/* resolves to libs/*/src so no build is needed for unit tests.
export const alias = Object.fromEntries(
  libs.map((l) => [`@newsflow/${l}`, resolve(import.meta.dirname, `libs/${l}/src/index.ts`)]),
);
export const reporters = ['default', resolve(import.meta.dirname, 'tools/vitest-summary-reporter.mjs')];
