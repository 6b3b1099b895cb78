import { defineConfig } from 'vitest/config';
import { alias, reporters } from './vitest.shared.mts';
// Tests on the cluster profile (`newsflow infra up --cluster`: 3 Kafka nodes, 3 OpenSearch nodes, own Redis, private
// ports). cluster-faults: kill -9 of the busiest broker and of the busiest OpenSearch node, and 1->3->1 instances,
// while a stream flows (NEWSFLOW_CLUSTER_PROFILE=short streams 1,000 articles instead of 5,000). secure-pipeline: the
// stages and the gateway over SASL_SSL on the secured profile (its own run folder), a broker kill -9, refused
// clients. secure-kafka: one SASL_SSL node. `npm run test:cluster` runs them all; `npm test`'s last tier
// (tools/run-tests.mjs cluster) runs secure-pipeline only, short, on a secured cluster it brings up and purges.
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
