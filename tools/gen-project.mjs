// One-off scaffolding helper: writes package.json, tsconfig.json and project.json for a workspace project.
// Usage: node tools/gen-project.mjs <libs|services> <name> <tag> [dep ...]
// <tag>: type:service, type:lib, type:pure, type:contracts or type:tooling (depConstraints in eslint.config.mjs)
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [kind, name, tag, ...deps] = process.argv.slice(2);
const dir = `${kind}/${name}`;
mkdirSync(`${dir}/src`, { recursive: true });
const pkg = {
  name: `@newsflow/${name}`,
  version: '0.1.0',
  private: true,
  main: 'dist/index.js',
  types: 'dist/index.d.ts',
  dependencies: Object.fromEntries(deps.map((d) => [`@newsflow/${d}`, '0.1.0'])),
};
if (kind === 'services') {
  pkg.main = 'dist/main.js';
  delete pkg.types;
}
if (!existsSync(`${dir}/package.json`))
  writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
const tsconfig = {
  extends: '../../tsconfig.base.json',
  compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts', 'src/**/*.json'],
  exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'src/**/*.bench.ts', 'src/**/*.eval.ts'],
  references: deps.map((d) => ({ path: `../../libs/${d}` })),
};
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify(tsconfig, null, 2) + '\n');
const project = {
  name,
  $schema: '../../node_modules/nx/schemas/project-schema.json',
  sourceRoot: `${dir}/src`,
  projectType: kind === 'services' ? 'application' : 'library',
  tags: [tag],
  // what each target runs is in nx.json targetDefaults; a project lists the targets it has and only what differs
  targets: { build: {}, typecheck: {}, lint: {}, test: {}, 'test:integration': {} },
};
writeFileSync(`${dir}/project.json`, JSON.stringify(project, null, 2) + '\n');
