import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Client } from '@opensearch-project/opensearch';
import {
  ReindexError,
  reindexTaskState,
  startReindexCopy,
  switchToReindexed,
  type ReindexCopy,
  type ReindexProgress,
  type ReindexTaskState,
} from './reindex.js';
import { ReindexJobStore, type ReindexJob, type VersionedReindexJob } from './reindex-jobs.js';

/** The OpenSearch side of a shared reindex: the steps of {@link reindexArticles} on one alias and its job document. */
export interface ReindexRunnerOps {
  readonly alias: string;
  readonly reindexJobs: Pick<ReindexJobStore, 'read' | 'write'>;
  startReindexCopy(opts: { settleMs?: number; requestsPerSecond?: number }): Promise<ReindexCopy>;
  reindexTaskState(taskId: string): Promise<ReindexTaskState | undefined>;
  switchToReindexed(copy: ReindexCopy): Promise<void>;
}

/** {@link ReindexRunnerOps} on a client: the articles `alias` and the job documents in `jobsIndex`. */
export function reindexRunnerOps(client: Client, alias: string, jobsIndex: string): ReindexRunnerOps {
  return {
    alias,
    reindexJobs: new ReindexJobStore(client, jobsIndex),
    startReindexCopy: (opts) => startReindexCopy(client, alias, opts),
    reindexTaskState: (taskId) => reindexTaskState(client, taskId),
    switchToReindexed: (copy) => switchToReindexed(client, copy),
  };
}

/** What the runner logs (pino's Logger fits). */
export interface ReindexLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const quiet: ReindexLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ReindexRunnerOptions {
  /**
   * Who drives (written as the job's `owner`), e.g. `gateway:host:pid:random` or `cli:host:pid:random`; default
   * `host:pid:random`.
   */
  owner?: string;
  /**
   * Heartbeat lease: the owner renews the job every third of it and writes it into the job, and an observer that
   * sees the same job version for longer than the job's lease takes the job over (default 30 s).
   */
  leaseMs?: number;
  /** Copy task poll interval (default 500 ms). */
  pollMs?: number;
  /** Wait for in-flight writes before the copy (default 1 s, see startReindexCopy). */
  settleMs?: number;
  /** Copy throttle in documents per second (default: none). */
  requestsPerSecond?: number;
  /** Milliseconds on a monotonic clock (default `performance.now`); only ever compared with itself. */
  clock?: () => number;
  /** Wall-clock time written into the job (default `new Date()`). */
  wallClock?: () => Date;
  logger?: ReindexLogger;
  /** This process starts driving `job` (a new one, or one taken over from `takenOverFrom`); before any progress. */
  onDrive?: (job: ReindexJob, takenOverFrom?: string) => void;
  /** Each poll of the copy task this process drives. */
  onProgress?: (progress: ReindexProgress, job: ReindexJob) => void;
}

/** How a driven job ended for this process. */
export type ReindexOutcome =
  | { state: 'done'; job: ReindexJob }
  | { state: 'failed'; job: ReindexJob; error: string }
  /** Another process wrote the job (took it over after this one's lease ran out): it no longer drives it. */
  | { state: 'lost'; job: ReindexJob }
  /** {@link ReindexJobRunner.stop} was called: the job is left to its lease (the copy task runs on). */
  | { state: 'stopped'; job: ReindexJob };

/** A job this process drives: `finished` settles (never rejects) when it ends for this process. */
export interface DrivenReindex {
  job: ReindexJob;
  finished: Promise<ReindexOutcome>;
  /** The previous owner, when this process took a running job over. */
  takenOverFrom?: string;
}

/** A reindex of the alias is already running under another owner. */
export class ReindexBusyError extends Error {
  readonly code = 'reindex_busy';

  constructor(
    readonly job: ReindexJob | undefined,
    alias: string,
  ) {
    super(
      job
        ? `a reindex of ${alias} is already running since ${job.startedAt} (driven by ${job.owner}` +
            `${job.taskId ? `, task ${job.taskId}` : ''}, last heartbeat ${job.heartbeatAt})`
        : `another process started a reindex of ${alias} first`,
    );
  }
}

/** Another process wrote the job document: this one no longer owns the job. */
class LostOwnership extends Error {}

/**
 * Drives reindex jobs of one alias, one at a time across every process sharing the job document (gateway
 * instances, `newsflow reindex`). Every write to the document is a compare-and-set on its sequence number:
 * - {@link start} succeeds only for the process whose write lands first; while a job runs it throws
 *   {@link ReindexBusyError} naming the owner;
 * - the owner renews `heartbeatAt` every lease / 3 and records the phase, the copy task id and the progress;
 * - an observer (a gateway's {@link watch}, a {@link current} read, a {@link start}) that has seen the same version
 *   of a running job for longer than its lease (measured on its own clock only: no comparison of two hosts' clocks)
 *   takes the job over; the new owner follows the same OpenSearch task (it ran on meanwhile) and switches the alias
 *   when it completes (the switch is idempotent).
 */
