import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
// Fault tests on real servers: the suite starts its own Kafka, OpenSearch and Redis (other ports, own data folder)
// and the built services as processes, so it needs neither the shared stack nor a global setup. One file, in order.
// NEWSFLOW_RELIABILITY_PROFILE=short is the subset `npm test` runs; the default is the full set.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/reliability/**/*.rel-spec.ts'],
    reporters,
    testTimeout: 900_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
