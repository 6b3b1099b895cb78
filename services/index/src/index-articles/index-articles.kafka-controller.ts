import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ENRICHED_TOPIC } from '@newsflow/contracts';
import { StageHost, createKafka } from '@newsflow/messaging';
import { STAGE_METRICS, type StageMetrics } from '@newsflow/observability';
import type { Logger } from 'pino';
import { INDEX_CONFIG, LOGGER } from '../tokens.js';
import type { IndexConfig } from '../index.config.js';
import { OpenSearchAdapter } from '../opensearch.adapter.js';
import { IndexArticlesHandler } from './index-articles.handler.js';

/** Wires the index handler to `news.articles.enriched.v1` (batch mode) and OpenSearch. */
@Injectable()
export class IndexArticlesKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly host: StageHost;

  constructor(
    @Inject(INDEX_CONFIG) private readonly config: IndexConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
    private readonly os: OpenSearchAdapter,
  ) {
    const handler = new IndexArticlesHandler(os, {
      maxAttempts: config.INDEX_MAX_ATTEMPTS,
      retryBaseMs: 200,
      retryMaxMs: config.INDEX_RETRY_MAX_MS,
    });
    this.host = new StageHost({
      stage: 'index',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-index' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: ENRICHED_TOPIC,
      groupId: config.groupId,
      logger,
      metrics,
      chunkSize: config.INDEX_BULK_SIZE,
      handler: { kind: 'batch', handle: (messages, ctx) => handler.handle(messages, ctx) },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const index = await this.os.ensureIndex();
    this.logger.info({ alias: this.config.alias, index }, 'articles index ready');
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.os.close();
  }
}
