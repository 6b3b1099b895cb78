import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  HEALTH_INDICATORS,
  MetricsController,
  STAGE_METRICS,
  type StageMetrics,
} from '@newsflow/observability';
import type { Logger } from 'pino';
import type { BullQueueStatsAdapter } from './adapters/bullmq.adapter.js';
import type { KafkaAdminAdapter } from './adapters/kafka-admin.adapter.js';
import type { KafkaIngestProducerAdapter } from './adapters/kafka-producer.adapter.js';
import type { OpenSearchAdapter } from './adapters/opensearch.adapter.js';
import type { RedisAdapter } from './adapters/redis.adapter.js';
import { AdminHttpController } from './admin/admin.http-controller.js';
import { ReindexHandler } from './admin/reindex.handler.js';
import type { SharedTokenBuckets } from './auth/shared-token-bucket.js';
import { ArticlesHandler } from './articles/articles.handler.js';
import { ArticlesHttpController } from './articles/articles.http-controller.js';
import type { GatewayConfig } from './gateway.config.js';
import { gatewayIndicators } from './health/health-indicators.js';
import { IngestHandler } from './ingest/ingest.handler.js';
import { IngestHttpController } from './ingest/ingest.http-controller.js';
import { SearchHandler } from './search/search.handler.js';
import { SearchHttpController } from './search/search.http-controller.js';
import { StoriesHandler } from './stories/stories.handler.js';
import { StoriesHttpController } from './stories/stories.http-controller.js';
import { SuggestHandler } from './suggest/suggest.handler.js';
import { SuggestHttpController } from './suggest/suggest.http-controller.js';
import { OperationsModule } from './stats/stats.module.js';
import { SubscriptionsModule, type SubscriptionDeps } from './subscriptions/subscriptions.module.js';
import {
  BULL_QUEUES,
  GATEWAY_CONFIG,
  KAFKA_ADMIN,
  KAFKA_PRODUCER,
  LOGGER,
  OPENSEARCH,
  REDIS,
} from './tokens.js';

/** Everything the gateway talks to, built once at boot (and by tests, with a unique prefix). */
export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  metrics: StageMetrics;
  opensearch: OpenSearchAdapter;
  producer: KafkaIngestProducerAdapter;
  kafkaAdmin: KafkaAdminAdapter;
  redis: RedisAdapter;
  /** Rate limits per API key, shared by the gateways through Redis. */
  rateLimits: SharedTokenBuckets;
  queues: BullQueueStatsAdapter;
  /** Live saved searches: percolator index, match streams, webhook queue, Kafka client of the percolation. */
  subscriptions: SubscriptionDeps;
}

/** Closes every adapter when Nest shuts down (SIGTERM with enableShutdownHooks, or app.close() in tests). */
@Injectable()
export class AdaptersLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaIngestProducerAdapter,
    @Inject(KAFKA_ADMIN) private readonly kafkaAdmin: KafkaAdminAdapter,
    @Inject(OPENSEARCH) private readonly opensearch: OpenSearchAdapter,
    @Inject(REDIS) private readonly redis: RedisAdapter,
    @Inject(BULL_QUEUES) private readonly queues: BullQueueStatsAdapter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const results = await Promise.allSettled([
      this.producer.disconnect(),
      this.kafkaAdmin.disconnect(),
      this.opensearch.close(),
      this.redis.close(),
      this.queues.close(),
    ]);
    for (const r of results)
      if (r.status === 'rejected')
        this.logger.warn({ err: r.reason as unknown }, 'adapter did not close cleanly');
    this.logger.info('gateway stopped: Kafka, OpenSearch and Redis connections closed');
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: GatewayDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [OperationsModule.forRoot(deps), SubscriptionsModule.forRoot(deps)],
      controllers: [
        SearchHttpController,
        SuggestHttpController,
        StoriesHttpController,
        ArticlesHttpController,
        IngestHttpController,
        AdminHttpController,
        MetricsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: OPENSEARCH, useValue: deps.opensearch },
        { provide: KAFKA_PRODUCER, useValue: deps.producer },
        { provide: KAFKA_ADMIN, useValue: deps.kafkaAdmin },
        { provide: REDIS, useValue: deps.redis },
        { provide: BULL_QUEUES, useValue: deps.queues },
        { provide: STAGE_METRICS, useValue: deps.metrics },
        { provide: HEALTH_INDICATORS, useValue: gatewayIndicators(deps) },
        // Factories rather than constructor metadata: the same wiring works when sources run under vitest (esbuild emits no decorator metadata).
        { provide: SearchHandler, useFactory: () => new SearchHandler(deps.opensearch) },
        { provide: ArticlesHandler, useFactory: () => new ArticlesHandler(deps.opensearch) },
        { provide: StoriesHandler, useFactory: () => new StoriesHandler(deps.opensearch) },
        { provide: SuggestHandler, useFactory: () => new SuggestHandler(deps.opensearch) },
        { provide: IngestHandler, useFactory: () => new IngestHandler(deps.producer, deps.metrics) },
        {
          provide: ReindexHandler,
          useFactory: () =>
            new ReindexHandler(deps.opensearch, deps.logger, {
              leaseMs: deps.config.reindex.leaseMs,
              requestsPerSecond: deps.config.reindex.requestsPerSecond,
            }),
        },
        AdaptersLifecycle,
      ],
    };
  }
}
