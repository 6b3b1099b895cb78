import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { HEADER_TRACE_ID, readStageTimestamps, type StageName } from '@newsflow/contracts';
import type { ConsumerSnapshot, ConsumerState, StageMetrics } from '@newsflow/observability';
import { ChunkSender } from './chunk-sender.js';
import {
  DEFAULT_FETCH_MAX_BYTES,
  DEFAULT_FETCH_MAX_BYTES_PER_PARTITION,
  DEFAULT_MAX_CHUNK_MS,
  DEFAULT_SESSION_TIMEOUT_MS,
  DEFAULT_STREAM_BELOW_BACKLOG,
} from './config.js';
import { deadLetterFor } from './dead-letter.js';
import { errorCode, errorMessage, isDependencyOutage, isPermanent, outageReason } from './errors.js';
import { headersToStrings, propagateHeaders } from './headers.js';
import type {
  BatchControl,
  BatchFailure,
  BatchHandler,
  HandlerContext,
  InboundMessage,
  MessageHandler,
} from './message.types.js';
import type { KafkaProducerAdapter, OutboundMessage } from './producer.js';
import { sleep, within } from './sleep.js';

export type { BatchControl, BatchFailure, BatchHandler, HandlerContext, InboundMessage, MessageHandler };
export type RunnerStage = StageName;

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
  /** Messages processed between commits (at most). */
  chunkSize?: number;
  /**
   * Message handlers only: a chunk takes no new message once it has run this long (default
   * `DEFAULT_MAX_CHUNK_MS`), then its outputs are sent and its offsets committed. A chunk of an idle consumer is
   * whatever its fetch brought (it is sent as soon as it is handled); under a backlog, chunks are bounded by time as
   * well as by count, so that a slow handler does not hold every output of its chunk back (at ~100 ms a message on
   * a loaded machine, a chunk of 200 sent nothing for 20 s).
   */
  maxChunkMs?: number;
  /**
   * Messages of one chunk handled at once (message handlers only; default 1). Worth raising for handlers that wait
   * on I/O (clean waits on Redis); outputs and commits stay in offset order either way.
   */
  messageConcurrency?: number;
  /**
   * Message handlers only: while the partition has at most this many messages waiting behind the one just handled
   * (rest of the fetched batch plus lag; `backlogAfter`), its outputs are sent as soon as it is handled (one send in
   * flight at a time, see {@link ChunkSender}) instead of with the whole chunk; above it, a chunk's outputs go in one
   * send as before. Default `DEFAULT_STREAM_BELOW_BACKLOG` (-1: never streams).
   */
  streamBelowBacklog?: number;
  /** Partitions whose batches are handled at once (kafkajs `partitionsConsumedConcurrently`; default 3). */
  partitionsConsumedConcurrently?: number;
  /**
   * Consumer fetch bounds (kafkajs `maxBytes` / `maxBytesPerPartition`; defaults `DEFAULT_FETCH_MAX_BYTES` and
   * `DEFAULT_FETCH_MAX_BYTES_PER_PARTITION`): small fetches keep memory flat under a backlog; a single record larger
   * than these still arrives (KIP-74).
   */
  fetchMaxBytes?: number;
  fetchMaxBytesPerPartition?: number;
  fromBeginning?: boolean;
  /** Consumer session timeout (default `DEFAULT_SESSION_TIMEOUT_MS`, 10 s): a member silent this long is removed. */
  sessionTimeoutMs?: number;
}

/** Maps with at most `limit` calls in flight; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  return mapConcurrentWhile(items, limit, fn, () => true);
}

/**
 * As {@link mapConcurrent}, but items are taken in order only while `more()` is true (checked before each item
 * after the first): the result covers the prefix of `items` that was taken, all of it finished, in input order.
 */
export async function mapConcurrentWhile<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  more: () => boolean,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && (next === 0 || more())) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  results.length = next;
  return results;
}

/**
 * Messages of the batch's partition known to wait after its first `handled` messages: the rest of the batch plus the
 * partition's lag behind the high watermark the fetch saw (0 when kafkajs cannot tell).
 */
export function backlogAfter(
  batch: Pick<EachBatchPayload['batch'], 'messages' | 'offsetLag'>,
  handled: number,
): number {
  let lag = 0;
  try {
    lag = Number(batch.offsetLag());
  } catch {
    lag = 0;
  }
  return Math.max(0, batch.messages.length - handled) + (Number.isFinite(lag) && lag > 0 ? lag : 0);
}

