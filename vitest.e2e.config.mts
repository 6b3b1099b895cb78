import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/e2e/**/*.e2e-spec.ts', 'test/prometheus/**/*.e2e-spec.ts'],
    reporters,
    globalSetup: ['test/support/stack-global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
