import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import type { Logger } from 'pino';
import {
  ReindexError,
  type ReindexCopy,
  type ReindexJob,
  type ReindexJobStore,
  type ReindexProgress,
  type VersionedReindexJob,
} from '@newsflow/search';
import { mapOpenSearchError, type OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { ConflictProblem } from '../problem/problem.exception.js';

const progressSchema = z.object({
  total: z.number().int().describe('documents to copy'),
  created: z.number().int().describe('documents copied so far'),
  conflicts: z
    .number()
    .int()
    .describe('documents already written to the new version during the copy (kept, not overwritten)'),
});

const jobFields = {
  alias: z.string(),
  startedAt: z.string().datetime(),
  owner: z.string().describe('the gateway instance driving (or that drove) the job: host:pid:random'),
  taskId: z.string().optional().describe('OpenSearch task id of the copy (GET _tasks/<id>)'),
};

/**
 * What `GET /v1/admin/reindex` answers: the running or last reindex of the alias, whichever gateway instance started
 * it (the state is a document in OpenSearch, not in the process), or `idle`.
 */
export const reindexStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.literal('running'),
    ...jobFields,
    phase: z
      .enum(['starting', 'copying', 'switching'])
      .describe('starting: creating the new version; copying: the copy task runs; switching: alias update'),
    heartbeatAt: z
      .string()
      .datetime()
      .describe('last sign of life of the owner; another instance takes over after the lease'),
    from: z.array(z.string()).optional(),
    to: z.string().optional(),
    progress: progressSchema.optional(),
  }),
  z.object({
    state: z.literal('done'),
    ...jobFields,
    finishedAt: z.string().datetime(),
    from: z.array(z.string()).describe('index versions read from; kept until dropped'),
    to: z.string().describe('the index version now behind the alias'),
    progress: progressSchema,
    tookMs: z.number().int(),
  }),
  z.object({
    state: z.literal('failed'),
    ...jobFields,
    finishedAt: z.string().datetime(),
    error: z.string().describe('why; a rerun resumes into the same new version'),
  }),
]);
export type ReindexStatus = z.infer<typeof reindexStatusSchema>;

export const droppedVersionsSchema = z.object({
  alias: z.string(),
  dropped: z.array(z.string()).describe('deleted index versions (none still behind the alias)'),
});
export type DroppedVersions = z.infer<typeof droppedVersionsSchema>;

/** The OpenSearch side of a reindex: the steps of libs/search's reindexArticles and the shared job documents. */
export type ReindexOps = Pick<
  OpenSearchAdapter,
  'alias' | 'startReindexCopy' | 'reindexTaskState' | 'switchToReindexed' | 'dropOldVersions'
> & { reindexJobs: Pick<ReindexJobStore, 'read' | 'write'> };

export interface ReindexTiming {
  /** Heartbeat lease: an owner silent for longer is taken to be dead (default 30 s). */
  leaseMs: number;
  /** Copy task poll interval (default 500 ms). */
  pollMs?: number;
  /** Wait for in-flight writes before the copy (default 1 s, see startReindexCopy). */
  settleMs?: number;
  /** Copy throttle in documents per second (default: none). */
  requestsPerSecond?: number;
}

/** Another instance wrote the job document: this one no longer owns the job and stops driving it. */
class LostOwnership extends Error {}

function toStatus(job: ReindexJob): ReindexStatus {
  const base = {
    alias: job.alias,
    startedAt: job.startedAt,
    owner: job.owner,
    ...(job.taskId ? { taskId: job.taskId } : {}),
  };
  if (job.state === 'running')
    return {
      state: 'running',
      ...base,
      phase: job.phase ?? 'starting',
      heartbeatAt: job.heartbeatAt,
      ...(job.from ? { from: job.from } : {}),
      ...(job.to ? { to: job.to } : {}),
      ...(job.progress ? { progress: job.progress } : {}),
    };
  const finishedAt = job.finishedAt ?? job.heartbeatAt;
  if (job.state === 'done')
    return {
      state: 'done',
      ...base,
      finishedAt,
      from: job.from ?? [],
      to: job.to ?? '',
      progress: job.progress ?? { total: 0, created: 0, conflicts: 0 },
      tookMs: Math.max(0, Date.parse(finishedAt) - Date.parse(job.startedAt)),
    };
  return { state: 'failed', ...base, finishedAt, error: job.error ?? 'unknown' };
}

