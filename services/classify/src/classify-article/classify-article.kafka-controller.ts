import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CLEAN_TOPIC } from '@newsflow/contracts';
import { Enricher } from '@newsflow/enrich';
import type { InboundMessage, OutboundMessage } from '@newsflow/messaging';
import type { Logger } from 'pino';
import { LOGGER } from '../tokens.js';
import { ClassifyArticleHandler } from './classify-article.handler.js';

/** Consumes `news.articles.clean.v1` through the stage transport; models load once at start. */
@Controller()
export class ClassifyArticleKafkaController {
  private readonly handler: ClassifyArticleHandler;

  constructor(@Inject(LOGGER) logger: Logger) {
    const started = Date.now();
    this.handler = new ClassifyArticleHandler(Enricher.load());
    logger.info({ ms: Date.now() - started }, 'enrichment models loaded');
  }

  @EventPattern(CLEAN_TOPIC)
  classify(@Payload() message: InboundMessage): OutboundMessage[] {
    return this.handler.handle(message);
  }
}