export class ReindexJobRunner {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly clock: () => number;
  private readonly wallClock: () => Date;
  private readonly logger: ReindexLogger;
  /** The job this process drives, at the version it last wrote. */
  private mine: VersionedReindexJob | undefined;
  /** The copy task's progress as last polled by this process (written with the next heartbeat). */
  private polled: ReindexProgress | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private watcher: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  /** The job document version this process last saw, and when it first saw it (see isStale). */
  private seen: { seqNo: number; primaryTerm: number; at: number } | undefined;

  constructor(
    private readonly ops: ReindexRunnerOps,
    private readonly opts: ReindexRunnerOptions = {},
  ) {
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.clock = opts.clock ?? (() => performance.now());
    this.wallClock = opts.wallClock ?? (() => new Date());
    this.logger = opts.logger ?? quiet;
  }

  get alias(): string {
    return this.ops.alias;
  }

  /** The job document of the alias, or undefined if no reindex ever ran. */
  read(): Promise<VersionedReindexJob | undefined> {
    return this.ops.reindexJobs.read(this.ops.alias);
  }

  /**
   * True once this process has seen the same version of a running job's document for longer than the job's lease:
   * its owner has not renewed its heartbeat.
   */
  isStale(v: VersionedReindexJob): boolean {
    const now = this.clock();
    const seen = this.seen;
    if (seen && seen.seqNo === v.seqNo && seen.primaryTerm === v.primaryTerm)
      return now - seen.at > (v.job.leaseMs ?? this.leaseMs);
    this.seen = { seqNo: v.seqNo, primaryTerm: v.primaryTerm, at: now };
    return false;
  }

  /**
   * The running or last job of the alias (undefined: none ever ran), with the copy task's live progress while it
   * runs. Takes over a running job whose owner stopped renewing its heartbeat.
   */
  async current(): Promise<ReindexJob | undefined> {
    const v = await this.read();
    if (!v) return undefined;
    const job = { ...v.job };
    if (job.state === 'running') {
      if (this.isStale(v)) void this.takeOver(v);
      if (job.taskId && this.mine?.job.taskId !== job.taskId) {
        const t = await this.ops.reindexTaskState(job.taskId).catch(() => undefined);
        if (t) job.progress = t.progress;
      } else if (this.polled) job.progress = this.polled;
    }
    return job;
  }

  /**
   * Starts a reindex of the alias and drives it in the background; `finished` settles (never rejects) when it ends
   * for this process. Throws {@link ReindexBusyError} while another owner's job runs. A running job whose owner died
   * before it started the copy leaves nothing running: a new start resumes its work. A job whose owner died later
   * is taken over (this process follows its copy task) when `takeOverStale`, and otherwise left to a watcher.
   */
  async start(opts: { takeOverStale?: boolean } = {}): Promise<DrivenReindex> {
    const alias = this.ops.alias;
    const prev = await this.read();
    if (prev?.job.state === 'running') {
      const stale = this.isStale(prev);
      if (stale && prev.job.taskId && opts.takeOverStale) {
        const taken = await this.takeOver(prev);
        if (taken) return taken;
      } else if (stale && prev.job.taskId) void this.takeOver(prev);
      if (!stale || prev.job.taskId) throw new ReindexBusyError((await this.readOr(prev)).job, alias);
    }
    const now = this.wallClock().toISOString();
    const job: ReindexJob = {
      alias,
      state: 'running',
      phase: 'starting',
      owner: this.owner,
      startedAt: now,
      heartbeatAt: now,
      leaseMs: this.leaseMs,
    };
    const won = await this.ops.reindexJobs.write(job, prev);
    if (!won) throw new ReindexBusyError((await this.read().catch(() => undefined))?.job, alias);
    this.logger.info({ alias, owner: this.owner }, 'reindex started');
    this.opts.onDrive?.(job);
    return { job, finished: this.drive(won) };
  }

  private async readOr(prev: VersionedReindexJob): Promise<VersionedReindexJob> {
    return (await this.read().catch(() => undefined)) ?? prev;
  }

  /**
   * Watches the job document every half lease and takes over a running job whose owner died (for long-lived
   * processes: this one may be the restarted owner). Stopped by {@link stop}.
   */
  watch(): void {
    this.stopped = false;
    void this.checkOrphan();
    clearInterval(this.watcher);
    this.watcher = setInterval(() => void this.checkOrphan(), Math.ceil(this.leaseMs / 2));
    this.watcher.unref();
  }

