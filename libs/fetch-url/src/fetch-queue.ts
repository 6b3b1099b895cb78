import { createHash } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DumpFormat, FallbackDocument } from '@newsflow/extract';
import type { FetchFailureCode, UrlFetcher } from './http-fetcher.js';
import { RedisHostSemaphore } from './host-semaphore.js';

/** Job data of one URL to fetch. Trace and dump ids travel here, never in the fetched payload. */
export interface FetchJobData {
  url: string;
  dumpId: string;
  traceId: string;
  source?: string;
  /** When the dump that named this URL was received (ISO), and its ingest time (epoch ms): carried to the raw document. */
  receivedAt?: string;
  ingestTs?: number;
  /** Position of this URL's document in its dump. */
  docIndex?: number;
  /** 0 for URLs named by a dump, 1 for links found in a fetched feed (which are not followed further). */
  depth?: number;
  /** What the dump said inline about this URL (a feed item's description): published if the download fails. */
  fallback?: { format: DumpFormat; document: FallbackDocument };
  /** 1-based attempt number, updated by the worker when an attempt starts. */
  attempt: number;
}

/** Delivered once per URL, after its successful attempt or its final failed one. */
export type FetchOutcome =
  | {
      ok: true;
      job: FetchJobData;
      attempts: number;
      status: number;
      finalUrl: string;
      contentType: string;
      bytes: Uint8Array;
      fetchedAt: string;
    }
  | {
      ok: false;
      job: FetchJobData;
      attempts: number;
      code: FetchFailureCode;
      message: string;
      status?: number;
    };

/**
 * Receives fetch outcomes (the Kafka side publishes them). If it throws on a success the URL is fetched again
 * on the next attempt (at-least-once); if it throws on the final failure the job ends failed in BullMQ.
 */
export type FetchOutcomeHandler = (outcome: FetchOutcome) => Promise<void>;

/** Minimal logger shape (pino's) so the adapter can log without depending on a logging library. */
export interface FetchQueueLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Configuration of {@link FetchQueueAdapter}. Only `connection` is required. */
export interface FetchQueueConfig {
  /** Redis connection (ioredis/BullMQ options; `tls: {}` for `rediss://`). */
  connection: {
    host: string;
    port: number;
    db?: number;
    password?: string;
    username?: string;
    tls?: Record<string, never>;
  };
  /** BullMQ queue name; frozen once released (tests use unique names). */
  queueName?: string;
  /** BullMQ key prefix (default `bull`). */
  prefix?: string;
  /** Jobs processed at once by this worker (default 8). */
  concurrency?: number;
  /** Attempts per URL, first included (default 4). Only retryable failures use more than one. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, with jitter (default 1000 ms). */
  backoffMs?: number;
  /** Fetches in flight per host across all workers (default 2). */
  perHostConcurrency?: number;
  /** How long a host permit survives a crashed worker (default 60 s; keep above the fetch timeout). */
  hostLeaseMs?: number;
  /** Delay before a job that found its host busy is tried again (default 250 ms, plus jitter). */
  hostBusyDelayMs?: number;
  /** Global rate limit of this queue across workers (BullMQ limiter): at most `max` jobs per `durationMs`. */
  rateLimit?: { max: number; durationMs: number };
}

export const DEFAULT_FETCH_QUEUE_NAME = 'newsflow-fetch-url-v1';

/** Job ids are deterministic so a redelivered ingest message cannot queue the same URL twice while it is in flight. */
export function fetchJobId(dumpId: string, url: string): string {
  return createHash('sha256').update(`${dumpId}\n${url}`).digest('hex').slice(0, 32);
}

