import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { HEADER_TRACE_ID, readStageTimestamps } from '@newsflow/contracts';
import type { StageMetrics } from '@newsflow/observability';
import { deadLetterFor } from './dead-letter.js';
import { errorCode, errorMessage, isPermanent } from './errors.js';
import { headersToStrings, propagateHeaders } from './headers.js';
import type { KafkaProducerAdapter, OutboundMessage } from './producer.js';

export type RunnerStage = 'fetch' | 'clean' | 'classify' | 'index';

/** A consumed message with string headers. `value` is the raw bytes (empty buffer for a tombstone). */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: string;
}

export interface HandlerContext {
  attempt: number;
  logger: Logger;
}

/** Per-message handler: returns the messages to produce. Throw PermanentError for bad input, anything else is retried. */
export type MessageHandler = (message: InboundMessage, ctx: HandlerContext) => Promise<OutboundMessage[]>;

export interface BatchFailure {
  message: InboundMessage;
  error: unknown;
  attempts: number;
}

/**
 * Batch handler (the index stage): handles a chunk at once and returns outputs plus the messages that failed
 * permanently. It must itself retry transient failures (with `ctx.heartbeat` while waiting) or throw, in which
 * case nothing of the chunk is committed and kafkajs redelivers it.
 */
export type BatchHandler = (
  messages: InboundMessage[],
  ctx: { logger: Logger; heartbeat: () => Promise<void>; pause: () => () => void; isRunning: () => boolean },
) => Promise<{ outputs: OutboundMessage[]; failures: BatchFailure[] }>;

export interface StageRunnerOptions {
  stage: RunnerStage;
  groupId: string;
  /** Physical topic name (already prefixed). */
  topic: string;
  kafka: Kafka;
  producer: KafkaProducerAdapter;
  logger: Logger;
  metrics?: StageMetrics | undefined;
  handler: { kind: 'message'; handle: MessageHandler } | { kind: 'batch'; handle: BatchHandler };
  /** Attempts per message before it is dead-lettered (transient errors only; permanent ones go at once). */
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Messages processed between commits. */
  chunkSize?: number;
  /**
   * Messages of one chunk handled at once (message handlers only; default 1). Worth raising for handlers that wait
   * on I/O (clean waits on Redis); outputs and commits stay in offset order either way.
   */
  messageConcurrency?: number;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Maps with at most `limit` calls in flight; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Consumes one topic in a consumer group with manual commits: a chunk's offsets are committed only after
 * every output (and dead letter) of that chunk was acknowledged by Kafka. At-least-once, never lossy.
 */
export class StageRunner {
  private readonly consumer: Consumer;
  private running = false;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly chunkSize: number;
  private readonly messageConcurrency: number;

  constructor(private readonly opts: StageRunnerOptions) {
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Small fetches keep memory flat under a backlog; a single record larger than these still arrives (KIP-74).
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.retryBaseMs = opts.retryBaseMs ?? 200;
    this.chunkSize = opts.chunkSize ?? 200;
    this.messageConcurrency = Math.max(1, opts.messageConcurrency ?? 1);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.opts.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.opts.topic, fromBeginning: this.opts.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.opts.logger.info({ topic: this.opts.topic, groupId: this.opts.groupId }, 'stage consumer started');
  }

