// typescript-eslint with type information, plus enforced module boundaries:
// - between workspace projects, @nx/enforce-module-boundaries on the tags in each project.json (see depConstraints);
// - on third-party packages, no-restricted-imports (Nx tags only cover workspace projects, and a package name is
//   banned even before it is installed).
import tseslint from 'typescript-eslint';
import eslint from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';

// The Nx rule reads the cached project graph and, when there is none (a clean clone; the Nx daemon is off in nx.json),
// skips itself with nothing but a line on stdout. Computing the graph here makes every ESLint run (CLI, Node API,
// editor) check boundaries on the current graph, and fails the run if the graph cannot be built.
await createProjectGraphAsync({ exitOnError: false });

const infrastructurePackages = ['@nestjs/*', 'kafkajs', 'bullmq', 'ioredis', '@opensearch-project/*'];

// Who may import which workspace project (a project's tags are in its project.json). Packages are left to
// no-restricted-imports below, so that one wrong import gives one error.
const depConstraints = [
  // Deployables: never another service (Nx also refuses any import of an application project), never the CLI.
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:pure', 'type:contracts'] },
  // Operator tooling uses libraries, never a service's code.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:pure', 'type:contracts'] },
  // Infrastructure libraries: libraries and contracts only.
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:pure', 'type:contracts'] },
  // Pure text work (extract, enrich): other pure code and contracts only.
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure', 'type:contracts'] },
  // Contracts depend on no workspace project.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.nx/**',
      '.newsflow/**',
      // agents' uncommitted scratch files (git-excluded locally)
      '.scratch/**',
      'infra/**',
      'coverage/**',
      // deliberately wrong imports, linted by tools/lint/boundaries.spec.ts as if they stood in the projects
      'tools/lint/fixtures/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.mts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints }],
    },
  },
  {
    // A project's tests and its training scripts (tooling, never built into dist) may use the repository's shared
    // test helpers (test/support: the seeded generator, the script argument parser) by relative path; the rule would
    // otherwise refuse any relative import that leaves the project.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/*/training/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: ['^(\\.\\./)+test/'], depConstraints }] },
  },
  {
    files: ['services/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['libs/extract/**/*.ts', 'libs/enrich/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructurePackages,
              message: 'pure libraries know nothing of NestJS, Kafka, Redis or OpenSearch',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        // workspace projects (@newsflow/*) are the Nx rule's: type:contracts may depend on none
        {
          patterns: [
            { regex: '^(?!zod$|zod/|node:|\\.|@newsflow/)', message: 'contracts depend on nothing but zod' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