/** Heartbeat interval of every stage consumer; the session timeout must be well above it (at least 2×). */
const HEARTBEAT_INTERVAL_MS = 3_000;
/** How often a chunk in progress offers a heartbeat (sent only when the interval has passed). */
const HEARTBEAT_TICK_MS = 1_000;

/** Lets timers and I/O callbacks (a send's answer, heartbeats) run before the next message is handled. */
const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

const withTimeout = async (p: Promise<unknown>, ms: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.catch(() => undefined),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  if (timer) clearTimeout(timer);
};

/**
 * Consumes one topic in a consumer group with manual commits: a chunk's offsets are committed only after
 * every output (and dead letter) of that chunk was acknowledged by Kafka. At-least-once, never lossy.
 *
 * It also supervises its kafkajs consumer, which can die in ways kafkajs does not recover from (a non-retriable
 * crash such as "Failed to find group coordinator" disconnects it for good): on such a crash, or when the
 * {@link ConsumerMonitor} sees no progress with lag, the runner throws the consumer away and builds a new one, with
 * backoff, until it joins again. Uncommitted work is redelivered to the new member. What it knows is in
 * {@link snapshot} for /health.
 */
export class StageRunner {
  private consumer: Consumer | undefined;
  /** Bumped for every new consumer: events and batches of an older one are ignored. */
  private generation = 0;
  private state: ConsumerState = 'starting';
  private shuttingDown = false;
  private generationStartedAt = Date.now();
  private joined = false;
  private assigned: number[] = [];
  private lastCommitAt = 0;
  private lastActivityAt = 0;
  private restarts = 0;
  private lastError: string | undefined;
  private failingSince = 0;
  /** Generation of the last consumer that crashed (a crash while joining does not throw from `run`). */
  private crashedGeneration = 0;
  private lag: number | null = null;
  private kafkaBlocked: string | undefined;
  private readonly blockedBy = new Map<symbol, string>();
  /** Handler calls running now, by token, with the time each started (health tells slow from wedged by it). */
  private readonly busy = new Map<symbol, number>();
  private restarting: Promise<void> | undefined;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly chunkSize: number;
  private readonly maxChunkMs: number;
  private readonly messageConcurrency: number;
  private readonly streamBelowBacklog: number;

