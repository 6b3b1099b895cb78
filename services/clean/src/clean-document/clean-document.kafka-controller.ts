import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RAW_TOPIC } from '@newsflow/contracts';
import { configureBoilerplateRules, initExtract } from '@newsflow/extract';
import { StageHost, createKafka } from '@newsflow/messaging';
import { STAGE_METRICS, type StageMetrics } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { CleanConfig } from '../clean.config.js';
import { RedisDedupAdapter } from '../dedup.adapter.js';
import { CLEAN_CONFIG, LOGGER } from '../tokens.js';
import { CleanDocumentHandler } from './clean-document.handler.js';

/** Wires the clean handler to `news.raw.v1`. */
@Injectable()
export class CleanDocumentKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly host: StageHost;

  constructor(
    @Inject(CLEAN_CONFIG) config: CleanConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
    private readonly dedup: RedisDedupAdapter,
  ) {
    // Operator rule files are compiled once here: a bad file stops the service at start with the file's error.
    configureBoilerplateRules(config.NEWSFLOW_EXTRACT_RULES);
    const handler = new CleanDocumentHandler(dedup, undefined, {
      maxArticleChars: config.CLEAN_MAX_ARTICLE_CHARS,
      maxTitleChars: config.CLEAN_MAX_TITLE_CHARS,
      maxLineChars: config.CLEAN_MAX_LINE_CHARS,
    });
    this.host = new StageHost({
      stage: 'clean',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-clean' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: RAW_TOPIC,
      groupId: config.groupId,
      logger,
      metrics,
      maxAttempts: config.CLEAN_MAX_ATTEMPTS,
      messageConcurrency: config.CLEAN_CONCURRENCY,
      handler: { kind: 'message', handle: (m) => handler.handle(m) },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await initExtract();
    this.logger.info({ ms: Date.now() - started }, 'extraction models loaded');
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.dedup.close();
  }
}
