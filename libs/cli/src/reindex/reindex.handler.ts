import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  ReindexBusyError,
  ReindexJobRunner,
  type ReindexJob,
  type ReindexLogger,
  type ReindexOutcome,
  type ReindexProgress,
  type ReindexRunnerOps,
} from '@newsflow/search';

/** Exit codes of `newsflow reindex`. */
export const REINDEX_EXIT = {
  done: 0,
  /** The copy failed, or another process took the job over from this one. */
  failed: 1,
  /** Refused: another reindex of the alias runs (a gateway's or another `newsflow reindex`). */
  busy: 3,
  /** Interrupted (Ctrl-C): the copy task runs on in OpenSearch; the job is left to its lease. */
  interrupted: 130,
} as const;

export interface ReindexCommandOptions {
  json?: boolean;
  /** Heartbeat lease written into the job (default 30 s). */
  leaseMs?: number;
  pollMs?: number;
  settleMs?: number;
  requestsPerSecond?: number;
  /** Aborting stops following the job (it is left to its lease; the copy task runs on). */
  signal?: AbortSignal;
  logger?: ReindexLogger;
}

/** Where `newsflow reindex` writes: results on `out` (stdout), progress and refusals on `err` (stderr). */
export interface ReindexCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Wall-clock now (default Date.now), for the age of a busy job's heartbeat. */
  now?: () => number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function busyMessage(err: ReindexBusyError, now: number): string {
  const job = err.job;
  if (!job) return `refused: ${err.message}`;
  const age = now - Date.parse(job.heartbeatAt);
  return [
    `refused: a reindex of ${job.alias} is already running, held by ${job.owner} since ${job.startedAt}`,
    `  phase ${job.phase ?? 'starting'}${job.taskId ? `, copy task ${job.taskId}` : ''}` +
      `${job.progress ? `, copied ${job.progress.created + job.progress.conflicts}/${job.progress.total}` : ''}` +
      `, last heartbeat ${seconds(Math.max(0, age))} ago`,
    `  follow it with GET /v1/admin/reindex; run again once it is done`,
  ].join('\n');
}

function progressPrinter(io: ReindexCommandIo, json: boolean) {
  let lastShown = -1;
  let announced = false;
  return (p: ReindexProgress, job: ReindexJob) => {
    if (json) return;
    if (!announced && job.taskId) {
      announced = true;
      io.err(`copying ${job.from?.join(', ') ?? '?'} into ${job.to ?? '?'} (OpenSearch task ${job.taskId})`);
    }
    if (p.total === 0) return;
    const done = p.created + p.conflicts;
    const pct = Math.floor((done / p.total) * 100);
    if (pct >= lastShown + 10 || (done === p.total && lastShown < 100)) {
      lastShown = pct;
      io.err(`  copied ${done}/${p.total} (${pct}%)`);
    }
  };
}

/**
 * `newsflow reindex`: takes the reindex job of the alias (the same job document, compare-and-set and lease as the
 * gateways' `POST /v1/admin/reindex`, see ReindexJobRunner), drives it to the alias switch while reporting the
 * copy's progress, and answers the exit code. Refused (exit 3, naming who holds it and since when) while another
 * reindex runs; a job whose owner stopped renewing its heartbeat is taken over and followed to its end.
 */
