import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { DLQ_TOPIC, HEADER_DUMP_ID, parseTopicPayload, prefixed, type DeadLetter } from '@newsflow/contracts';
import { KafkaProducerAdapter, errorMessage } from '@newsflow/messaging';
import type { Logger } from 'pino';

/** A dead letter as the dashboard shows it: where it sits in the DLQ, why it failed, not its payload. */
export interface DeadLetterView {
  partition: number;
  offset: string;
  stage: DeadLetter['stage'];
  code: string;
  message: string;
  attempts: number;
  at: string;
  originalTopic: string;
  dumpId: string | null;
  payloadBytes: number;
  replayedAt?: string;
}

/** Replays are marked with this header so a replayed message can be told from a fresh one. */
export const REPLAYED_HEADER = 'newsflow-replayed-from-dlq';

/**
 * Tails the dead-letter topic (the last `keep` records per partition at start, then every new one) in the gateway,
 * so the dashboard shows the latest dead letters without reading the whole topic per request, and replays one to
 * its original topic with its original key, bytes and headers. The consumer group is private to this process and
 * commits nothing (Kafka forgets it once it leaves).
 */
export class DeadLetterFeedAdapter {
  private consumer: Consumer | undefined;
  private readonly producer: KafkaProducerAdapter;
  private readonly records: Array<{ view: DeadLetterView; record: DeadLetter }> = [];
  private lastError: string | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly keep = 50,
  ) {
    this.producer = new KafkaProducerAdapter(kafka, '');
  }

  get topic(): string {
    return prefixed(this.prefix, DLQ_TOPIC);
  }

  /** Starts tailing in the background; Kafka being down is retried, never thrown. */
  start(): void {
    void this.run().catch((err: unknown) => {
      this.lastError = errorMessage(err);
      this.logger.warn({ err: this.lastError }, 'dead-letter feed not running; retrying in 10 s');
      this.consumer = undefined;
      setTimeout(() => this.start(), 10_000).unref();
    });
  }

  private async run(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    let starts: Array<{ partition: number; offset: string }> = [];
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(this.topic)) throw new Error(`topic ${this.topic} does not exist yet`);
      const offsets = await admin.fetchTopicOffsets(this.topic);
      starts = offsets.map((o) => ({
        partition: o.partition,
        offset: String(Math.max(Number(o.low), Number(o.high) - this.keep)),
      }));
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: prefixed(this.prefix, `newsflow-gateway-dlq-view-${randomUUID()}`),
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let seeked = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (seeked) return;
      seeked = true;
      for (const s of starts) consumer.seek({ topic: this.topic, partition: s.partition, offset: s.offset });
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        if (message.value) this.add(partition, message.offset, message.value);
        return Promise.resolve();
      },
    });
    this.lastError = undefined;
  }

  private add(partition: number, offset: string, value: Buffer): void {
    const r = parseTopicPayload(DLQ_TOPIC, value);
    if (!r.ok) return;
    const d = r.value;
    if (this.records.some((x) => x.view.partition === partition && x.view.offset === offset)) return;
    this.records.push({
      record: d,
      view: {
        partition,
        offset,
        stage: d.stage,
        code: d.errorCode,
        message: d.errorMessage,
        attempts: d.attempts,
        at: d.lastFailureAt,
        originalTopic: d.originalTopic,
        dumpId: d.originalHeaders[HEADER_DUMP_ID] ?? d.originalKey ?? null,
        payloadBytes: Math.floor((d.originalPayloadBase64.length * 3) / 4),
      },
    });
    this.records.sort((a, b) => b.view.at.localeCompare(a.view.at));
    this.records.splice(this.keep * 4);
  }

  latest(limit = 20): { records: DeadLetterView[]; error?: string } {
    return {
      records: this.records.slice(0, limit).map((r) => r.view),
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  /** Re-produces one dead letter to its original topic; undefined when it is not among the records kept. */
  async replay(partition: number, offset: string): Promise<DeadLetterView | undefined> {
    const found = this.records.find((r) => r.view.partition === partition && r.view.offset === offset);
    if (!found) return undefined;
    const r = found.record;
    await this.producer.connect();
    await this.producer.send([
      {
        topic: r.originalTopic,
        ...(r.originalKey !== undefined ? { key: r.originalKey } : {}),
        value: Buffer.from(r.originalPayloadBase64, 'base64'),
        headers: { ...r.originalHeaders, [REPLAYED_HEADER]: r.lastFailureAt },
      },
    ]);
    found.view.replayedAt = new Date().toISOString();
    return found.view;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer.disconnect()]);
  }
}
