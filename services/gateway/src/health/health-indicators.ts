import type { HealthIndicator } from '@newsflow/observability';
import type { KafkaAdminAdapter } from '../adapters/kafka-admin.adapter.js';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import type { RedisAdapter } from '../adapters/redis.adapter.js';
import { rateLimitIndicator, type SharedTokenBuckets } from '../auth/shared-token-bucket.js';

/** Kafka is healthy when the cluster describes itself with at least one broker. */
export function kafkaIndicator(admin: Pick<KafkaAdminAdapter, 'describeCluster'>): HealthIndicator {
  return {
    name: 'kafka',
    async check() {
      const c = await admin.describeCluster();
      return { ok: c.brokers > 0, detail: `${c.brokers} broker(s), controller ${c.controller ?? 'none'}` };
    },
  };
}

/** OpenSearch is healthy when the cluster is green or yellow (yellow: replicas unassigned, all data searchable). */
export function opensearchIndicator(os: Pick<OpenSearchAdapter, 'clusterHealth'>): HealthIndicator {
  return {
    name: 'opensearch',
    async check() {
      const h = await os.clusterHealth();
      return {
        ok: h.status === 'green' || h.status === 'yellow',
        detail: `status ${h.status}, ${h.nodes} node(s)`,
      };
    },
  };
}

export function redisIndicator(redis: Pick<RedisAdapter, 'ping'>): HealthIndicator {
  return {
    name: 'redis',
    async check() {
      const pong = await redis.ping();
      return { ok: pong === 'PONG', detail: pong };
    },
  };
}

export function gatewayIndicators(deps: {
  kafkaAdmin: Pick<KafkaAdminAdapter, 'describeCluster'>;
  opensearch: Pick<OpenSearchAdapter, 'clusterHealth'>;
  redis: Pick<RedisAdapter, 'ping'>;
  /** Adds `rate-limits`: not ok while the limits are per gateway process (Redis unreachable). */
  rateLimits?: Pick<SharedTokenBuckets, 'status'>;
}): HealthIndicator[] {
  return [
    kafkaIndicator(deps.kafkaAdmin),
    opensearchIndicator(deps.opensearch),
    redisIndicator(deps.redis),
    ...(deps.rateLimits ? [rateLimitIndicator(deps.rateLimits)] : []),
  ];
}