export async function runReindexCommand(
  ops: ReindexRunnerOps,
  opts: ReindexCommandOptions,
  io: ReindexCommandIo,
): Promise<number> {
  const now = io.now ?? Date.now;
  const json = opts.json ?? false;
  const runner = new ReindexJobRunner(ops, {
    owner: `cli:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    leaseMs: opts.leaseMs,
    pollMs: opts.pollMs,
    settleMs: opts.settleMs,
    requestsPerSecond: opts.requestsPerSecond,
    logger: opts.logger,
    onDrive: (job, takenOverFrom) => {
      if (json) return;
      io.err(
        takenOverFrom
          ? `took over the reindex of ${job.alias} that ${takenOverFrom} started at ${job.startedAt} (task ${job.taskId ?? '?'})`
          : `reindex of ${job.alias} started as ${job.owner}`,
      );
    },
    onProgress: progressPrinter(io, json),
  });
  const refuse = (err: ReindexBusyError) => {
    if (json)
      io.out(
        JSON.stringify({
          error: err.code,
          message: err.message,
          ...(err.job
            ? { owner: err.job.owner, startedAt: err.job.startedAt, heartbeatAt: err.job.heartbeatAt }
            : {}),
          ...(err.job?.taskId ? { taskId: err.job.taskId } : {}),
        }),
      );
    else io.err(busyMessage(err, now()));
    return REINDEX_EXIT.busy;
  };

  let driven;
  try {
    driven = await runner.start();
  } catch (err) {
    if (!(err instanceof ReindexBusyError)) throw err;
    const job = err.job;
    const lease = job?.leaseMs ?? opts.leaseMs ?? 30_000;
    // Judged on this machine's clock only as a hint: the takeover itself needs the same job version seen for a lease.
    if (!job || now() - Date.parse(job.heartbeatAt) <= lease) return refuse(err);
    if (!json)
      io.err(
        `the reindex held by ${job.owner} has not renewed its heartbeat since ${job.heartbeatAt}: ` +
          `waiting ${seconds(lease)} to see whether it is alive`,
      );
    await waitOrAbort(lease + 250, opts.signal);
    if (opts.signal?.aborted) return REINDEX_EXIT.interrupted;
    try {
      driven = await runner.start({ takeOverStale: true });
    } catch (again) {
      if (again instanceof ReindexBusyError) return refuse(again);
      throw again;
    }
  }
  const onAbort = () => runner.stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let outcome: ReindexOutcome;
  try {
    outcome = await driven.finished;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return report(outcome, opts, io, json);
}

function report(outcome: ReindexOutcome, opts: ReindexCommandOptions, io: ReindexCommandIo, json: boolean) {
  const job = outcome.job;
  switch (outcome.state) {
    case 'done': {
      const p = job.progress ?? { total: 0, created: 0, conflicts: 0 };
      const tookMs = Math.max(0, Date.parse(job.finishedAt ?? job.heartbeatAt) - Date.parse(job.startedAt));
      if (json) {
        io.out(JSON.stringify({ alias: job.alias, from: job.from ?? [], to: job.to, ...p, tookMs }));
        return REINDEX_EXIT.done;
      }
      io.out(`${job.alias} now reads and writes ${job.to ?? '?'} (was ${(job.from ?? []).join(', ')})`);
      io.out(
        `copied ${p.created} articles; ${p.conflicts} were already written to ${job.to ?? '?'} during the copy and kept; ${seconds(tookMs)}`,
      );
      io.out('the old version stays until: npx newsflow reindex --drop-old');
      return REINDEX_EXIT.done;
    }
    case 'failed':
      if (json) io.out(JSON.stringify({ error: 'reindex_failed', message: outcome.error }));
      else io.err(`reindex failed: ${outcome.error}`);
      return REINDEX_EXIT.failed;
    case 'lost':
      if (json) io.out(JSON.stringify({ error: 'reindex_taken_over', owner: job.owner }));
      else
        io.err(
          `${job.owner} took the reindex over (this process missed its heartbeats); it finishes it: follow GET /v1/admin/reindex`,
        );
      return REINDEX_EXIT.failed;
    case 'stopped':
      if (json) io.out(JSON.stringify({ error: 'interrupted', taskId: job.taskId }));
      else
        io.err(
          `stopped following the reindex${job.taskId ? `; the copy task ${job.taskId} runs on in OpenSearch` : ''}: ` +
            `a gateway takes it over after the lease (${seconds(opts.leaseMs ?? 30_000)}), or run newsflow reindex again to follow it`,
        );
      return REINDEX_EXIT.interrupted;
  }
}

function waitOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
