import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { ensureArticlesIndex } from '@newsflow/search';
import { removeGatewayIndices } from '../../../../test/support/gateway-app.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { testName } from '../../../../test/support/test-names.js';
import { hexId as hex } from '../../../../test/support/article-fixtures.js';
import { createGatewayApp, createGatewayDeps } from '../app.js';
import { loadGatewayConfig, type GatewayConfig } from '../gateway.config.js';
import type { ProblemBody } from '../problem/problem.exception.js';
import { ReindexHandler, reindexStatusSchema, type ReindexStatus } from './reindex.handler.js';

const ADMIN_KEY = 'test-reindex-admin-key-0001';
const ARTICLES = 3000;
const LATE = 50;

function doc(n: number): Record<string, unknown> {
  const at = '2026-11-30T10:00:00.000Z';
  return {
    id: hex(n),
    dumpId: 'test-dump-gw-reindex',
    title: `article ${n}`,
    body: `body of article ${n}`,
    receivedAt: at,
    indexedAt: at,
    storyId: hex(n),
  };
}

interface Gateway {
  app: NestExpressApplication;
  base: string;
  instance: string;
}

async function start(config: GatewayConfig): Promise<Gateway> {
  const app = await createGatewayApp(
    createGatewayDeps(config, pino({ level: process.env.TEST_LOG ?? 'silent' })),
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, base: `http://127.0.0.1:${address.port}`, instance: app.get(ReindexHandler).instance };
}

async function call<T>(gw: Gateway, method: 'GET' | 'POST', path: string) {
  const res = await fetch(`${gw.base}${path}`, { method, headers: { 'x-api-key': ADMIN_KEY } });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as T };
}

const status = async (gw: Gateway) => {
  const r = await call<ReindexStatus>(gw, 'GET', '/v1/admin/reindex');
  expect(r.status).toBe(200);
  return reindexStatusSchema.parse(r.body);
};

