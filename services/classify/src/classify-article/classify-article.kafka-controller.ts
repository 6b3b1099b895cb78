import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLEAN_TOPIC } from '@newsflow/contracts';
import { Enricher } from '@newsflow/enrich';
import { StageHost, createKafka } from '@newsflow/messaging';
import { STAGE_METRICS, type StageMetrics } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { ClassifyConfig } from '../classify.config.js';
import { CLASSIFY_CONFIG, LOGGER } from '../tokens.js';
import { ClassifyArticleHandler } from './classify-article.handler.js';

/** Wires the classify handler to `news.articles.clean.v1`; models load once at start. */
@Injectable()
export class ClassifyArticleKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly host: StageHost;

  constructor(
    @Inject(CLASSIFY_CONFIG) config: ClassifyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
  ) {
    const started = Date.now();
    const handler = new ClassifyArticleHandler(Enricher.load());
    logger.info({ ms: Date.now() - started }, 'enrichment models loaded');
    this.host = new StageHost({
      stage: 'classify',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-classify' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: CLEAN_TOPIC,
      groupId: config.groupId,
      logger,
      metrics,
      maxAttempts: config.CLASSIFY_MAX_ATTEMPTS,
      handler: { kind: 'message', handle: (m) => Promise.resolve(handler.handle(m)) },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
  }
}
