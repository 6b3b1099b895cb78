import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
// Fault tests on the cluster profile (`newsflow infra up --cluster`: 3 Kafka nodes, 3 OpenSearch nodes, own Redis,
// private ports): kill -9 of the busiest broker and of the busiest OpenSearch node, and 1->3->1 instances, while a
// stream flows. Not part of `npm test`: six JVMs take ~3.5 GB and minutes to form their quorums on a 2-core machine.
// NEWSFLOW_CLUSTER_PROFILE=short streams 1,000 articles instead of 5,000.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/cluster/**/*.cluster-spec.ts'],
    reporters,
    testTimeout: 2_400_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
