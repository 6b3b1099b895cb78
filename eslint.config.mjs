// typescript-eslint with type information. Module boundaries are enforced with no-restricted-imports:
// services never import other services, pure libraries never import NestJS/Kafka/OpenSearch, contracts import only zod.
import tseslint from 'typescript-eslint';
import eslint from '@eslint/js';

const pureLibBan = {
  patterns: [
    {
      group: ['@nestjs/*', 'kafkajs', 'bullmq', 'ioredis', '@opensearch-project/*'],
      message: 'pure libraries know nothing of NestJS, Kafka, Redis or OpenSearch',
    },
    { group: ['**/services/**'], message: 'a library never imports a service' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.nx/**',
      '.newsflow/**',
      'infra/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.mts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
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
    },
  },
  {
    files: ['services/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/**', '../../*/src/**'],
              message: 'a service never imports another service',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/extract/**/*.ts', 'libs/enrich/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureLibBan] },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|zod/|node:|\\.)', message: 'contracts depend on nothing but zod' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
