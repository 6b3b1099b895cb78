import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryReindexJobStore, type ReindexTaskState } from '@newsflow/search';
import { ConflictProblem } from '../problem/problem.exception.js';
import { ReindexHandler, reindexStatusSchema, type ReindexOps } from './reindex.handler.js';

function fakeOps(jobs: MemoryReindexJobStore, task: { state: ReindexTaskState | undefined }) {
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

// The job lock itself (takeover, lost ownership, failures) is tested with ReindexJobRunner in libs/search.
describe('ReindexHandler', () => {
  it('runs one reindex at a time across instances sharing the job document, and reports it on each', async () => {
    const jobs = new MemoryReindexJobStore();
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
    await until(
      async () =>
        (await b.current()).state === 'running' && (await jobs.read(ops.alias))?.job.taskId === 'node:1',
    );
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
});
