import { Controller, Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RAW_TOPIC } from '@newsflow/contracts';
import { configureBoilerplateRules, initExtract } from '@newsflow/extract';
import type { InboundMessage, OutboundMessage } from '@newsflow/messaging';
import type { Logger } from 'pino';
import type { CleanConfig } from '../clean.config.js';
import { RedisDedupAdapter } from '../dedup.adapter.js';
import { CLEAN_CONFIG, LOGGER } from '../tokens.js';
import { CleanDocumentHandler } from './clean-document.handler.js';

/** Consumes `news.raw.v1` through the stage transport. */
@Controller()
export class CleanDocumentKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handler: CleanDocumentHandler;

  constructor(
    @Inject(CLEAN_CONFIG) config: CleanConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dedup: RedisDedupAdapter,
  ) {
    // Operator rule files are compiled once here: a bad file stops the service at start with the file's error.
    configureBoilerplateRules(config.NEWSFLOW_EXTRACT_RULES);
    this.handler = new CleanDocumentHandler(
      dedup,
      undefined,
      {
        maxArticleChars: config.CLEAN_MAX_ARTICLE_CHARS,
        maxTitleChars: config.CLEAN_MAX_TITLE_CHARS,
        maxLineChars: config.CLEAN_MAX_LINE_CHARS,
      },
      { maxLinks: config.CLEAN_LISTING_MAX_LINKS, maxDepth: config.CLEAN_LISTING_MAX_DEPTH },
      config.CLEAN_VALIDATION,
    );
  }

  /** Language and extraction models load before the transport starts consuming. */
  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await initExtract();
    this.logger.info({ ms: Date.now() - started }, 'extraction models loaded');
  }

  @EventPattern(RAW_TOPIC)
  clean(@Payload() message: InboundMessage): Promise<OutboundMessage[]> {
    return this.handler.handle(message);
  }

  /** Runs after the transport drained and committed (Nest closes microservices before shutdown hooks). */
  async onApplicationShutdown(): Promise<void> {
    await this.dedup.close();
  }
}
