import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import {
  ReindexBusyError,
  ReindexJobRunner,
  type ReindexJob,
  type ReindexLogger,
  type ReindexRunnerOps,
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

/** The OpenSearch side of a reindex: the steps of libs/search's reindexArticles, the shared job documents, a drop. */
export type ReindexOps = ReindexRunnerOps & Pick<OpenSearchAdapter, 'dropOldVersions'>;

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
 * `POST /v1/admin/reindex` and `GET /v1/admin/reindex`: HTTP side of the {@link ReindexJobRunner} of libs/search,
 * which runs one reindex at a time across every gateway instance and `newsflow reindex` (the same lock: a
 * compare-and-set on one job document in the admin jobs index, a heartbeat lease, takeover of a dead owner's job).
 * This handler maps a busy job to a 409 problem and OpenSearch failures to 503 problems, and watches for orphaned
 * jobs while the gateway runs.
 * OpenSearch rather than Redis: the state must outlive the job by as long as someone wants to read it (no TTL to
 * guess), compare-and-set comes with every write, and the state fails together with the cluster it describes.
 */
export class ReindexHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly runner: ReindexJobRunner;

  constructor(
    private readonly ops: ReindexOps,
    logger: ReindexLogger,
    timing: ReindexTiming = { leaseMs: 30_000 },
  ) {
    this.runner = new ReindexJobRunner(ops, { owner: this.instance, logger, ...timing });
  }

  /** Starts watching for jobs whose owner died (this process may be the restarted owner). */
  onApplicationBootstrap(): void {
    this.runner.watch();
  }

  /** Stops driving (the job is left to the lease: another instance, or this one restarted, takes it over). */
  onApplicationShutdown(): void {
    this.runner.stop();
  }

  /** The running or last job of the alias, with the copy task's live progress while it runs. */
  async current(): Promise<ReindexStatus> {
    const job = await this.runner.current().catch((err: unknown) => {
      throw mapOpenSearchError(err);
    });
    return job ? toStatus(job) : { state: 'idle' };
  }

  /** Starts a reindex; a 409 problem while one runs on any instance or in `newsflow reindex`. */
  async start(): Promise<ReindexStatus> {
    try {
      const { job } = await this.runner.start();
      return toStatus(job);
    } catch (err) {
      if (err instanceof ReindexBusyError) throw new ConflictProblem(err.message);
      throw mapOpenSearchError(err);
    }
  }

  /** Deletes the versions the last reindex left behind; 409 while a reindex runs (its source is still in use). */
  async dropOld(): Promise<DroppedVersions> {
    const v = await this.runner.read().catch((err: unknown) => {
      throw mapOpenSearchError(err);
    });
    if (v?.job.state === 'running')
      throw new ConflictProblem('a reindex is running; drop the old versions once it is done');
    return { alias: this.ops.alias, dropped: await this.ops.dropOldVersions() };
  }
}