/** The per-host semaphore's key: the URL's host with its port, lower-case (not a source name: `www.` is kept). */
function semaphoreHost(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * BullMQ queue and worker for URL fetch jobs: per-host concurrency through a Redis semaphore, optional global
 * rate limit, exponential backoff retries for retryable failures only (others fail at once with their code),
 * and one call of the outcome handler per URL. Producer-only processes call {@link enqueue} and never
 * {@link startWorker}.
 */
export class FetchQueueAdapter {
  readonly queueName: string;
  private readonly queue: Queue<FetchJobData>;
  private readonly connection: ConnectionOptions;
  private readonly redis: Redis;
  private readonly semaphore: RedisHostSemaphore;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly hostBusyDelayMs: number;
  private worker: Worker<FetchJobData> | undefined;

  constructor(
    private readonly config: FetchQueueConfig,
    private readonly fetcher: UrlFetcher,
    private readonly handler: FetchOutcomeHandler,
    private readonly logger?: FetchQueueLogger,
  ) {
    this.queueName = config.queueName ?? DEFAULT_FETCH_QUEUE_NAME;
    const prefix = config.prefix ?? 'bull';
    // BullMQ workers need maxRetriesPerRequest: null (blocking commands must not time out into errors).
    this.connection = { ...config.connection, maxRetriesPerRequest: null };
    // The producer side must fail fast while Redis is down (the stage then waits it out as `blocked`), not hang.
    this.queue = new Queue<FetchJobData>(this.queueName, {
      connection: { ...config.connection, maxRetriesPerRequest: 3 },
      prefix,
    });
    this.redis = new Redis({ ...config.connection, maxRetriesPerRequest: 3, lazyConnect: false });
    this.semaphore = new RedisHostSemaphore(
      this.redis,
      `${prefix}:${this.queueName}`,
      config.perHostConcurrency ?? 2,
      config.hostLeaseMs ?? 60_000,
    );
    this.maxAttempts = config.maxAttempts ?? 4;
    this.backoffMs = config.backoffMs ?? 1000;
    this.hostBusyDelayMs = config.hostBusyDelayMs ?? 250;
  }

  /** Queues one URL; returns its job id. Enqueuing the same dump id and URL again while it is queued is a no-op. */
  async enqueue(data: Omit<FetchJobData, 'attempt'>, opts: { jobId?: string } = {}): Promise<string> {
    const [id] = await this.enqueueMany([data], opts.jobId ? [opts.jobId] : undefined);
    return id!;
  }

  /** Queues many URLs in one round trip. */
  async enqueueMany(
    items: ReadonlyArray<Omit<FetchJobData, 'attempt'>>,
    jobIds?: readonly string[],
  ): Promise<string[]> {
    const jobs = items.map((data, i) => ({
      name: 'fetch-url',
      data: { ...data, attempt: 1 },
      opts: {
        jobId: jobIds?.[i] ?? fetchJobId(data.dumpId, data.url),
        attempts: this.maxAttempts,
        backoff: { type: 'exponential' as const, delay: this.backoffMs, jitter: 0.5 },
        // The outcome handler has the result; Redis keeps only work in flight.
        removeOnComplete: true,
        removeOnFail: true,
      },
    }));
    const added = await this.queue.addBulk(jobs);
    return added.map((j) => j.id ?? '');
  }

  /** Starts consuming (idempotent). */
  startWorker(): void {
    if (this.worker) return;
    this.worker = new Worker<FetchJobData>(this.queueName, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.config.prefix ?? 'bull',
      concurrency: this.config.concurrency ?? 8,
      ...(this.config.rateLimit
        ? { limiter: { max: this.config.rateLimit.max, duration: this.config.rateLimit.durationMs } }
        : {}),
    });
    this.worker.on('error', (err) =>
      this.logger?.error({ err, queue: this.queueName }, 'fetch worker error'),
    );
  }

  private async process(
    job: Job<FetchJobData>,
    token: string | undefined,
  ): Promise<{ status: number; bytes: number } | undefined> {
    const attempt = job.attemptsMade + 1;
    const host = semaphoreHost(job.data.url);
    const holder = `${job.id ?? job.data.url}#${attempt}`;
    if (host !== undefined && !(await this.semaphore.tryAcquire(host, holder))) {
      // Host full: park the job without using an attempt, and free this worker slot for other hosts.
      const delay = this.hostBusyDelayMs + Math.floor(Math.random() * this.hostBusyDelayMs);
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    let result;
    try {
      if (job.data.attempt !== attempt) await job.updateData({ ...job.data, attempt });
      result = await this.fetcher.fetch(job.data.url);
    } finally {
      if (host !== undefined) await this.semaphore.release(host, holder);
    }
    const data = { ...job.data, attempt };
    if (result.ok) {
      await this.handler({
        ok: true,
        job: data,
        attempts: attempt,
        status: result.status,
        finalUrl: result.finalUrl,
        contentType: result.contentType,
        bytes: result.bytes,
        fetchedAt: result.fetchedAt,
      });
      return { status: result.status, bytes: result.bytes.length };
    }
    const final = !result.retryable || attempt >= this.maxAttempts;
    const reason = `${result.code}: ${result.message}`;
    if (!final) throw new Error(reason); // BullMQ schedules the next attempt with backoff
    try {
      await this.handler({
        ok: false,
        job: data,
        attempts: attempt,
        code: result.code,
        message: result.message,
        ...(result.status !== undefined ? { status: result.status } : {}),
      });
    } catch (err) {
      this.logger?.error(
        { err, url: job.data.url, traceId: job.data.traceId },
        'fetch outcome handler failed on a final failure',
      );
      throw err;
    }
    throw new UnrecoverableError(reason);
  }

  /** Queue depths, for metrics and the dashboard. */
  async counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    };
  }

  /** Deletes the queue and all its jobs (tests, and `newsflow` reset commands). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  /** Lets in-flight jobs finish, then closes every Redis connection. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.redis.quit();
  }
}