  constructor(private readonly opts: StageRunnerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.retryBaseMs = opts.retryBaseMs ?? 200;
    this.chunkSize = opts.chunkSize ?? 200;
    this.maxChunkMs = opts.maxChunkMs ?? DEFAULT_MAX_CHUNK_MS;
    this.messageConcurrency = Math.max(1, opts.messageConcurrency ?? 1);
    this.streamBelowBacklog = opts.streamBelowBacklog ?? DEFAULT_STREAM_BELOW_BACKLOG;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** True while the runner itself is replacing its consumer (see {@link restartConsumer}). */
  get replacing(): boolean {
    return this.restarting !== undefined;
  }

  get groupId(): string {
    return this.opts.groupId;
  }

  get topic(): string {
    return this.opts.topic;
  }

  async start(): Promise<void> {
    await this.opts.producer.connect();
    await this.startConsumer();
    this.opts.logger.info({ topic: this.opts.topic, groupId: this.opts.groupId }, 'stage consumer started');
  }

  /** Stops consuming after the batch in flight is committed, then disconnects. */
  async stop(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await this.restarting?.catch(() => undefined);
    this.state = 'stopped';
    await this.consumer?.disconnect();
  }

  /**
   * Sends messages that answer no consumed message (the fetch stage's downloaded pages): the outputs and a dead letter
   * per failure, in one send, counted in the stage's metrics and logged exactly like the outputs of a chunk.
   */
  async publish(outputs: readonly OutboundMessage[], failures: readonly BatchFailure[] = []): Promise<void> {
    const all = [
      ...outputs,
      ...failures.map((f) => this.deadLetter(f.message, f.error, f.attempts, new Date())),
    ];
    if (all.length === 0) return;
    await this.opts.producer.send(all);
    this.countOutputs(all);
  }

  /** What health needs to judge the consumer (see `evaluateStageHealth`). */
  snapshot(): ConsumerSnapshot {
    const blocked = this.kafkaBlocked ?? this.blockedBy.values().next().value;
    return {
      group: this.opts.groupId,
      topic: this.opts.topic,
      state: this.state,
      shuttingDown: this.shuttingDown,
      startedAt: this.generationStartedAt,
      assigned: [...this.assigned],
      joined: this.joined,
      lag: this.lag,
      lastProgressAt: Math.max(this.lastCommitAt, this.lastActivityAt),
      lastCommitAt: this.lastCommitAt,
      restarts: this.restarts,
      lastError: this.lastError,
      blockedReason: blocked,
      failingSince: this.failingSince,
      busySince: this.busy.size > 0 ? Math.min(...this.busy.values()) : 0,
    };
  }

  /** Called by the monitor with the lag over this member's partitions, and whether Kafka answered at all. */
  observeLag(lag: number | null, kafkaError?: string): void {
    this.lag = lag;
    this.kafkaBlocked = kafkaError ? `Kafka did not answer the lag check: ${kafkaError}` : undefined;
    // While Kafka itself is unreachable, a failing consumer is waiting, not broken: its window starts once Kafka is back.
    if (kafkaError && this.failingSince > 0) this.failingSince = Date.now();
  }

  /** Committed offsets moved (seen by the monitor): counts as progress even if this process did not commit. */
  markProgress(at: number = Date.now()): void {
    this.lastActivityAt = Math.max(this.lastActivityAt, at);
  }

  /**
   * Replaces the kafkajs consumer with a new one (after any crash, or a stall). Retries with backoff (1 s doubling to
   * 10 s) until the new consumer runs or the stage stops. Concurrent calls share one restart.
   */
  restartConsumer(reason: string): Promise<void> {
    if (this.shuttingDown) return Promise.resolve();
    if (this.restarting) return this.restarting;
    const { logger, metrics, stage } = this.opts;
    this.restarts += 1;
    metrics?.consumerRestarts.inc({ stage, reason });
    this.state = 'restarting';
    if (this.failingSince === 0) this.failingSince = Date.now();
    logger.warn({ reason, restarts: this.restarts, lastError: this.lastError }, 'restarting stage consumer');
    this.restarting = (async () => {
      let delay = 1_000;
      while (!this.shuttingDown) {
        const old = this.consumer;
        this.generation += 1; // the old consumer's events and batches are ignored from here on
        if (old) await withTimeout(old.disconnect(), 10_000);
        await sleep(delay);
        if (this.shuttingDown) return;
        try {
          await this.startConsumer();
          // kafkajs reports a failed join through CRASH, not by throwing from run()
          if (this.crashedGeneration === this.generation)
            throw new Error(`crashed while joining: ${this.lastError ?? 'unknown error'}`);
          logger.info({ reason, restarts: this.restarts }, 'stage consumer restarted');
          return;
        } catch (err) {
          this.lastError = errorMessage(err);
          logger.error({ err: this.lastError, retryInMs: delay }, 'stage consumer restart failed');
          delay = Math.min(delay * 2, 10_000);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  private async startConsumer(): Promise<void> {
    this.generation += 1;
    const gen = this.generation;
    this.generationStartedAt = Date.now();
    this.joined = false;
    this.assigned = [];
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      maxBytesPerPartition: this.opts.fetchMaxBytesPerPartition ?? DEFAULT_FETCH_MAX_BYTES_PER_PARTITION,
      maxBytes: this.opts.fetchMaxBytes ?? DEFAULT_FETCH_MAX_BYTES,
      // How long the broker holds a fetch that finds nothing new. A fetch returns as soon as one record arrives, so
      // this bounds only the polling of an idle or drained topic: at 100 ms it cost each stage and the broker ~10
      // empty fetches a second, and more CPU per article under load (npm run bench:pipeline A/B, see BENCHMARKS).
      maxWaitTimeInMs: 1000,
      // Restarts are ours alone (see restartConsumer): two restart mechanisms racing left a second, idle member in
      // the group holding partitions after a broker restart.
      retry: { retries: 5, restartOnFailure: () => Promise.resolve(false) },
    });
    this.consumer = consumer;
    const { logger } = this.opts;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      if (gen !== this.generation) {
        // A replaced consumer that still got into the group (its join was in flight when it was replaced) would hold
        // partitions without processing them: make it leave as soon as its runner runs.
        logger.warn({ memberId: e.payload.memberId }, 'a replaced consumer joined the group; evicting it');
        setTimeout(() => void consumer.disconnect().catch(() => undefined), 100);
        return;
      }
      this.joined = true;
      this.assigned = [...(e.payload.memberAssignment[this.opts.topic] ?? [])].sort((a, b) => a - b);
      this.state = 'running';
      this.failingSince = 0;
      this.lastActivityAt = Date.now();
      logger.info({ memberId: e.payload.memberId, assigned: this.assigned }, 'joined consumer group');
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (gen !== this.generation) return;
      this.lastError = `${e.payload.error.name}: ${e.payload.error.message}`;
      this.joined = false;
      this.crashedGeneration = gen;
      logger.error({ err: this.lastError }, 'stage consumer crashed; replacing it');
      void this.restartConsumer('crash');
    });
    consumer.on(consumer.events.STOP, () => {
      if (gen !== this.generation || this.shuttingDown) return;
      this.joined = false;
    });
    if (this.state !== 'restarting') this.state = 'starting';
    // kafkajs retries a dead broker for a minute inside connect(); fail fast instead, the restart loop retries sooner
    await within(10_000, consumer.connect(), 'connecting the consumer');
    await consumer.subscribe({ topic: this.opts.topic, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.onBatch(consumer, gen, payload),
    });
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

  private async onBatch(consumer: Consumer, gen: number, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const live = () => gen === this.generation && payload.isRunning() && !payload.isStale();
    const { stage, metrics } = this.opts;
    if (gen !== this.generation) {
      // a replaced consumer fetching: it must not hold partitions (it cannot be awaited from inside its own batch)
      void consumer.disconnect().catch(() => undefined);
      return;
    }
    metrics?.batchSize.observe({ stage }, batch.messages.length);
    this.lastActivityAt = Date.now();
    // Heartbeats go on while a chunk is handled, sent and committed (kafkajs sends one only when the interval has
    // passed), so the session timeout bounds a silent process, not a chunk's duration: on a starved machine a chunk
    // can take longer than the session, and a member removed before its commit would redo the same chunk forever.
    // A heartbeat that fails here (a rebalance) is raised again by the heartbeat after the chunk. A wedged chunk is
    // the monitor's to judge (stalled): once it replaces this consumer the ticker stops, so the old member's session
    // expires and cannot hold the partitions.
    const ticker = setInterval(() => {
      if (live()) void heartbeat().catch(() => undefined);
      else clearInterval(ticker);
    }, HEARTBEAT_TICK_MS);
    ticker.unref();
    try {
      await this.handleChunks(consumer, gen, payload, live);
    } finally {
      clearInterval(ticker);
    }
  }

  private async handleChunks(
    consumer: Consumer,
    gen: number,
    payload: EachBatchPayload,
    live: () => boolean,
  ): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const { stage, metrics } = this.opts;
    for (let i = 0; i < batch.messages.length;) {
      if (!live()) return;
      const candidates = batch.messages.slice(i, i + this.chunkSize);
      let chunk: InboundMessage[];
      if (this.opts.handler.kind === 'message') {
        const handle = this.opts.handler.handle;
        const closeAt = Date.now() + this.maxChunkMs;
        const taken: InboundMessage[] = [];
        // Outputs leave while the chunk is handled when the partition is nearly caught up (see ChunkSender), in
        // input order whatever order the handlers finished in; the offsets are committed after all were acknowledged.
        const sender = new ChunkSender(this.opts.producer, (sent) => this.countOutputs(sent));
        const first = i;
        await mapConcurrentWhile(
          candidates,
          this.messageConcurrency,
          async (m) => {
            const message = this.toInbound(batch, m);
            const position = taken.length;
            taken.push(message);
            const outs = await this.handleOne(handle, message, heartbeat, live);
            sender.done(position, outs, backlogAfter(batch, first + position + 1) <= this.streamBelowBacklog);
            // A handler that never waits on I/O (classify) would otherwise keep the loop from reading the send's
            // answer (and from starting the next send) until the chunk ends.
            if (sender.sending) await yieldToEventLoop();
          },
          () => Date.now() < closeAt,
        );
        // Workers take the next message synchronously, so `taken` is the chunk's prefix in offset order.
        chunk = taken;
        metrics?.messagesIn.inc({ stage, topic: batch.topic }, chunk.length);
        i += chunk.length;
        await sender.finish(chunk.length);
      } else {
        chunk = candidates.map((m) => this.toInbound(batch, m));
        metrics?.messagesIn.inc({ stage, topic: batch.topic }, chunk.length);
        const started = process.hrtime.bigint();
        const token = Symbol('batch');
        this.busy.set(token, Date.now());
        let res: Awaited<ReturnType<typeof this.opts.handler.handle>>;
        try {
          res = await this.opts.handler.handle(chunk, {
            logger: this.opts.logger,
            heartbeat,
            pause: () => payload.pause(),
            isRunning: live,
            backlog: backlogAfter(batch, i + chunk.length),
            blocked: (reason) => {
              if (reason) this.blockedBy.set(token, reason);
              else this.blockedBy.delete(token);
            },
          });
        } finally {
          // Also when the handler throws before returning a promise: a token left behind would pin busySince.
          this.blockedBy.delete(token);
          this.busy.delete(token);
        }
        metrics?.processingSeconds.observe(
          { stage },
          Number(process.hrtime.bigint() - started) / 1e9 / chunk.length,
        );
        const outputs: OutboundMessage[] = [];
        const byKey = new Map<string, InboundMessage>();
        for (const m of chunk) if (m.key !== undefined && !byKey.has(m.key)) byKey.set(m.key, m);
        outputs.push(...res.outputs.map((o) => this.withHeaders(chunk, byKey, o)));
        for (const f of res.failures)
          outputs.push(this.deadLetter(f.message, f.error, f.attempts, new Date()));
        i += chunk.length;
        await this.opts.producer.send(outputs);
        this.countOutputs(outputs);
      }
      const last = chunk[chunk.length - 1];
      if (!last) continue;
      if (gen !== this.generation) return; // replaced meanwhile: the new member redelivers this chunk
      for (const m of chunk) payload.resolveOffset(m.offset);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      this.lastCommitAt = Date.now();
      metrics?.lastProgress.set({ stage }, this.lastCommitAt / 1000);
      await heartbeat();
    }
  }

  private withHeaders(
    chunk: InboundMessage[],
    byKey: ReadonlyMap<string, InboundMessage>,
    out: OutboundMessage,
  ): OutboundMessage {
    // Batch outputs are matched to their input (the first with the same key) to carry trace headers.
    const input = (out.key !== undefined ? byKey.get(out.key) : undefined) ?? chunk[0];
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
    live: () => boolean,
  ): Promise<OutboundMessage[]> {
    const { stage, metrics } = this.opts;
    const logger = this.opts.logger.child({
      traceId: message.headers[HEADER_TRACE_ID],
      offset: message.offset,
      partition: message.partition,
    });
    let firstFailureAt: Date | undefined;
    let outageRounds = 0;
    const token = Symbol('message');
    try {
      for (let attempt = 1; ;) {
        const started = process.hrtime.bigint();
        metrics?.inFlight.inc({ stage });
        this.busy.set(token, Date.now());
        try {
          const outs = await handle(message, { attempt, logger });
          metrics?.processingSeconds.observe({ stage }, Number(process.hrtime.bigint() - started) / 1e9);
          this.lastActivityAt = Date.now();
          return outs.map((o) => ({ ...o, headers: propagateHeaders(message.headers, o.headers, stage) }));
        } catch (err) {
          metrics?.messagesFailed.inc({ stage, reason: errorCode(err) });
          if (!isPermanent(err) && isDependencyOutage(err)) {
            // Not the message's fault: wait for the server without limit (nothing is committed meanwhile).
            if (!live()) throw err;
            outageRounds += 1;
            this.blockedBy.set(token, outageReason(err));
            if (outageRounds === 1 || outageRounds % 10 === 0)
              logger.warn({ rounds: outageRounds }, `dependency outage, waiting: ${errorMessage(err)}`);
            await sleep(Math.min(this.retryBaseMs * 2 ** Math.min(outageRounds - 1, 8), 5_000));
            await heartbeat();
            continue;
          }
          firstFailureAt ??= new Date();
          if (isPermanent(err) || attempt >= this.maxAttempts)
            return [this.deadLetter(message, err, attempt, firstFailureAt)];
          metrics?.retries.inc({ stage });
          logger.warn({ attempt, code: errorCode(err) }, `transient failure, retrying: ${errorMessage(err)}`);
          await sleep(Math.min(this.retryBaseMs * 2 ** (attempt - 1), 5_000));
          await heartbeat();
          attempt += 1;
        } finally {
          metrics?.inFlight.dec({ stage });
          this.busy.delete(token);
        }
      }
    } finally {
      this.blockedBy.delete(token);
    }
  }
}
