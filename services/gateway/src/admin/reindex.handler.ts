import { z } from 'zod';
import type { Logger } from 'pino';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { ConflictProblem } from '../problem/problem.exception.js';

const progressSchema = z.object({
  total: z.number().int().describe('documents to copy'),
  created: z.number().int().describe('documents copied so far'),
  conflicts: z
    .number()
    .int()
    .describe('documents already written to the new version during the copy (kept, not overwritten)'),
});

/** What `GET /v1/admin/reindex` answers: the last reindex this gateway process ran, or `idle`. */
export const reindexStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.literal('running'),
    alias: z.string(),
    startedAt: z.string().datetime(),
    progress: progressSchema.optional(),
  }),
  z.object({
    state: z.literal('done'),
    alias: z.string(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    from: z.array(z.string()).describe('index versions read from; kept until dropped'),
    to: z.string().describe('the index version now behind the alias'),
    progress: progressSchema,
    tookMs: z.number().int(),
  }),
  z.object({
    state: z.literal('failed'),
    alias: z.string(),
    startedAt: z.string().datetime(),
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

/**
 * Runs `reindexArticles` (libs/search) in the background for `POST /v1/admin/reindex`: one at a time per gateway
 * process, the state readable while it runs. The alias switch is atomic and writes during the copy are kept, so the
 * index stage keeps ingesting meanwhile.
 */
export class ReindexHandler {
  private status: ReindexStatus = { state: 'idle' };

  constructor(
    private readonly opensearch: Pick<OpenSearchAdapter, 'alias' | 'reindex' | 'dropOldVersions'>,
    private readonly logger: Logger,
  ) {}

  current(): ReindexStatus {
    return this.status;
  }

  /** Starts a reindex; 409 while one runs. */
  start(): ReindexStatus {
    if (this.status.state === 'running')
      throw new ConflictProblem(
        `a reindex of ${this.status.alias} is already running since ${this.status.startedAt}`,
      );
    const startedAt = new Date().toISOString();
    const alias = this.opensearch.alias;
    const running: Extract<ReindexStatus, { state: 'running' }> = { state: 'running', alias, startedAt };
    this.status = running;
    this.logger.info({ alias }, 'reindex started');
    void this.opensearch
      .reindex((p) => {
        running.progress = p;
      })
      .then((r) => {
        this.status = {
          state: 'done',
          alias,
          startedAt,
          finishedAt: new Date().toISOString(),
          from: r.from,
          to: r.to,
          progress: { total: r.total, created: r.created, conflicts: r.conflicts },
          tookMs: r.tookMs,
        };
        this.logger.info({ alias, from: r.from, to: r.to, copied: r.created }, 'reindex done');
      })
      .catch((err: unknown) => {
        const error = err instanceof Error ? err.message : String(err);
        this.status = { state: 'failed', alias, startedAt, finishedAt: new Date().toISOString(), error };
        this.logger.error({ alias, err: error }, 'reindex failed');
      });
    return { ...running };
  }

  /** Deletes the versions the last reindex left behind; 409 while a reindex runs (its source is still in use). */
  async dropOld(): Promise<DroppedVersions> {
    if (this.status.state === 'running')
      throw new ConflictProblem('a reindex is running; drop the old versions once it is done');
    return { alias: this.opensearch.alias, dropped: await this.opensearch.dropOldVersions() };
  }
}
