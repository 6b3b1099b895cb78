#!/usr/bin/env node
'use strict';
// Thin launcher for the compiled CLI. `npm ci` builds the workspace through the root `prepare` script;
// if dist is missing (e.g. `npm ci --ignore-scripts`), build it once before running.
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  const root = resolve(__dirname, '..', '..', '..');
  process.stderr.write('newsflow: building the workspace first (dist missing)...\n');
  const r = require('node:child_process').spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) {
    process.stderr.write('newsflow: build failed; run `npm run build` and read the errors above\n');
    process.exit(1);
  }
}
require(entry);
