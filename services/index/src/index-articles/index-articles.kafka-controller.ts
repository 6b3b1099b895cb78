import { Controller, Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ENRICHED_TOPIC } from '@newsflow/contracts';
import type { BatchControl, BatchFailure, InboundMessage, OutboundMessage } from '@newsflow/messaging';
import type { Logger } from 'pino';
import { INDEX_CONFIG, LOGGER } from '../tokens.js';
import type { IndexConfig } from '../index.config.js';
import { OpenSearchAdapter } from '../opensearch.adapter.js';
import { IndexArticlesHandler } from './index-articles.handler.js';

/** Consumes `news.articles.enriched.v1` in chunks (one bulk request each) through the stage transport. */
@Controller()
export class IndexArticlesKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handler: IndexArticlesHandler;

  constructor(
    @Inject(INDEX_CONFIG) private readonly config: IndexConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly os: OpenSearchAdapter,
  ) {
    this.handler = new IndexArticlesHandler(os, {
      maxAttempts: config.INDEX_MAX_ATTEMPTS,
      retryBaseMs: 200,
      retryMaxMs: config.INDEX_RETRY_MAX_MS,
      validation: config.INDEX_VALIDATION,
    });
  }

  /** The index and its alias exist before the transport starts consuming. */
  async onApplicationBootstrap(): Promise<void> {
    const index = await this.os.ensureIndex();
    this.logger.info({ alias: this.config.alias, index }, 'articles index ready');
  }

  @EventPattern(ENRICHED_TOPIC, { batch: true })
  index(
    @Payload() messages: InboundMessage[],
    @Ctx() ctl: BatchControl,
  ): Promise<{ outputs: OutboundMessage[]; failures: BatchFailure[] }> {
    return this.handler.handle(messages, ctl);
  }

  /** Runs after the transport drained and committed (Nest closes microservices before shutdown hooks). */
  async onApplicationShutdown(): Promise<void> {
    await this.os.close();
  }
}