/**
 * Runs the reindex of `POST /v1/admin/reindex` in the background, one at a time across every gateway instance.
 *
 * The job's state lives in a document of the admin jobs index in OpenSearch, next to the copy task it tracks, and
 * every write to it is a compare-and-set on the document's sequence number:
 * - a start succeeds only for the instance whose write lands first; any other start while the job runs is a 409;
 * - the owner renews `heartbeatAt` (every lease / 3) and records the phase, the copy task id and the progress;
 * - every instance reads the document twice per lease: an owner silent for longer than the lease (crashed,
 *   restarted, partitioned) loses the job to the first instance that takes it over (compare-and-set again); the new
 *   owner follows the same OpenSearch task (it ran on meanwhile) and switches the alias when it completes;
 * - `GET /v1/admin/reindex` on any instance reads the document, with live progress from the OpenSearch task.
 * OpenSearch rather than Redis: the state must outlive the job by as long as someone wants to read it (no TTL to
 * guess), compare-and-set comes with every write, and the state fails together with the cluster it describes.
 */
export class ReindexHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** The job this process drives, at the version it last wrote. */
  private mine: VersionedReindexJob | undefined;
  /** The copy task's progress as last polled by this process (written with the next heartbeat). */
  private progress: ReindexProgress | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private watcher: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The job document version this process last saw, and when it first saw it (see stale). */
  private seen: { seqNo: number; primaryTerm: number; at: number } | undefined;

  constructor(
    private readonly ops: ReindexOps,
    private readonly logger: Logger,
    private readonly timing: ReindexTiming = { leaseMs: 30_000 },
  ) {}

  /** Starts watching for jobs whose owner died (this process may be the restarted owner). */
  onApplicationBootstrap(): void {
    this.stopped = false;
    void this.checkOrphan();
    this.watcher = setInterval(() => void this.checkOrphan(), Math.ceil(this.timing.leaseMs / 2));
    this.watcher.unref();
  }

  /** Stops driving (the job is left to the lease: another instance, or this one restarted, takes it over). */
  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.watcher);
    clearInterval(this.heartbeat);
  }

  /**
   * True once this process has seen the same version of a running job's document for longer than the lease: the
   * owner has not renewed its heartbeat. Measured on this process's clock only (no comparison of two hosts' clocks).
   */
  private stale(v: VersionedReindexJob): boolean {
    const now = Date.now();
    const seen = this.seen;
    if (seen && seen.seqNo === v.seqNo && seen.primaryTerm === v.primaryTerm)
      return now - seen.at > this.timing.leaseMs;
    this.seen = { seqNo: v.seqNo, primaryTerm: v.primaryTerm, at: now };
    return false;
  }

  /** The job document; OpenSearch failures become 503 problems. */
  private async read(): Promise<VersionedReindexJob | undefined> {
    try {
      return await this.ops.reindexJobs.read(this.ops.alias);
    } catch (err) {
      throw mapOpenSearchError(err);
    }
  }

  /** The running or last job of the alias, with the copy task's live progress while it runs. */
  async current(): Promise<ReindexStatus> {
    const v = await this.read();
    if (!v) return { state: 'idle' };
    const job = { ...v.job };
    if (job.state === 'running') {
      if (this.stale(v)) void this.takeOver(v);
      if (job.taskId && this.mine?.job.taskId !== job.taskId) {
        const t = await this.ops.reindexTaskState(job.taskId).catch(() => undefined);
        if (t) job.progress = t.progress;
      } else if (this.progress) job.progress = this.progress;
    }
    return toStatus(job);
  }

  /** Starts a reindex; a 409 problem while one runs on any instance. */
  async start(): Promise<ReindexStatus> {
    const alias = this.ops.alias;
    const prev = await this.read();
    if (prev?.job.state === 'running') {
      const { job } = prev;
      const stale = this.stale(prev);
      // An owner that died before it started the copy leaves nothing running: a new start resumes its work.
      if (!stale || job.taskId) {
        if (stale) void this.takeOver(prev);
        throw new ConflictProblem(
          `a reindex of ${alias} is already running since ${job.startedAt} (driven by ${job.owner}${job.taskId ? `, task ${job.taskId}` : ''})`,
        );
      }
    }
    const now = new Date().toISOString();
    const job: ReindexJob = {
      alias,
      state: 'running',
      phase: 'starting',
      owner: this.instance,
      startedAt: now,
      heartbeatAt: now,
    };
    const won = await this.ops.reindexJobs.write(job, prev).catch((err: unknown) => {
      throw mapOpenSearchError(err);
    });
    if (!won) throw new ConflictProblem(`another gateway instance started a reindex of ${alias} first`);
    this.logger.info({ alias, owner: this.instance }, 'reindex started');
    this.drive(won);
    return toStatus(job);
  }

  /** Deletes the versions the last reindex left behind; 409 while a reindex runs (its source is still in use). */
  async dropOld(): Promise<DroppedVersions> {
    const v = await this.read();
    if (v?.job.state === 'running')
      throw new ConflictProblem('a reindex is running; drop the old versions once it is done');
    return { alias: this.ops.alias, dropped: await this.ops.dropOldVersions() };
  }

  private async checkOrphan(): Promise<void> {
    if (this.stopped || this.mine) return;
    try {
      const v = await this.read();
      if (v?.job.state === 'running' && this.stale(v)) await this.takeOver(v);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not check for an orphaned reindex');
    }
  }

  /** Takes over a job whose owner's lease ran out; only one instance wins the compare-and-set. */
  private async takeOver(v: VersionedReindexJob): Promise<void> {
    if (this.stopped || this.mine) return;
    const job: ReindexJob = { ...v.job, owner: this.instance, heartbeatAt: new Date().toISOString() };
    const won = await this.ops.reindexJobs.write(job, v).catch(() => undefined);
    if (!won || this.mine) return;
    this.logger.warn(
      { alias: job.alias, from: v.job.owner, taskId: job.taskId, phase: job.phase },
      'took over a reindex whose owner stopped renewing its heartbeat',
    );
    this.drive(won);
  }

  /** Writes the owned job with `patch` (serialized; compare-and-set against this process's last write). */
  private update(patch: Partial<ReindexJob>): Promise<void> {
    const next = this.writes.then(async () => {
      const mine = this.mine;
      if (!mine) throw new LostOwnership();
      const progress = this.progress ?? mine.job.progress;
      const job = {
        ...mine.job,
        ...(progress ? { progress } : {}),
        ...patch,
        heartbeatAt: new Date().toISOString(),
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

  private drive(v: VersionedReindexJob): void {
    this.mine = v;
    this.progress = undefined;
    this.heartbeat = setInterval(
      () => void this.update({}).catch(() => undefined),
      Math.max(200, Math.floor(this.timing.leaseMs / 3)),
    );
    this.heartbeat.unref();
    void this.run(v.job)
      .catch((err: unknown) => {
        if (err instanceof LostOwnership) {
          this.logger.warn(
            { alias: v.job.alias },
            'another instance took the reindex over; stopped driving it',
          );
          return;
        }
        const error = err instanceof Error ? err.message : String(err);
        this.logger.error({ alias: v.job.alias, err: error }, 'reindex failed');
        return this.update({ state: 'failed', finishedAt: new Date().toISOString(), error }).catch(
          () => undefined,
        );
      })
      .finally(() => {
        clearInterval(this.heartbeat);
        this.mine = undefined;
      });
  }

  private async run(start: ReindexJob): Promise<void> {
    const alias = start.alias;
    let copy: ReindexCopy;
    if (start.taskId && start.from && start.to) {
      copy = { alias, sources: start.from, target: start.to, taskId: start.taskId };
    } else {
      copy = await this.ops.startReindexCopy({
        settleMs: this.timing.settleMs,
        requestsPerSecond: this.timing.requestsPerSecond,
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
      if (t) this.progress = t.progress;
      if (t?.completed) {
        if (t.failure)
          throw new ReindexError(`copy into ${copy.target} failed: ${t.failure} (rerun to resume)`);
        await this.update({ phase: 'switching', progress: t.progress });
        await this.ops.switchToReindexed(copy);
        await this.update({ state: 'done', phase: undefined, finishedAt: new Date().toISOString() });
        this.logger.info(
          { alias, from: copy.sources, to: copy.target, copied: t.progress.created },
          'reindex done',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, this.timing.pollMs ?? 500));
    }
  }
}
