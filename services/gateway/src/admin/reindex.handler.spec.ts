import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ReindexJob, ReindexTaskState, VersionedReindexJob } from '@newsflow/search';
import { ConflictProblem } from '../problem/problem.exception.js';
import { ReindexHandler, reindexStatusSchema, type ReindexOps } from './reindex.handler.js';

/** In-memory job document with compare-and-set on a sequence number, like the OpenSearch store. */
class FakeJobs {
  doc: VersionedReindexJob | undefined;
  ensureIndex = () => Promise.resolve();
  read = () => Promise.resolve(this.doc && { ...this.doc, job: { ...this.doc.job } });
  write = (job: ReindexJob, expected: VersionedReindexJob | undefined) => {
    if ((expected?.seqNo ?? -1) !== (this.doc?.seqNo ?? -1)) return Promise.resolve(undefined);
    this.doc = { job: { ...job }, seqNo: (this.doc?.seqNo ?? -1) + 1, primaryTerm: 1 };
    return Promise.resolve(this.doc);
  };
}

function fakeOps(jobs: FakeJobs, task: { state: ReindexTaskState | undefined }) {
  const switched: string[] = [];
  const ops: ReindexOps = {
    alias: 'x.news-articles',
    reindexJobs: jobs,
    startReindexCopy: () =>
      Promise.resolve({
        alias: 'x.news-articles',
        sources: ['x.news-articles-v1'],
        target: 'x.news-articles-v2',
        taskId: 'node:1',
      }),
    reindexTaskState: () => Promise.resolve(task.state),
    switchToReindexed: (copy) => {
      switched.push(copy.target);
      return Promise.resolve();
    },
    dropOldVersions: () => Promise.resolve(['x.news-articles-v1']),
  };
  return { ops, switched };
}

const silent = pino({ level: 'silent' });
const until = async (cond: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('ReindexHandler', () => {
  it('runs one reindex at a time across instances sharing the job document, and reports it on each', async () => {
    const jobs = new FakeJobs();
    const task: { state: ReindexTaskState | undefined } = {
      state: { completed: false, progress: { total: 10, created: 4, conflicts: 1 } },
    };
    const { ops, switched } = fakeOps(jobs, task);
    const a = new ReindexHandler(ops, silent, { leaseMs: 60_000, pollMs: 5 });
    const b = new ReindexHandler(ops, silent, { leaseMs: 60_000, pollMs: 5 });
    expect(await b.current()).toEqual({ state: 'idle' });
    expect((await a.start()).state).toBe('running');
    await expect(b.start()).rejects.toBeInstanceOf(ConflictProblem);
    await expect(b.dropOld()).rejects.toBeInstanceOf(ConflictProblem);
    await until(async () => (await b.current()).state === 'running' && jobs.doc?.job.taskId === 'node:1');
    expect(await b.current()).toMatchObject({
      state: 'running',
      owner: a.instance,
      taskId: 'node:1',
      phase: 'copying',
      progress: { created: 4 },
    });
    task.state = { completed: true, progress: { total: 10, created: 9, conflicts: 1 } };
    await until(async () => (await b.current()).state === 'done');
    const done = reindexStatusSchema.parse(await b.current());
    expect(done).toMatchObject({ state: 'done', from: ['x.news-articles-v1'], to: 'x.news-articles-v2' });
    expect(switched).toEqual(['x.news-articles-v2']);
    expect(await b.dropOld()).toEqual({ alias: 'x.news-articles', dropped: ['x.news-articles-v1'] });
    a.onApplicationShutdown();
  });

  it("takes over a job whose owner stopped renewing its heartbeat, following the owner's task", async () => {
    const jobs = new FakeJobs();
    const task: { state: ReindexTaskState | undefined } = {
      state: { completed: false, progress: { total: 10, created: 2, conflicts: 0 } },
    };
    const { ops, switched } = fakeOps(jobs, task);
    const now = new Date().toISOString();
    await jobs.write(
      {
        alias: 'x.news-articles',
        state: 'running',
        phase: 'copying',
        owner: 'dead:1:aaaaaa',
        startedAt: now,
        heartbeatAt: now,
        taskId: 'node:1',
        from: ['x.news-articles-v1'],
        to: 'x.news-articles-v2',
      },
      undefined,
    );
    const b = new ReindexHandler(ops, silent, { leaseMs: 50, pollMs: 5 });
    expect(await b.current()).toMatchObject({ state: 'running', owner: 'dead:1:aaaaaa' });
    await expect(b.start()).rejects.toBeInstanceOf(ConflictProblem);
    await new Promise((r) => setTimeout(r, 80));
    await b.current(); // the same version seen for longer than the lease: taken over
    await until(() => jobs.doc?.job.owner === b.instance);
    task.state = { completed: true, progress: { total: 10, created: 10, conflicts: 0 } };
    await until(() => jobs.doc?.job.state === 'done');
    expect(jobs.doc?.job).toMatchObject({ state: 'done', owner: b.instance, to: 'x.news-articles-v2' });
    expect(switched).toEqual(['x.news-articles-v2']);
    b.onApplicationShutdown();
  });

  it('reports a failed copy with its reason and allows a new run', async () => {
    const jobs = new FakeJobs();
    const task: { state: ReindexTaskState | undefined } = {
      state: {
        completed: true,
        progress: { total: 1, created: 0, conflicts: 0 },
        failure: 'mapper exploded',
      },
    };
    const { ops } = fakeOps(jobs, task);
    const handler = new ReindexHandler(ops, silent, { leaseMs: 60_000, pollMs: 5 });
    await handler.start();
    await until(async () => (await handler.current()).state === 'failed');
    expect(await handler.current()).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/mapper exploded/) as unknown,
    });
    task.state = undefined; // the task vanished: also a failure, and a new run is allowed
    expect((await handler.start()).state).toBe('running');
    await until(async () => (await handler.current()).state === 'failed');
    expect(await handler.current()).toMatchObject({ error: expect.stringMatching(/is gone/) as unknown });
    handler.onApplicationShutdown();
  });
});
