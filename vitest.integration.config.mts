import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
// Integration tests talk to the real local stack (Kafka, OpenSearch, Redis); globalSetup refuses to run without it.
export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'libs/**/src/**/*.int-spec.ts',
      'services/**/src/**/*.int-spec.ts',
      'test/integration/**/*.int-spec.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters,
    globalSetup: ['test/support/stack-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