/** Polls `gw`'s reindex state until `pick` accepts it; the error names the last state seen. */
async function until<T>(
  what: string,
  gw: Gateway,
  pick: (s: ReindexStatus) => T | undefined,
  timeoutMs = 45_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await status(gw);
    const v = pick(s);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reindex state shared by gateway instances (real OpenSearch)', () => {
  const prefix = testName('gw-reindex');
  let config: GatewayConfig;
  let os: Client;
  const running: Gateway[] = [];
  const boot = async () => {
    const gw = await start(config);
    running.push(gw);
    return gw;
  };
  const stop = async (gw: Gateway) => {
    running.splice(running.indexOf(gw), 1);
    await gw.app.close();
  };

  beforeAll(async () => {
    const stack = stackEndpoints();
    const loaded = loadGatewayConfig({
      NEWSFLOW_PREFIX: prefix,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      OPENSEARCH_URL: stack.opensearchUrl,
      REDIS_URL: stack.redisUrl,
      GATEWAY_API_KEY: ADMIN_KEY,
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
      LOG_LEVEL: 'silent',
      // A short lease, so a dead owner is noticed within seconds, and a throttled copy (1000-document batches at
      // 200 documents/s: 5 s a batch, 15 s in all), so it still runs while its owner is stopped and replaced on a
      // loaded machine; the test lifts the throttle once the job has a new owner.
      GATEWAY_REINDEX_LEASE_MS: '1500',
      GATEWAY_REINDEX_REQUESTS_PER_SECOND: '200',
    });
    config = loaded;
    os = new Client({ node: stack.opensearchUrl });
    await ensureArticlesIndex(os, config.articlesAlias);
    for (let from = 0; from < ARTICLES; from += 1000)
      await os.bulk({
        body: Array.from({ length: 1000 }, (_, i) => [
          { index: { _index: config.articlesAlias, _id: hex(from + i) } },
          doc(from + i),
        ]).flat(),
      });
    await os.indices.refresh({ index: config.articlesAlias });
  });

  afterAll(async () => {
    for (const gw of [...running]) await gw.app.close();
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (os) await removeGatewayIndices(os, config, [`${config.articlesAlias}-v*`, config.reindex.jobsIndex]);
  });

  it('runs one reindex across two instances, both report it, and it survives the restart of every gateway', async () => {
    const a = await boot();
    const b = await boot();
    expect(await status(a)).toEqual({ state: 'idle' });
    expect(await status(b)).toEqual({ state: 'idle' });

    // Two starts at the same moment on two instances: exactly one wins, the other is a 409 problem.
    const [ra, rb] = await Promise.all([
      call<ReindexStatus | ProblemBody>(a, 'POST', '/v1/admin/reindex'),
      call<ReindexStatus | ProblemBody>(b, 'POST', '/v1/admin/reindex'),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([202, 409]);
    const [winner, loser] = ra.status === 202 ? [a, b] : [b, a];
    const refused = (ra.status === 409 ? ra : rb) as { type: string | null; body: ProblemBody };
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 409, code: 'conflict' });

    // The other instance knows the job, its task and its progress; it refuses a second start and a drop.
    const copying = await until('the copy task', loser, (s) =>
      s.state === 'running' && s.phase === 'copying' ? s : undefined,
    );
    expect(copying).toMatchObject({ owner: winner.instance, alias: config.articlesAlias });
    const taskId = copying.state === 'running' ? copying.taskId : undefined;
    expect(taskId).toMatch(/^.+:\d+$/);
    const again = await call<ProblemBody>(loser, 'POST', '/v1/admin/reindex');
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(taskId);
    expect((await call<ProblemBody>(loser, 'POST', '/v1/admin/reindex/drop-old')).status).toBe(409);

    // Writes during the copy (the index stage keeps ingesting) go to the new version and are kept.
    await os.bulk({
      body: Array.from({ length: LATE }, (_, i) => [
        { index: { _index: config.articlesAlias, _id: hex(ARTICLES + i) } },
        doc(ARTICLES + i),
      ]).flat(),
    });

    // Every gateway goes away mid-copy (as in a crash, nothing is written on the way out); the task runs on.
    await stop(a);
    await stop(b);
    const task = await os.tasks.get({ task_id: taskId ?? '' });
    expect((task.body as unknown as { completed: boolean }).completed).toBe(false);

    // Restarted gateways report the job at once, with the task's progress...
    const a2 = await boot();
    const b2 = await boot();
    const reported = await status(a2);
    expect(reported).toMatchObject({ state: 'running', taskId, phase: 'copying' });
    // Still the dead owner, unless booting took longer than the lease and a restarted gateway took over already.
    expect([winner.instance, a2.instance, b2.instance]).toContain(
      reported.state === 'running' ? reported.owner : '',
    );
    expect((await call<ProblemBody>(b2, 'POST', '/v1/admin/reindex')).status).toBe(409);
    // ...and once the dead owner's lease has run out, exactly one of them takes the job over.
    const adopted = await until('a new owner', b2, (s) =>
      s.state === 'running' && s.owner !== winner.instance ? s : undefined,
    );
    expect([a2.instance, b2.instance]).toContain(adopted.state === 'running' ? adopted.owner : '');
    expect(adopted).toMatchObject({ taskId, phase: 'copying' });
    // Let the copy finish at full speed; the new owner switches the alias.
    await os.reindexRethrottle({ task_id: taskId ?? '', requests_per_second: -1 });
    const done = await until('the end of the reindex', a2, (s) =>
      s.state === 'done' || s.state === 'failed' ? s : undefined,
    );
    expect(done).toMatchObject({ state: 'done', owner: adopted.state === 'running' ? adopted.owner : '' });
    expect(await status(b2)).toEqual(done);
    const to = done.state === 'done' ? done.to : '';
    const from = done.state === 'done' ? done.from : [];
    expect(to).toBe(`${config.articlesAlias}-v2`);
    expect(from).toEqual([`${config.articlesAlias}-v1`]);

    // Only the new version is behind the alias, with every article (the late ones included); the old one is kept.
    const aliases = await os.indices.getAlias({ name: config.articlesAlias });
    expect(Object.keys(aliases.body)).toEqual([to]);
    await os.indices.refresh({ index: config.articlesAlias });
    const count = await os.count({ index: config.articlesAlias });
    expect((count.body as unknown as { count: number }).count).toBe(ARTICLES + LATE);
    expect((await os.indices.exists({ index: from[0] ?? '' })).body).toBe(true);
    const dropped = await call<{ dropped: string[] }>(b2, 'POST', '/v1/admin/reindex/drop-old');
    expect(dropped).toMatchObject({ status: 200, body: { dropped: from } });
  });
});