  /** Stops watching and driving: a driven job is left to its lease (another process takes it over). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.watcher);
    clearInterval(this.heartbeat);
  }

  /**
   * Takes over a job whose owner's lease ran out (only one process wins the compare-and-set) and drives it to its
   * end; undefined when this process did not win it.
   */
  async takeOver(v: VersionedReindexJob): Promise<DrivenReindex | undefined> {
    if (this.stopped || this.mine) return undefined;
    const job: ReindexJob = {
      ...v.job,
      owner: this.owner,
      heartbeatAt: this.wallClock().toISOString(),
      leaseMs: this.leaseMs,
    };
    const won = await this.ops.reindexJobs.write(job, v).catch(() => undefined);
    if (!won || this.mine) return undefined;
    this.logger.warn(
      { alias: job.alias, from: v.job.owner, taskId: job.taskId, phase: job.phase },
      'took over a reindex whose owner stopped renewing its heartbeat',
    );
    this.opts.onDrive?.(job, v.job.owner);
    return { job, finished: this.drive(won), takenOverFrom: v.job.owner };
  }

  private async checkOrphan(): Promise<void> {
    if (this.stopped || this.mine) return;
    try {
      const v = await this.read();
      if (v?.job.state === 'running' && this.isStale(v)) await this.takeOver(v);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not check for an orphaned reindex');
    }
  }

  /** Writes the owned job with `patch` (serialized; compare-and-set against this process's last write). */
  private update(patch: Partial<ReindexJob>): Promise<void> {
    const next = this.writes.then(async () => {
      const mine = this.mine;
      if (!mine) throw new LostOwnership();
      const progress = this.polled ?? mine.job.progress;
      const job = {
        ...mine.job,
        ...(progress ? { progress } : {}),
        ...patch,
        heartbeatAt: this.wallClock().toISOString(),
      };
      const won = await this.ops.reindexJobs.write(job, mine);
      if (!won) {
        if (this.mine === mine) this.mine = undefined;
        throw new LostOwnership();
      }
      if (this.mine === mine) this.mine = won;
      else throw new LostOwnership();
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async drive(v: VersionedReindexJob): Promise<ReindexOutcome> {
    this.mine = v;
    this.polled = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(
      () => void this.update({}).catch(() => undefined),
      Math.max(200, Math.floor(this.leaseMs / 3)),
    );
    this.heartbeat.unref();
    const last = () => this.mine?.job ?? v.job;
    try {
      await this.run(v.job);
      return this.stopped ? { state: 'stopped', job: last() } : { state: 'done', job: last() };
    } catch (err) {
      if (err instanceof LostOwnership) {
        this.logger.warn({ alias: v.job.alias }, 'another process took the reindex over; stopped driving it');
        return { state: 'lost', job: (await this.read().catch(() => undefined))?.job ?? v.job };
      }
      const error = err instanceof Error ? err.message : String(err);
      this.logger.error({ alias: v.job.alias, err: error }, 'reindex failed');
      await this.update({ state: 'failed', finishedAt: this.wallClock().toISOString(), error }).catch(
        () => undefined,
      );
      return { state: 'failed', job: { ...last(), state: 'failed', error }, error };
    } finally {
      clearInterval(this.heartbeat);
      this.mine = undefined;
    }
  }

  private async run(start: ReindexJob): Promise<void> {
    const alias = start.alias;
    let copy: ReindexCopy;
    if (start.taskId && start.from && start.to) {
      copy = { alias, sources: start.from, target: start.to, taskId: start.taskId };
    } else {
      copy = await this.ops.startReindexCopy({
        settleMs: this.opts.settleMs,
        requestsPerSecond: this.opts.requestsPerSecond,
      });
      await this.update({ phase: 'copying', taskId: copy.taskId, from: copy.sources, to: copy.target });
    }
    for (;;) {
      if (this.stopped) return;
      if (!this.mine) throw new LostOwnership();
      const t = await this.ops.reindexTaskState(copy.taskId).catch((err: unknown) => {
        // OpenSearch briefly unreachable: the task goes on; ask again at the next poll.
        this.logger.warn({ err: (err as Error).message, taskId: copy.taskId }, 'reindex task poll failed');
        return null;
      });
      if (t === undefined)
        throw new ReindexError(`the copy task ${copy.taskId} into ${copy.target} is gone (rerun to resume)`);
      if (t) {
        this.polled = t.progress;
        this.opts.onProgress?.(t.progress, this.mine.job);
      }
      if (t?.completed) {
        if (t.failure)
          throw new ReindexError(`copy into ${copy.target} failed: ${t.failure} (rerun to resume)`);
        await this.update({ phase: 'switching', progress: t.progress });
        await this.ops.switchToReindexed(copy);
        await this.update({ state: 'done', phase: undefined, finishedAt: this.wallClock().toISOString() });
        this.logger.info(
          { alias, from: copy.sources, to: copy.target, copied: t.progress.created },
          'reindex done',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 500));
    }
  }
}
