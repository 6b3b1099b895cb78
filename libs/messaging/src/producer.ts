import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { physicalTopic } from './config.js';
import type { ZodType, ZodTypeDef } from 'zod';
import {
  TOPIC_SCHEMAS,
  fastCheckOf,
  formatZodError,
  type FastCheck,
  type JsonTopic,
  type TopicPayload,
} from '@newsflow/contracts';

/** A message ready to be produced. `value` is already serialised. */
export interface OutboundMessage {
  topic: string;
  key?: string | undefined;
  value: Buffer | string;
  headers: Record<string, string>;
}

export interface JsonMessageOptions {
  /**
   * Try the topic's compiled check first (`fastCheckOf`): a payload it accepts is one zod would return unchanged, so
   * it is serialised as it stands, in its own key order; anything else goes through zod as without it. Opt-in: the
   * bytes equal zod's only when the caller builds the payload in the schema's key order with no undefined value.
   */
  fastCheck?: boolean;
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
  opts: JsonMessageOptions = {},
): OutboundMessage {
  if (opts.fastCheck && fastCheckOf(topic)?.(payload))
    return { topic, key, value: JSON.stringify(payload), headers };
  const parsed = TOPIC_SCHEMAS[topic].safeParse(payload);
  if (!parsed.success)
    throw new Error(`refusing to produce an invalid ${topic} message: ${formatZodError(parsed.error)}`);
  return { topic, key, value: JSON.stringify(parsed.data), headers };
}

/**
 * As {@link jsonMessage}, for a payload made of a part that went through its topic schema already (typically the
 * consumed message, as its schema parsed it) plus the fields this stage adds: only `added` is validated, with
 * `addedSchema` (e.g. `schema.pick({ ... })` of the topic schema), and its parsed value is what gets serialised.
 * The stage's hot path then validates each part once instead of re-validating the consumed message on the way out.
 */
export function extendedJsonMessage<T extends JsonTopic, A extends Partial<TopicPayload<T>>>(
  topic: T,
  key: string | undefined,
  validated: Omit<TopicPayload<T>, keyof A>,
  added: A,
  addedSchema: ZodType<A, ZodTypeDef, unknown>,
  headers: Record<string, string> = {},
  opts: { addedCheck?: FastCheck | undefined } = {},
): OutboundMessage {
  // `addedCheck`: `compileFastCheck(addedSchema)`, compiled once by the caller; true only when zod would return
  // `added` unchanged, so it is serialised as it stands (in its own key order) and zod runs only otherwise.
  if (opts.addedCheck?.(added))
    return { topic, key, value: JSON.stringify({ ...validated, ...added }), headers };
  const parsed = addedSchema.safeParse(added);
  if (!parsed.success)
    throw new Error(`refusing to produce an invalid ${topic} message: ${formatZodError(parsed.error)}`);
  return { topic, key, value: JSON.stringify({ ...validated, ...parsed.data }), headers };
}

/** Sends at least this large (any one message, or all together) are gzip-compressed; smaller ones go uncompressed. */
export const COMPRESS_FROM_BYTES = { message: 1024 * 1024, send: 4 * 1024 * 1024 };

const byteLength = (v: Buffer | string): number =>
  typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;

/**
 * Compression of one send, by bytes. The pipeline's messages are a few KB and every hop is local, so gzip costs
 * more CPU than it saves (measured ~0.1-0.2 ms per article to compress, plus decompression by the broker and the
 * consumer: see test/bench/RESULTS.md, "Profiles"). A send with a message of 1 MiB or more, or 4 MiB in all, is
 * still gzipped, so that a large document stays within the topics' 16 MiB message limit as before.
 */
export function compressionFor(messages: readonly OutboundMessage[]): CompressionTypes {
  let total = 0;
  for (const m of messages) {
    const n = byteLength(m.value);
    if (n >= COMPRESS_FROM_BYTES.message) return CompressionTypes.GZIP;
    total += n;
  }
  return total >= COMPRESS_FROM_BYTES.send ? CompressionTypes.GZIP : CompressionTypes.None;
}

/**
 * Producer with acks from all in-sync replicas, idempotence and gzip for large sends only (see
 * {@link compressionFor}); `send` resolves only once the broker
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
    for (const m of messages) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: compressionFor(messages),
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
