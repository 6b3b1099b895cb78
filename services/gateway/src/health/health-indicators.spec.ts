import { describe, expect, it } from 'vitest';
import { runHealthChecks } from '@newsflow/observability';
import { gatewayIndicators } from './health-indicators.js';

describe('gatewayIndicators', () => {
  it('reports every dependency ok when Kafka, OpenSearch and Redis answer', async () => {
    const r = await runHealthChecks(
      gatewayIndicators({
        kafkaAdmin: { describeCluster: () => Promise.resolve({ brokers: 1, controller: 1, clusterId: 'c' }) },
        opensearch: { clusterHealth: () => Promise.resolve({ status: 'yellow', nodes: 1 }) },
        redis: { ping: () => Promise.resolve('PONG') },
      }),
    );
    expect(r.status).toBe('ok');
    expect(Object.keys(r.checks)).toEqual(['kafka', 'opensearch', 'redis']);
    expect(r.checks.opensearch?.detail).toContain('yellow');
  });

  it('is degraded when OpenSearch is red or a dependency throws, naming the failure', async () => {
    const r = await runHealthChecks(
      gatewayIndicators({
        kafkaAdmin: {
          describeCluster: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')),
        },
        opensearch: { clusterHealth: () => Promise.resolve({ status: 'red', nodes: 1 }) },
        redis: { ping: () => Promise.resolve('PONG') },
      }),
    );
    expect(r.status).toBe('degraded');
    expect(r.checks.kafka).toMatchObject({ ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:9092' });
    expect(r.checks.opensearch?.ok).toBe(false);
    expect(r.checks.redis?.ok).toBe(true);
  });
});