  /** Stops consuming after the batch in flight is committed, then disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }

  private toInbound(
    batch: EachBatchPayload['batch'],
    m: EachBatchPayload['batch']['messages'][number],
  ): InboundMessage {
    return {
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ? m.key.toString('utf8') : undefined,
      value: m.value ?? Buffer.alloc(0),
      headers: headersToStrings(m.headers),
      timestamp: m.timestamp,
    };
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const isRunning = () => payload.isRunning();
    const isStale = () => payload.isStale();
    const pause = () => payload.pause();
    const { stage, metrics } = this.opts;
    metrics?.batchSize.observe({ stage }, batch.messages.length);
    for (let i = 0; i < batch.messages.length; i += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + this.chunkSize).map((m) => this.toInbound(batch, m));
      metrics?.messagesIn.inc({ stage, topic: batch.topic }, chunk.length);
      const outputs: OutboundMessage[] = [];
      if (this.opts.handler.kind === 'message') {
        const handle = this.opts.handler.handle;
        const results = await mapConcurrent(chunk, this.messageConcurrency, (message) =>
          this.handleOne(handle, message, heartbeat),
        );
        // Outputs keep the input order, whatever order the handlers finished in.
        for (const r of results) outputs.push(...r);
      } else {
        const started = process.hrtime.bigint();
        const res = await this.opts.handler.handle(chunk, {
          logger: this.opts.logger,
          heartbeat,
          pause,
          isRunning: () => isRunning() && !isStale(),
        });
        metrics?.processingSeconds.observe(
          { stage },
          Number(process.hrtime.bigint() - started) / 1e9 / chunk.length,
        );
        outputs.push(...res.outputs.map((o) => this.withHeaders(chunk, o)));
        for (const f of res.failures)
          outputs.push(this.deadLetter(f.message, f.error, f.attempts, new Date()));
      }
      await this.opts.producer.send(outputs);
      this.countOutputs(outputs);
      const last = chunk[chunk.length - 1];
      if (!last) continue;
      for (const m of chunk) payload.resolveOffset(m.offset);
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await heartbeat();
    }
  }

  private withHeaders(chunk: InboundMessage[], out: OutboundMessage): OutboundMessage {
    // Batch outputs are matched to their input by key to carry trace headers.
    const input = chunk.find((m) => m.key !== undefined && m.key === out.key) ?? chunk[0];
    return { ...out, headers: propagateHeaders(input?.headers ?? {}, out.headers, this.opts.stage) };
  }

  private countOutputs(outputs: OutboundMessage[]): void {
    const { stage, metrics } = this.opts;
    if (!metrics) return;
    const now = Date.now();
    for (const o of outputs) {
      metrics.messagesOut.inc({ stage, topic: o.topic });
      const ingestTs = readStageTimestamps(o.headers).ingest;
      if (ingestTs && o.topic !== 'news.dlq.v1')
        metrics.endToEndSeconds.observe({ stage }, (now - ingestTs) / 1000);
    }
  }

  private deadLetter(
    message: InboundMessage,
    err: unknown,
    attempts: number,
    firstFailureAt: Date,
  ): OutboundMessage {
    const { stage, metrics, logger } = this.opts;
    const code = errorCode(err);
    metrics?.deadLetters.inc({ stage, code });
    logger.warn(
      {
        traceId: message.headers[HEADER_TRACE_ID],
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        code,
        attempts,
      },
      `dead-lettering message: ${errorMessage(err)}`,
    );
    return deadLetterFor(stage, message, err, attempts, firstFailureAt);
  }

  private async handleOne(
    handle: MessageHandler,
    message: InboundMessage,
    heartbeat: () => Promise<void>,
  ): Promise<OutboundMessage[]> {
    const { stage, metrics } = this.opts;
    const logger = this.opts.logger.child({
      traceId: message.headers[HEADER_TRACE_ID],
      offset: message.offset,
      partition: message.partition,
    });
    let firstFailureAt: Date | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const started = process.hrtime.bigint();
      metrics?.inFlight.inc({ stage });
      try {
        const outs = await handle(message, { attempt, logger });
        metrics?.processingSeconds.observe({ stage }, Number(process.hrtime.bigint() - started) / 1e9);
        return outs.map((o) => ({ ...o, headers: propagateHeaders(message.headers, o.headers, stage) }));
      } catch (err) {
        firstFailureAt ??= new Date();
        metrics?.messagesFailed.inc({ stage, reason: errorCode(err) });
        if (isPermanent(err) || attempt >= this.maxAttempts)
          return [this.deadLetter(message, err, attempt, firstFailureAt)];
        metrics?.retries.inc({ stage });
        logger.warn({ attempt, code: errorCode(err) }, `transient failure, retrying: ${errorMessage(err)}`);
        await sleep(Math.min(this.retryBaseMs * 2 ** (attempt - 1), 5_000));
        await heartbeat();
      } finally {
        metrics?.inFlight.dec({ stage });
      }
    }
  }
}
