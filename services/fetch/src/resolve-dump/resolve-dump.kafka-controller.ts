import {
  Controller,
  Inject,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { INGEST_TOPIC } from '@newsflow/contracts';
import type { InboundMessage, OutboundMessage } from '@newsflow/messaging';
import type { Logger } from 'pino';
import type { FetchConfig } from '../fetch.config.js';
import { FetchQueueAdapter } from '@newsflow/fetch-url';
import { BullUrlQueue } from './url-queue.adapter.js';
import { FETCH_CONFIG, LOGGER } from '../tokens.js';
import { ResolveDumpHandler } from './resolve-dump.handler.js';

/**
 * Consumes `news.ingest.v1` through the stage transport: dumps are resolved into `news.raw.v1` documents; URLs go to
 * the BullMQ queue, whose worker runs alongside.
 */
@Controller()
export class ResolveDumpKafkaController implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handler: ResolveDumpHandler;

  constructor(
    @Inject(FETCH_CONFIG) config: FetchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly queue: FetchQueueAdapter,
  ) {
    this.handler = new ResolveDumpHandler(new BullUrlQueue(queue), {
      maxDumpBytes: config.FETCH_MAX_DUMP_BYTES,
    });
  }

  onApplicationBootstrap(): void {
    this.queue.startWorker();
    this.logger.info({ queue: this.queue.queueName }, 'url fetch worker started');
  }

  @EventPattern(INGEST_TOPIC)
  resolve(@Payload() message: InboundMessage): Promise<OutboundMessage[]> {
    return this.handler.handle(message);
  }

  /** The worker stops (its jobs finish or go back to the queue) before the transport closes its producer. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
