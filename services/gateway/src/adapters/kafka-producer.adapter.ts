import type { Kafka } from 'kafkajs';
import { KafkaProducerAdapter, errorMessage, type OutboundMessage } from '@newsflow/messaging';
import { DependencyUnavailableProblem } from '../problem/problem.exception.js';

/**
 * Produces ingest messages and waits for the broker acknowledgement, bounded by a timeout so a dead broker
 * answers 503 instead of holding the request through kafkajs' long retry schedule. A send that times out may
 * still land later; that is safe because the dump id (the key) makes re-ingesting the same dump idempotent downstream.
 */
export class KafkaIngestProducerAdapter {
  private readonly producer: KafkaProducerAdapter;
  private connecting: Promise<void> | undefined;

  /** `prefix` maps logical topics to physical ones, as in {@link KafkaProducerAdapter}. */
  constructor(
    kafka: Kafka,
    prefix: string,
    private readonly sendTimeoutMs: number,
  ) {
    this.producer = new KafkaProducerAdapter(kafka, prefix);
  }

  /** Connects once; concurrent callers share the attempt and a failed attempt is retried by the next caller. */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  /** Resolves once Kafka acknowledged every message; throws a 503 problem when it cannot within the timeout. */
  async send(messages: readonly OutboundMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DependencyUnavailableProblem(
              'kafka',
              `Kafka did not acknowledge within ${this.sendTimeoutMs} ms`,
            ),
          ),
        this.sendTimeoutMs,
      );
    });
    try {
      await Promise.race([
        (async () => {
          await this.connect();
          await this.producer.send(messages);
        })(),
        timeout,
      ]);
    } catch (err) {
      if (err instanceof DependencyUnavailableProblem) throw err;
      throw new DependencyUnavailableProblem(
        'kafka',
        `Kafka did not accept the message: ${errorMessage(err)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
