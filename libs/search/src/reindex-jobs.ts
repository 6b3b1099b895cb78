import type { Client } from '@opensearch-project/opensearch';
import { prefixed } from '@newsflow/contracts';
import type { ReindexProgress } from './reindex.js';

/** System index holding the state documents of admin jobs (one reindex job per articles alias). */
export const ADMIN_JOBS_INDEX = 'news-admin-jobs';

/** The admin jobs index under a prefix (`test-x.news-admin-jobs`, no prefix -> `news-admin-jobs`). */
export function adminJobsIndexFor(prefix: string): string {
  return prefixed(prefix, ADMIN_JOBS_INDEX);
}

/**
 * The state document of the reindex of one alias, shared by every gateway instance and `newsflow reindex`. While `running`, its `owner`
 * drives it (polls the copy task, switches the alias at the end) and renews `heartbeatAt`; an owner whose heartbeat
 * is older than the lease is taken to be dead, and another instance takes the job over (compare-and-set on the
 * document's sequence number, so exactly one does).
 */
export interface ReindexJob {
  alias: string;
  state: 'running' | 'done' | 'failed';
  /** `starting`: creating the new version, no copy task yet; `copying`: the task runs; `switching`: alias update. */
  phase?: 'starting' | 'copying' | 'switching';
  owner: string;
  startedAt: string;
  heartbeatAt: string;
  /** The owner's lease: it renews `heartbeatAt` at least every third of it; observers wait this long to take over. */
  leaseMs?: number;
  finishedAt?: string;
  /** OpenSearch task id of the copy; the task runs on in OpenSearch whatever happens to the gateway. */
  taskId?: string;
  from?: string[];
  to?: string;
  progress?: ReindexProgress;
  error?: string;
}

/** A job document with the sequence number and primary term it was read or written at (for compare-and-set). */
export interface VersionedReindexJob {
  job: ReindexJob;
  seqNo: number;
  primaryTerm: number;
}

const statusOf = (err: unknown) => (err as { meta?: { statusCode?: number } }).meta?.statusCode;

/**
 * Reads and writes reindex job documents in the admin jobs index. Writes are compare-and-set: `write(job, expected)`
 * succeeds only if the document is still the version `expected` was read at (or still absent when `expected` is
 * undefined), and answers undefined when another writer came first.
 */
export class ReindexJobStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    readonly index: string,
  ) {}

  private docId(alias: string): string {
    return `reindex:${alias}`;
  }

  /** Creates the index if missing (one shard; a replica wherever a second node exists); also done by the first write. */
  ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.indices.create({
          index: this.index,
          body: {
            settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
            mappings: {
              dynamic: false,
              properties: { alias: { type: 'keyword' }, state: { type: 'keyword' } },
            },
          },
        });
      } catch (err) {
        const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
        if (type !== 'resource_already_exists_exception') throw err;
      }
      // Created by another instance a moment ago, its shard may still be recovering: wait until it serves.
      await this.client.cluster.health({ index: this.index, wait_for_status: 'yellow', timeout: '30s' });
    })().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /**
   * The job of `alias` (real-time read, not waiting for a refresh), or undefined if none ever ran (the index is only
   * created by the first write, so a gateway that never reindexes leaves none behind).
   */
  async read(alias: string): Promise<VersionedReindexJob | undefined> {
    try {
      const res = await this.getWhileRecovering(alias);
      const body = res.body as unknown as {
        found: boolean;
        _source?: ReindexJob;
        _seq_no: number;
        _primary_term: number;
      };
      if (!body.found || !body._source) return undefined;
      return { job: body._source, seqNo: body._seq_no, primaryTerm: body._primary_term };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** A get that waits out a shard still recovering (an index created a moment ago; reported green already). */
  private async getWhileRecovering(alias: string, attempts = 20) {
    for (let i = 1; ; i++) {
      try {
        return await this.client.get({ index: this.index, id: this.docId(alias) });
      } catch (err) {
        const type = (err as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error?.type;
        if (type !== 'no_shard_available_action_exception' || i >= attempts) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Compare-and-set write; undefined when the document changed since `expected` (someone else wrote first). */
  async write(
    job: ReindexJob,
    expected: VersionedReindexJob | undefined,
  ): Promise<VersionedReindexJob | undefined> {
    await this.ensureIndex();
    try {
      const res = await this.client.index({
        index: this.index,
        id: this.docId(job.alias),
        body: job,
        ...(expected
          ? { if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm }
          : { op_type: 'create' as const }),
      });
      const body = res.body as unknown as { _seq_no: number; _primary_term: number };
      return { job, seqNo: body._seq_no, primaryTerm: body._primary_term };
    } catch (err) {
      if (statusOf(err) === 409) return undefined;
      throw err;
    }
  }
}

/**
 * The job documents in memory, with the same compare-and-set on a sequence number as {@link ReindexJobStore}: for
 * unit tests of the processes sharing a job, and for a single process with no OpenSearch to coordinate through.
 */
export class MemoryReindexJobStore implements Pick<ReindexJobStore, 'read' | 'write'> {
  private readonly docs = new Map<string, VersionedReindexJob>();

  read(alias: string): Promise<VersionedReindexJob | undefined> {
    const v = this.docs.get(alias);
    return Promise.resolve(v && { ...v, job: { ...v.job } });
  }

  write(
    job: ReindexJob,
    expected: VersionedReindexJob | undefined,
  ): Promise<VersionedReindexJob | undefined> {
    const current = this.docs.get(job.alias);
    if ((expected?.seqNo ?? -1) !== (current?.seqNo ?? -1)) return Promise.resolve(undefined);
    const next = { job: { ...job }, seqNo: (current?.seqNo ?? -1) + 1, primaryTerm: 1 };
    this.docs.set(job.alias, next);
    return Promise.resolve({ ...next, job: { ...job } });
  }
}
