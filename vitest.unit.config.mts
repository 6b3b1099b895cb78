import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'libs/**/src/**/*.spec.ts',
      'services/**/src/**/*.spec.ts',
      'tools/**/*.spec.ts',
      'test/prometheus/**/*.spec.ts',
      'test/bench/**/*.spec.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters,
    testTimeout: 20_000,
  },
});
