import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import { ensureArticlesIndex, reindexRunnerOps } from '@newsflow/search';
import { REINDEX_EXIT, runReindexCommand } from '../../libs/cli/src/reindex/reindex.handler.js';
import { reindexStatusSchema, type ReindexStatus } from '../../services/gateway/src/admin/reindex.handler.js';
import type { GatewayConfig } from '../../services/gateway/src/gateway.config.js';
import { hexId as hex } from '../support/article-fixtures.js';
import {
  gatewayTestConfig,
  removeGatewayIndices,
  startGateway,
  type RunningGateway,
} from '../support/gateway-app.js';
import { removeRedisKeys } from '../support/redis-keys.js';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';
import { sleep } from '../support/wait.js';

const ADMIN_KEY = 'test-reindex-cli-admin-key-01';
const ARTICLES = 3000;
const LATE = 40;

function doc(n: number): Record<string, unknown> {
  const at = '2026-11-30T10:00:00.000Z';
  return {
    id: hex(n),
    dumpId: 'test-dump-reindex-cli',
    title: `article ${n}`,
    body: `body of article ${n}`,
    receivedAt: at,
    indexedAt: at,
    storyId: hex(n),
  };
}

/** What `newsflow reindex` printed, line by line. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('newsflow reindex takes the same job lock as the gateways (real OpenSearch)', () => {
  const prefix = testName('reindex-cli');
  let config: GatewayConfig;
  let os: Client;
  let gw: RunningGateway | undefined;

  const call = async (method: 'GET' | 'POST', path: string) => {
    const res = await fetch(`${gw?.base ?? ''}${path}`, { method, headers: { 'x-api-key': ADMIN_KEY } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const status = async (): Promise<ReindexStatus> =>
    reindexStatusSchema.parse((await call('GET', '/v1/admin/reindex')).body);
  const until = async (what: string, pick: (s: ReindexStatus) => boolean, timeoutMs = 45_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await status();
      if (pick(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(s)}`);
      await sleep(100);
    }
  };
  const bulk = async (from: number, n: number) => {
    const res = await os.bulk({
      body: Array.from({ length: n }, (_, i) => [
        { index: { _index: config.articlesAlias, _id: hex(from + i) } },
        doc(from + i),
      ]).flat(),
    });
    expect((res.body as { errors: boolean }).errors).toBe(false);
  };

  beforeAll(async () => {
    config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEY: ADMIN_KEY,
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
      // A throttled copy (1000-document batches at 200 documents/s), so the gateway's job still runs when the CLI asks.
      GATEWAY_REINDEX_REQUESTS_PER_SECOND: '200',
      GATEWAY_REINDEX_LEASE_MS: '5000',
    });
    os = new Client({ node: stackEndpoints().opensearchUrl });
    await ensureArticlesIndex(os, config.articlesAlias);
    for (let from = 0; from < ARTICLES; from += 1000) await bulk(from, 1000);
    await os.indices.refresh({ index: config.articlesAlias });
    gw = await startGateway(config);
  }, 180_000);

  afterAll(async () => {
    await gw?.app.close();
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (os) await removeGatewayIndices(os, config, [`${config.articlesAlias}-v*`, config.reindex.jobsIndex]);
  }, 180_000);

  it('refuses a CLI reindex while a gateway reindex holds the job, naming the holder and since when', async () => {
    expect((await call('POST', '/v1/admin/reindex')).status).toBe(202);
    const running = await until('the gateway copy', (s) => s.state === 'running' && s.phase === 'copying');
    if (running.state !== 'running') throw new Error('not running');

    const c = capture();
    const code = await runReindexCommand(
      reindexRunnerOps(os, config.articlesAlias, config.reindex.jobsIndex),
      { pollMs: 100, settleMs: 200 },
      c.io,
    );
    expect(code).toBe(REINDEX_EXIT.busy);
    const said = c.err.join('\n');
    expect(said).toContain(`held by ${running.owner} since ${running.startedAt}`);
    expect(said).toContain(`copy task ${running.taskId ?? ''}`);
    expect(c.out).toEqual([]);
    // The refusal changed nothing: the gateway still drives its job and finishes it.
    expect(await status()).toMatchObject({ state: 'running', owner: running.owner });
    await os.reindexRethrottle({ task_id: running.taskId ?? '', requests_per_second: -1 });
    const done = await until('the gateway reindex', (s) => s.state === 'done' || s.state === 'failed');
    expect(done).toMatchObject({ state: 'done', owner: running.owner, to: `${config.articlesAlias}-v2` });
  }, 120_000);

  it('runs a CLI reindex to the end while articles are written, keeping every one; the gateway refuses meanwhile', async () => {
    const c = capture();
    const cli = runReindexCommand(
      reindexRunnerOps(os, config.articlesAlias, config.reindex.jobsIndex),
      { pollMs: 100, settleMs: 200, requestsPerSecond: 1000 },
      c.io,
    );
    const held = await until('the CLI job', (s) => s.state === 'running' && s.owner.startsWith('cli:'));
    if (held.state !== 'running') throw new Error('not running');
    // Writes during the copy go to the new version and are kept.
    await bulk(ARTICLES, LATE);
    const refused = await call('POST', '/v1/admin/reindex');
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(held.owner);

    expect(await cli).toBe(REINDEX_EXIT.done);
    const to = `${config.articlesAlias}-v3`;
    expect(c.out[0]).toBe(
      `${config.articlesAlias} now reads and writes ${to} (was ${config.articlesAlias}-v2)`,
    );
    expect(c.err.some((l) => /copied \d+\/\d+ \(100%\)/.test(l))).toBe(true);
    expect(await status()).toMatchObject({ state: 'done', owner: held.owner, to });

    const aliases = await os.indices.getAlias({ name: config.articlesAlias });
    expect(Object.keys(aliases.body as Record<string, unknown>)).toEqual([to]);
    await os.indices.refresh({ index: config.articlesAlias });
    const count = await os.count({ index: config.articlesAlias });
    expect((count.body as unknown as { count: number }).count).toBe(ARTICLES + LATE);
  }, 120_000);
});
