import { indexedConfirmationSchema, type IndexedConfirmation } from '@newsflow/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { PercolateHandler } from './percolate.handler.js';

/**
 * The gateway's consumer of `news.indexed.v1`: decodes and validates each confirmation and hands a batch to the
 * percolate handler. An invalid message is logged and skipped (it is the index stage's own output; there is
 * nothing to dead-letter it to that a user would read). A failed batch is retried by kafkajs from the last
 * committed offset, so a match is never lost (it may be delivered twice after a crash; the webhook job id dedupes).
 */
export class PercolateKafkaConsumer {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly handler: PercolateHandler,
    private readonly logger: Logger,
    /** Called when kafkajs gives up on the consumer (a crash it will not restart itself): the owner starts a new one. */
    private readonly onFatal: (err: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: 100,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      this.logger.warn(
        { err: String(e.payload.error), restart: e.payload.restart },
        'percolation consumer crashed',
      );
      if (!e.payload.restart) this.onFatal(e.payload.error);
    });
    await consumer.connect();
    // Only articles indexed from now on: a new gateway group does not replay history to subscribers.
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const items: IndexedConfirmation[] = [];
        for (const m of batch.messages) {
          try {
            const parsed = indexedConfirmationSchema.safeParse(JSON.parse(m.value?.toString('utf8') ?? ''));
            if (parsed.success) items.push(parsed.data);
            else
              this.logger.warn(
                { offset: m.offset, issues: parsed.error.issues.length },
                'invalid indexed confirmation',
              );
          } catch {
            this.logger.warn({ offset: m.offset }, 'indexed confirmation is not JSON');
          }
        }
        // Large batches are percolated in slices so one request stays small.
        for (let i = 0; i < items.length; i += 200) {
          await this.handler.handle(items.slice(i, i + 200));
          await payload.heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
