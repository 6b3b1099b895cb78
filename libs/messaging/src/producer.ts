import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { physicalTopic } from './config.js';
import { TOPIC_SCHEMAS, formatZodError, type JsonTopic, type TopicPayload } from '@newsflow/contracts';

/** A message ready to be produced. `value` is already serialised. */
export interface OutboundMessage {
  topic: string;
  key?: string | undefined;
  value: Buffer | string;
  headers: Record<string, string>;
}

/**
 * Serialises a payload for a JSON topic after validating it with that topic's schema, so a stage can never
 * emit a message its consumer would reject.
 */
export function jsonMessage<T extends JsonTopic>(
  topic: T,
  key: string | undefined,
  payload: TopicPayload<T>,
  headers: Record<string, string> = {},
): OutboundMessage {
  const parsed = TOPIC_SCHEMAS[topic].safeParse(payload);
  if (!parsed.success)
    throw new Error(`refusing to produce an invalid ${topic} message: ${formatZodError(parsed.error)}`);
  return { topic, key, value: JSON.stringify(parsed.data), headers };
}

/**
 * Producer with acks from all in-sync replicas, idempotence and gzip; `send` resolves only once the broker
 * acknowledged. A failed send throws (the caller commits nothing) and the kafkajs producer is replaced before the next
 * send: after a broker restart an idempotent producer can be left with a fenced or unknown producer id that it never
 * recovers from. A replaced producer may write a batch twice; every sink is idempotent by id.
 */
export class KafkaProducerAdapter {
  private producer: Producer;
  private connected = false;
  private broken = false;
  private lastOkAt = 0;
  private lastError: string | undefined;

  /** `prefix` maps logical topic names (`news.raw.v1`) to physical ones (see NEWSFLOW_PREFIX). */
  constructor(
    private readonly kafka: Kafka,
    private readonly prefix: string = '',
    private readonly logger?: Logger,
  ) {
    this.producer = this.create();
  }

  private create(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** For /health: ok unless the last send failed. */
  health(): { ok: boolean; detail: string } {
    if (this.broken) return { ok: false, detail: `last send failed: ${this.lastError ?? 'unknown error'}` };
    return {
      ok: true,
      detail: this.lastOkAt
        ? `last send ${new Date(this.lastOkAt).toISOString()}`
        : 'connected, nothing sent yet',
    };
  }

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (this.broken) await this.replace();
    else if (!this.connected) await this.connect();
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.GZIP,
        topicMessages: [...byTopic.entries()].map(([topic, ms]) => ({
          topic: physicalTopic(this.prefix, topic),
          messages: ms.map((m) => ({ key: m.key ?? null, value: m.value, headers: m.headers })),
        })),
      });
    } catch (err) {
      this.broken = true;
      this.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.logger?.warn(
        { err: this.lastError },
        'produce failed; the producer is replaced before the next send',
      );
      throw err;
    }
    this.broken = false;
    this.lastOkAt = Date.now();
  }

  private async replace(): Promise<void> {
    const old = this.producer;
    this.connected = false;
    await old.disconnect().catch(() => undefined);
    this.producer = this.create();
    await this.connect();
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
