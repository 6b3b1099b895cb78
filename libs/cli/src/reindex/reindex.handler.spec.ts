import { describe, expect, it } from 'vitest';
import { MemoryReindexJobStore, type ReindexRunnerOps, type ReindexTaskState } from '@newsflow/search';
import { REINDEX_EXIT, runReindexCommand } from './reindex.handler.js';

const ALIAS = 'x.news-articles';

function fakeOps(task: { state: ReindexTaskState | undefined }): ReindexRunnerOps {
  return {
    alias: ALIAS,
    reindexJobs: new MemoryReindexJobStore(),
    startReindexCopy: () =>
      Promise.resolve({ alias: ALIAS, sources: [`${ALIAS}-v1`], target: `${ALIAS}-v2`, taskId: 'node:7' }),
    reindexTaskState: () => Promise.resolve(task.state),
    switchToReindexed: () => Promise.resolve(),
  };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('newsflow reindex (runReindexCommand)', () => {
  it('refuses with exit 3 while another process holds the job, naming it, since when and its task', async () => {
    const ops = fakeOps({ state: undefined });
    const now = new Date().toISOString();
    await ops.reindexJobs.write(
      {
        alias: ALIAS,
        state: 'running',
        phase: 'copying',
        owner: 'gw-host:42:abcdef',
        startedAt: now,
        heartbeatAt: now,
        leaseMs: 30_000,
        taskId: 'node:3',
        progress: { total: 100, created: 40, conflicts: 2 },
      },
      undefined,
    );
    const c = capture();
    expect(await runReindexCommand(ops, {}, c.io)).toBe(REINDEX_EXIT.busy);
    const lines = c.err.join('\n').split('\n');
    expect(lines[0]).toBe(
      `refused: a reindex of ${ALIAS} is already running, held by gw-host:42:abcdef since ${now}`,
    );
    expect(lines[1]).toMatch(
      /^ {2}phase copying, copy task node:3, copied 42\/100, last heartbeat \d+\.\d s ago$/,
    );
    expect(c.out).toEqual([]);

    const json = capture();
    expect(await runReindexCommand(ops, { json: true }, json.io)).toBe(REINDEX_EXIT.busy);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({
      error: 'reindex_busy',
      owner: 'gw-host:42:abcdef',
      startedAt: now,
      taskId: 'node:3',
    });
  });

  it('drives a free job to the switch, printing progress on stderr and the result on stdout', async () => {
    const task: { state: ReindexTaskState | undefined } = {
      state: { completed: true, progress: { total: 50, created: 48, conflicts: 2 } },
    };
    const c = capture();
    expect(await runReindexCommand(fakeOps(task), { pollMs: 2 }, c.io)).toBe(REINDEX_EXIT.done);
    expect(c.err).toContain(`copying ${ALIAS}-v1 into ${ALIAS}-v2 (OpenSearch task node:7)`);
    expect(c.err).toContain('  copied 50/50 (100%)');
    expect(c.out[0]).toBe(`${ALIAS} now reads and writes ${ALIAS}-v2 (was ${ALIAS}-v1)`);
    expect(c.out[1]).toMatch(/^copied 48 articles; 2 were already written to .* during the copy and kept/);
  });

  it('exits 1 with the reason when the copy fails', async () => {
    const task: { state: ReindexTaskState | undefined } = {
      state: {
        completed: true,
        progress: { total: 1, created: 0, conflicts: 0 },
        failure: 'mapper exploded',
      },
    };
    const c = capture();
    expect(await runReindexCommand(fakeOps(task), { pollMs: 2 }, c.io)).toBe(REINDEX_EXIT.failed);
    expect(c.err.at(-1)).toMatch(/^reindex failed: copy into .* failed: mapper exploded/);
  });

  it('takes over a job whose heartbeat stopped, after watching it unchanged for its lease, and finishes it', async () => {
    const task: { state: ReindexTaskState | undefined } = {
      state: { completed: true, progress: { total: 5, created: 5, conflicts: 0 } },
    };
    const ops = fakeOps(task);
    const long = new Date(Date.now() - 60_000).toISOString();
    await ops.reindexJobs.write(
      {
        alias: ALIAS,
        state: 'running',
        phase: 'copying',
        owner: 'cli:gone:1:aaaaaa',
        startedAt: long,
        heartbeatAt: long,
        leaseMs: 50,
        taskId: 'node:9',
        from: [`${ALIAS}-v1`],
        to: `${ALIAS}-v2`,
      },
      undefined,
    );
    const c = capture();
    expect(await runReindexCommand(ops, { pollMs: 2 }, c.io)).toBe(REINDEX_EXIT.done);
    expect(c.err[0]).toMatch(/^the reindex held by cli:gone:1:aaaaaa has not renewed its heartbeat since /);
    expect(c.err[1]).toBe(
      `took over the reindex of ${ALIAS} that cli:gone:1:aaaaaa started at ${long} (task node:9)`,
    );
    expect((await ops.reindexJobs.read(ALIAS))?.job).toMatchObject({ state: 'done', taskId: 'node:9' });
  });
});
