import { describe, expect, it } from 'vitest';
import type { ReindexTaskState } from './reindex.js';
import { MemoryReindexJobStore, type ReindexJob } from './reindex-jobs.js';
import { ReindexBusyError, ReindexJobRunner, type ReindexRunnerOps } from './reindex-runner.js';

const ALIAS = 'x.news-articles';

function fakeOps(task: { state: ReindexTaskState | undefined }) {
  const switched: string[] = [];
  const ops: ReindexRunnerOps = {
    alias: ALIAS,
    reindexJobs: new MemoryReindexJobStore(),
    startReindexCopy: () =>
      Promise.resolve({ alias: ALIAS, sources: [`${ALIAS}-v1`], target: `${ALIAS}-v2`, taskId: 'node:1' }),
    reindexTaskState: () => Promise.resolve(task.state),
    switchToReindexed: (copy) => {
      switched.push(copy.target);
      return Promise.resolve();
    },
  };
  return { ops, switched };
}

const copying = (progress = { total: 10, created: 2, conflicts: 0 }): ReindexTaskState => ({
  completed: false,
  progress,
});

/** A running job written by an owner that is gone (it never renews its heartbeat). */
async function orphan(ops: ReindexRunnerOps, leaseMs: number): Promise<ReindexJob> {
  const at = '2026-11-30T10:00:00.000Z';
  const job: ReindexJob = {
    alias: ALIAS,
    state: 'running',
    phase: 'copying',
    owner: 'gateway-dead:1:aaaaaa',
    startedAt: at,
    heartbeatAt: at,
    leaseMs,
    taskId: 'node:1',
    from: [`${ALIAS}-v1`],
    to: `${ALIAS}-v2`,
  };
  await ops.reindexJobs.write(job, undefined);
  return job;
}

describe('ReindexJobRunner', () => {
  it('runs one reindex at a time: a second owner is refused with the holder and since when, then it ends done', async () => {
    const task = { state: copying() as ReindexTaskState | undefined };
    const { ops, switched } = fakeOps(task);
    const seen: number[] = [];
    const a = new ReindexJobRunner(ops, {
      owner: 'gateway-a',
      pollMs: 2,
      onProgress: (p) => seen.push(p.created),
    });
    const b = new ReindexJobRunner(ops, { owner: 'cli-b', pollMs: 2 });
    const driven = await a.start();
    expect(driven.job).toMatchObject({ owner: 'gateway-a', state: 'running', leaseMs: 30_000 });
    const refused = await b.start().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ReindexBusyError);
    expect((refused as ReindexBusyError).job).toMatchObject({
      owner: 'gateway-a',
      startedAt: driven.job.startedAt,
    });
    expect((refused as Error).message).toContain(`driven by gateway-a`);
    task.state = { completed: true, progress: { total: 10, created: 10, conflicts: 0 } };
    const outcome = await driven.finished;
    expect(outcome).toMatchObject({ state: 'done', job: { state: 'done', to: `${ALIAS}-v2` } });
    expect(switched).toEqual([`${ALIAS}-v2`]);
    expect(seen.at(-1)).toBe(10);
    // Once done, the other process may start the next one.
    task.state = { completed: true, progress: { total: 10, created: 10, conflicts: 0 } };
    expect(await (await b.start()).finished).toMatchObject({ state: 'done' });
  });

  it("takes over a job once it has seen the same version for longer than the job's own lease", async () => {
    const task = { state: copying() as ReindexTaskState | undefined };
    const { ops, switched } = fakeOps(task);
    await orphan(ops, 1000);
    let now = 0;
    // Its own lease is far longer: the job's lease decides.
    const cli = new ReindexJobRunner(ops, { owner: 'cli', leaseMs: 60_000, pollMs: 2, clock: () => now });
    await expect(cli.start({ takeOverStale: true })).rejects.toBeInstanceOf(ReindexBusyError);
    now = 900;
    await expect(cli.start({ takeOverStale: true })).rejects.toBeInstanceOf(ReindexBusyError);
    now = 1001;
    const driven = await cli.start({ takeOverStale: true });
    expect(driven.takenOverFrom).toBe('gateway-dead:1:aaaaaa');
    expect(driven.job).toMatchObject({ owner: 'cli', taskId: 'node:1', leaseMs: 60_000 });
    task.state = { completed: true, progress: { total: 10, created: 10, conflicts: 0 } };
    expect(await driven.finished).toMatchObject({ state: 'done', job: { owner: 'cli', state: 'done' } });
    expect(switched).toEqual([`${ALIAS}-v2`]);
  });

  it('does not take over a job whose owner keeps a longer lease than the observer', async () => {
    const { ops } = fakeOps({ state: copying() });
    await orphan(ops, 30_000);
    let now = 0;
    const gw = new ReindexJobRunner(ops, { owner: 'gw', leaseMs: 1000, clock: () => now });
    await gw.current();
    now = 5000;
    expect(await gw.current()).toMatchObject({ owner: 'gateway-dead:1:aaaaaa' });
    expect((await ops.reindexJobs.read(ALIAS))?.job.owner).toBe('gateway-dead:1:aaaaaa');
  });

  it('stops driving, as lost, when another process writes the job', async () => {
    const { ops } = fakeOps({ state: copying() });
    const a = new ReindexJobRunner(ops, { owner: 'a', pollMs: 2, leaseMs: 600 });
    const driven = await a.start();
    let v = await ops.reindexJobs.read(ALIAS);
    for (let i = 0; i < 100 && !v?.job.taskId; i++) {
      await new Promise((r) => setTimeout(r, 5));
      v = await ops.reindexJobs.read(ALIAS);
    }
    if (!v) throw new Error('no job');
    await ops.reindexJobs.write({ ...v.job, owner: 'thief' }, v);
    expect(await driven.finished).toMatchObject({ state: 'lost', job: { owner: 'thief' } });
  });

  it('records a failed copy with its reason, and a vanished task, and allows a new run', async () => {
    const task: { state: ReindexTaskState | undefined } = {
      state: {
        completed: true,
        progress: { total: 1, created: 0, conflicts: 0 },
        failure: 'mapper exploded',
      },
    };
    const { ops } = fakeOps(task);
    const runner = new ReindexJobRunner(ops, { pollMs: 2 });
    const failed = await (await runner.start()).finished;
    expect(failed).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/mapper exploded/) as unknown,
    });
    expect((await ops.reindexJobs.read(ALIAS))?.job.state).toBe('failed');
    task.state = undefined;
    const gone = await (await runner.start()).finished;
    expect(gone).toMatchObject({ state: 'failed', error: expect.stringMatching(/is gone/) as unknown });
  });
});
