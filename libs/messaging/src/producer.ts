import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
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

/** Producer with acks from all in-sync replicas, idempotence and gzip; `send` resolves only once the broker acknowledged. */
export class KafkaProducerAdapter {
  private readonly producer: Producer;
  private connected = false;

  /** `prefix` maps logical topic names (`news.raw.v1`) to physical ones (see NEWSFLOW_PREFIX). */
  constructor(
    kafka: Kafka,
    private readonly prefix: string = '',
  ) {
    this.producer = kafka.producer({
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

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.GZIP,
      topicMessages: [...byTopic.entries()].map(([topic, ms]) => ({
        topic: physicalTopic(this.prefix, topic),
        messages: ms.map((m) => ({ key: m.key ?? null, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
