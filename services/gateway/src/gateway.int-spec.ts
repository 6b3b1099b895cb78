import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@opensearch-project/opensearch';
import { Queue } from 'bullmq';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import {
  HEADER_CONTENT_TYPE,
  HEADER_DUMP_ID,
  HEADER_SOURCE,
  HEADER_TRACE_ID,
  dumpIdFromBytes,
  stageTimestampHeader,
  type EnrichedArticle,
} from '@newsflow/contracts';
import { createKafka, ensureTopics, headersToStrings } from '@newsflow/messaging';
import { articlesIndexName, toArticleDocument } from '@newsflow/search';
import { redisConnection, stackEndpoints } from '../../../test/support/stack-env.js';
import { inChromium } from '../../../test/support/chromium.js';
import {
  gatewayTestConfig,
  indexDocuments,
  openArticlesIndex,
  removeGatewayIndices,
  startGateway as start,
  type RunningGateway as Running,
} from '../../../test/support/gateway-app.js';
import { removeRedisKeys } from '../../../test/support/redis-keys.js';
import { testName } from '../../../test/support/test-names.js';
import { sleep } from '../../../test/support/wait.js';
import { enrichedArticle, hexId as hex } from '../../../test/support/article-fixtures.js';
import { fetchQueueFor, type GatewayConfig } from './gateway.config.js';
import type { ProblemBody } from './problem/problem.exception.js';
import type { SearchResponse } from '@newsflow/search';

const API_KEY = 'test-gateway-key-0123';

const ID = {
  trade: hex(1),
  floods: hex(2),
  exports: hex(3),
  rescue: hex(4),
  football: hex(5),
  undated1: hex(6),
  undated2: hex(7),
};

function article(
  id: string,
  a: {
    title: string;
    body: string;
    source: string;
    topic: string;
    countries: string[];
    people?: string[];
    day?: number;
  },
): EnrichedArticle {
  const at = `2026-11-${String(a.day ?? 20).padStart(2, '0')}T10:00:00Z`;
  // Articles without a day have no publication date (clean could not find one): they sort last.
  const publishedAt = a.day === undefined ? undefined : at;
  return enrichedArticle({ ...a, id, dumpId: 'test-dump-1', at, publishedAt, topicScore: 0.9 });
}

const ARTICLES = [
  article(ID.trade, {
    title: 'Jiang Bin leads Chinese trade delegation to Moscow',
    body: 'Vice minister Jiang Bin arrived in Moscow on Monday with a trade delegation to discuss energy contracts and grain exports.',
    source: 'Reuters',
    topic: 'economy',
    countries: ['CN', 'RU'],
    people: ['Jiang Bin'],
    day: 1,
  }),
  article(ID.floods, {
    title: 'Floods in Bavaria force thousands from their homes',
    body: 'Heavy rain flooded rivers across Bavaria; rescue teams evacuated thousands of residents as river levels kept rising near Passau.',
    source: 'AP',
    topic: 'environment',
    countries: ['DE'],
    day: 2,
  }),
  article(ID.exports, {
    title: 'Chinese exports rise as trade talks resume in Beijing',
    body: 'Exports grew for a third month while negotiators met in Beijing to resume trade talks on tariffs and market access.',
    source: 'Xinhua',
    topic: 'economy',
    countries: ['CN'],
    day: 3,
  }),
  article(ID.rescue, {
    title: 'Bavaria floods: rescue teams evacuate more residents',
    body: 'Rescue teams in Bavaria evacuated more residents overnight as flooded rivers near Passau rose again after heavy rain.',
    source: 'Reuters',
    topic: 'environment',
    countries: ['DE'],
    day: 4,
  }),
  article(ID.football, {
    title: 'Bayern beat Dortmund in a late thriller',
    body: 'A stoppage-time header settled the derby as Bayern beat Dortmund three goals to two in Munich on Saturday.',
    source: 'AP',
    topic: 'sport',
    countries: ['DE'],
    day: 5,
  }),
  article(ID.undated1, {
    title: 'Lighthouse keepers gather for annual meeting',
    body: 'Keepers of old lighthouses met on the coast to share restoration tips for lamps and lenses.',
    source: 'Coastal Wire',
    topic: 'society',
    countries: ['FR'],
  }),
  article(ID.undated2, {
    title: 'Orchard growers expect a late apple harvest',
    body: 'A cool spring delayed blossoms, so growers expect apples to ripen two weeks later than usual.',
    source: 'Coastal Wire',
    topic: 'society',
    countries: ['FR'],
  }),
];

/** Value of the gateway's ingest counter in a /metrics text (0 before the first ingest). */
function ingestCounter(metrics: string): number {
  const m = /newsflow_messages_out_total\{[^}]*stage="ingest"[^}]*\} (\d+)/.exec(metrics);
  return m ? Number(m[1]) : 0;
}

async function getJson<T>(
  base: string,
  path: string,
): Promise<{ status: number; type: string | null; body: T }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as T };
}

function ingest(
  base: string,
  body: Buffer | undefined,
  opts: { key?: string; query?: string; type?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.key !== undefined) headers['x-api-key'] = opts.key;
  if (opts.type) headers['content-type'] = opts.type;
  return fetch(`${base}/v1/ingest${opts.query ?? ''}`, {
    method: 'POST',
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
}

describe('gateway against the real stack', () => {
  const prefix = testName('gw');
  let config: GatewayConfig;
  let os: Client;
  let kafka: Kafka;
  let consumer: Consumer;
  const received: KafkaMessage[] = [];
  let gw: Running;
  let fetchQueue: Queue | undefined;

  beforeAll(async () => {
    const stack = stackEndpoints();
    config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEY: API_KEY,
      GATEWAY_INGEST_MAX_BYTES: '4096',
      // Generous: the shared 2-core machine is often under heavy load, and these tests assert values, not speed.
      GATEWAY_STATS_TIMEOUT_MS: '10000',
      // Saved-search percolation has its own test (subscriptions.int-spec.ts); here it would leave a topic behind.
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
    });
    os = await openArticlesIndex(config);
    await indexDocuments(
      os,
      config.articlesAlias,
      ARTICLES.map((a) => toArticleDocument(a)),
    );

    kafka = createKafka({ brokers: [...stack.kafkaBrokers], clientId: `${prefix}-verify` });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [config.ingestTopic], 1);
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: `${prefix}-verify` });
    await consumer.connect();
    await consumer.subscribe({ topic: config.ingestTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        return Promise.resolve();
      },
    });

    // Two URL jobs waiting in the fetch stage's queue (no worker runs under this prefix).
    fetchQueue = new Queue(fetchQueueFor(prefix), { connection: redisConnection() });
    await fetchQueue.addBulk([
      { name: 'fetch-url', data: { url: 'https://example.org/1' } },
      { name: 'fetch-url', data: { url: 'https://example.org/2' } },
    ]);

    gw = await start(config);
  });

  afterAll(async () => {
    await gw?.app.close();
    // The gateway's URL-ingest queue (BullMQ) writes keys under the prefix even when no job is added.
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (fetchQueue) {
      await fetchQueue.obliterate({ force: true }).catch(() => undefined);
      await fetchQueue.close();
    }
    await consumer?.disconnect();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [config.ingestTopic] }).catch(() => undefined);
      await admin.deleteGroups([`${prefix}-verify`]).catch(() => undefined);
      await admin.disconnect();
    }
    if (os) await removeGatewayIndices(os, config, [articlesIndexName(config.articlesAlias)]);
  });

  it('finds the matching article first, with a highlighted title', async () => {
    const r = await getJson<SearchResponse>(gw.base, '/v1/search?q=Jiang%20Bin%20Moscow');
    expect(r.status).toBe(200);
    expect(r.body.hits[0]?.id).toBe(ID.trade);
    expect(r.body.hits[0]?.highlights.title).toContain('<mark>Jiang</mark>');
    expect(r.body.hits[0]).toMatchObject({
      source: 'Reuters',
      topic: 'economy',
      countries: ['CN', 'RU'],
      people: ['Jiang Bin'],
    });
    expect(r.body.hits[0]?.score).toBeGreaterThan(0);

    const inBody = await getJson<SearchResponse>(gw.base, '/v1/search?q=Passau');
    expect(new Set(inBody.body.hits.map((h) => h.id))).toEqual(new Set([ID.floods, ID.rescue]));
    expect(inBody.body.hits[0]?.highlights.body?.join(' ')).toContain('<mark>Passau</mark>');
    expect(inBody.body.hits[0]).not.toHaveProperty('body');
  });

  it('filters by source, country and topic and counts facets', async () => {
    const bySource = await getJson<SearchResponse>(gw.base, '/v1/search?source=Reuters');
    expect(bySource.body.total).toBe(2);
    expect(new Set(bySource.body.hits.map((h) => h.id))).toEqual(new Set([ID.trade, ID.rescue]));

    const cnEconomy = await getJson<SearchResponse>(gw.base, '/v1/search?country=cn&topic=economy');
    expect(new Set(cnEconomy.body.hits.map((h) => h.id))).toEqual(new Set([ID.trade, ID.exports]));

    const all = await getJson<SearchResponse>(gw.base, '/v1/search?facets=all');
    expect(all.body.total).toBe(7);
    expect(all.body.facets.source).toEqual(
      expect.arrayContaining([
        { value: 'Reuters', count: 2 },
        { value: 'AP', count: 2 },
        { value: 'Xinhua', count: 1 },
      ]),
    );
    expect(all.body.facets.country).toContainEqual({ value: 'DE', count: 3 });
    // Without query text the newest article comes first.
    expect(all.body.hits[0]?.id).toBe(ID.football);
  });

  it('answers bad parameters with a 400 problem naming the field', async () => {
    for (const [query, field] of [
      ['size=1000', 'size'],
      ['country=China', 'country'],
      ['from=yesterday', 'from'],
      ['colour=red', 'colour'],
      ['q=x&cursor=%%%not-a-cursor', 'cursor'],
    ] as const) {
      const r = await getJson<ProblemBody>(gw.base, `/v1/search?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(r.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it('pages with the cursor through disjoint pages that cover every article, past undated ones', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const r: { status: number; body: SearchResponse } = await getJson<SearchResponse>(
        gw.base,
        `/v1/search?size=3&facets=false${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      pages.push(r.body.hits.map((h) => h.id));
      cursor = r.body.nextCursor;
    } while (cursor && pages.length < 10);
    // Newest first, undated last: page 2 ends with an undated article, so page 3 starts after a "missing" sort value.
    expect(pages).toEqual([
      [ID.football, ID.rescue, ID.exports],
      [ID.floods, ID.trade, ID.undated1],
      [ID.undated2],
    ]);

    const relevance1 = await getJson<SearchResponse>(gw.base, '/v1/search?q=trade&size=1');
    const relevance2 = await getJson<SearchResponse>(
      gw.base,
      `/v1/search?q=trade&size=1&cursor=${relevance1.body.nextCursor ?? ''}`,
    );
    expect(relevance1.body.hits).toHaveLength(1);
    expect(relevance2.body.hits).toHaveLength(1);
    expect(relevance2.body.hits[0]?.id).not.toBe(relevance1.body.hits[0]?.id);
  });

  it('reads one article by id, 404 for a missing one and 400 for a malformed id', async () => {
    const ok = await getJson<{ id: string; body: string; title: string }>(
      gw.base,
      `/v1/articles/${ID.floods}`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      id: ID.floods,
      title: 'Floods in Bavaria force thousands from their homes',
    });
    expect(ok.body.body).toContain('Passau');

    const missing = await getJson<ProblemBody>(gw.base, `/v1/articles/${'f'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');

    const bad = await getJson<ProblemBody>(gw.base, '/v1/articles/xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('id');
  });

  it('finds the other flood story as the most similar article', async () => {
    const r = await getJson<{ id: string; hits: Array<{ id: string }> }>(
      gw.base,
      `/v1/articles/${ID.floods}/similar?size=3`,
    );
    expect(r.status).toBe(200);
    expect(r.body.hits[0]?.id).toBe(ID.rescue);
    expect(r.body.hits.map((h) => h.id)).not.toContain(ID.floods);
    const missing = await getJson<ProblemBody>(gw.base, `/v1/articles/${'e'.repeat(32)}/similar`);
    expect(missing.status).toBe(404);
  });

  it('refuses ingest without the right API key', async () => {
    const none = await ingest(gw.base, Buffer.from('<p>x</p>'));
    expect(none.status).toBe(401);
    expect(((await none.json()) as ProblemBody).code).toBe('unauthorized');
    const wrong = await ingest(gw.base, Buffer.from('<p>x</p>'), { key: 'wrong-key-000000' });
    expect(wrong.status).toBe(401);
  });

  it('refuses a body over the limit with 413 and an empty body with 400', async () => {
    const big = await ingest(gw.base, Buffer.alloc(5000, 97), { key: API_KEY, type: 'text/plain' });
    expect(big.status).toBe(413);
    expect(((await big.json()) as ProblemBody).code).toBe('payload_too_large');
    const empty = await ingest(gw.base, undefined, { key: API_KEY });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ProblemBody).errors?.[0]?.field).toBe('body');
  });

  it('puts an accepted dump on the ingest topic with its key, headers and exact bytes', async () => {
    const bytes = Buffer.from(`{"note":"raw JSON is forwarded byte for byte","n":${Date.now()}}`);
    const before = Date.now();
    const res = await ingest(gw.base, bytes, {
      key: API_KEY,
      type: 'application/json',
      query: '?source=Newswire',
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { dumpId: string; traceId: string; bytes: number };
    expect(accepted.dumpId).toBe(dumpIdFromBytes(bytes));
    expect(accepted.bytes).toBe(bytes.length);
    expect(res.headers.get('x-trace-id')).toBe(accepted.traceId);

    const urlOnly = await ingest(gw.base, undefined, {
      key: API_KEY,
      query: '?url=https%3A%2F%2Fexample.org%2Fstory',
    });
    expect(urlOnly.status).toBe(202);
    const urlAccepted = (await urlOnly.json()) as { dumpId: string };

    const deadline = Date.now() + 30_000;
    const find = (key: string) => received.find((m) => m.key?.toString() === key);
    while ((!find(accepted.dumpId) || !find(urlAccepted.dumpId)) && Date.now() < deadline) await sleep(100);
    const msg = find(accepted.dumpId);
    expect(msg).toBeDefined();
    expect(Buffer.compare(msg?.value ?? Buffer.alloc(0), bytes)).toBe(0);
    const headers = headersToStrings(msg?.headers);
    expect(headers[HEADER_TRACE_ID]).toBe(accepted.traceId);
    expect(headers[HEADER_DUMP_ID]).toBe(accepted.dumpId);
    expect(headers[HEADER_SOURCE]).toBe('Newswire');
    expect(headers[HEADER_CONTENT_TYPE]).toBe('application/json');
    const ts = Number(headers[stageTimestampHeader('ingest')]);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());

    expect(JSON.parse(find(urlAccepted.dumpId)?.value?.toString('utf8') ?? '')).toEqual({
      url: 'https://example.org/story',
    });
  });

  it('is ready with Kafka, OpenSearch and Redis up, says the pipeline is not healthy without its stages, and exposes request metrics', async () => {
    // Each check has a 2 s budget; on a loaded machine the first Kafka admin connection can exceed it once.
    type Ready = { status: string; checks: Record<string, { ok: boolean; ms: number }> };
    let ready = await getJson<Ready>(gw.base, '/ready');
    for (let i = 0; i < 5 && ready.status !== 200; i += 1) {
      await sleep(1000);
      ready = await getJson<Ready>(gw.base, '/ready');
    }
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('up');
    expect(Object.keys(ready.body.checks).sort()).toEqual(['kafka', 'opensearch', 'rate-limits', 'redis']);
    // No stage runs in this test: the aggregated /health names each one as down, with the reason.
    type Health = { status: string; unhealthy: Array<{ part: string; status: string; reason: string }> };
    const health = await getJson<Health>(gw.base, '/health');
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.unhealthy.filter((u) => u.status === 'down').map((u) => u.part)).toEqual(
      expect.arrayContaining(['fetch', 'clean', 'classify', 'index']),
    );

    const ingestedBefore = ingestCounter(await (await fetch(`${gw.base}/metrics`)).text());
    expect((await fetch(`${gw.base}/v1/search?q=floods`)).status).toBe(200);
    expect((await ingest(gw.base, Buffer.from(`metrics ${Date.now()}`), { key: API_KEY })).status).toBe(202);
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(
      /newsflow_http_request_duration_seconds_count\{[^}]*route="\/v1\/search"[^}]*status="200"/,
    );
    expect(metrics).toMatch(
      /newsflow_http_request_duration_seconds_count\{[^}]*route="\/v1\/ingest"[^}]*status="202"/,
    );
    expect(ingestCounter(metrics)).toBe(ingestedBefore + 1);
  });

  it('serves the OpenAPI document and the swagger UI from local assets', async () => {
    const doc = await getJson<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>(gw.base, '/docs-json');
    expect(Object.keys(doc.body.paths).sort()).toEqual(
      expect.arrayContaining([
        '/v1/search',
        '/v1/articles/{id}',
        '/v1/articles/{id}/similar',
        '/v1/ingest',
        '/health',
        '/metrics',
      ]),
    );
    expect(doc.body.components.schemas).toHaveProperty('Problem');
    const html = await (await fetch(`${gw.base}/docs`)).text();
    expect(html).toContain('swagger-ui');
    // Every script and stylesheet is served by the gateway itself: no CDN.
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      expect((await fetch(`${gw.base}/docs/${asset}`)).status, asset).toBe(200);
    }
  });

  it('renders the swagger UI in headless Chromium without any request leaving the gateway', async () => {
    await inChromium(`${gw.base}/docs`, async (page, external) => {
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('newsflow gateway');
      const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.textContent));
      expect(paths).toEqual(
        expect.arrayContaining(['/v1/search', '/v1/ingest', '/v1/articles/{id}', '/health']),
      );
      expect(external).toEqual([]);
    });
  });

  it('reports live pipeline figures for the dashboard', async () => {
    const r = await getJson<{
      articlesIndexed: number;
      opensearch: { ok: boolean };
      consumerLag: Array<{ group: string; topic: string; total: number }>;
      queues: unknown[];
    }>(gw.base, '/v1/stats');
    expect(r.status).toBe(200);
    expect(r.body.articlesIndexed).toBe(7);
    expect(r.body.opensearch.ok).toBe(true);
    const fetchLag = r.body.consumerLag.find((g) => g.group === `${prefix}.newsflow-fetch`);
    // Nothing consumes the test ingest topic as newsflow-fetch: every message on it is lag.
    const admin = kafka.admin();
    await admin.connect();
    const onTopic = (await admin.fetchTopicOffsets(config.ingestTopic)).reduce(
      (sum, p) => sum + Number(p.high) - Number(p.low),
      0,
    );
    await admin.disconnect();
    expect(fetchLag).toMatchObject({ topic: config.ingestTopic, total: onTopic });
    expect(r.body.queues).toHaveLength(1);
    expect(r.body.queues[0]).toMatchObject({
      name: fetchQueueFor(prefix),
      ok: true,
      counts: { waiting: 2, active: 0 },
    });
  });

  it('shows indexed articles, stage states and consumer lag on the dashboard page in headless Chromium', async () => {
    // The fetch stage's metrics URL points at this gateway's real /metrics (it counts the ingests above);
    // the other stages point at a closed port and must show as down.
    const closed = 'http://127.0.0.1:9';
    // One accepted ingest, so the scraped counter and the lag are above zero whatever ran before.
    expect((await ingest(gw.base, Buffer.from(`dashboard ${Date.now()}`), { key: API_KEY })).status).toBe(
      202,
    );
    const dash = await start({
      ...config,
      stageUrls: { fetch: gw.base, clean: closed, classify: closed, index: closed },
    });
    try {
      await inChromium(`${dash.base}/dashboard`, async (page, external) => {
        await page.waitForFunction(
          () => document.getElementById('articles-indexed')?.textContent === '7',
          undefined,
          { timeout: 30_000 },
        );
        expect(await page.textContent('#opensearch-status')).toMatch(/green|yellow/);
        // the "fetch" URL is the first gateway: it answers /health, so it is not down (its verdict is its own)
        expect(await page.textContent('[data-stage="fetch"] [data-field="state"]')).not.toBe('down');
        expect(
          Number(await page.textContent('[data-stage="fetch"] [data-field="out"]')),
        ).toBeGreaterThanOrEqual(1);
        for (const stage of ['clean', 'classify', 'index']) {
          expect(await page.textContent(`[data-stage="${stage}"] [data-field="state"]`), stage).toBe('down');
        }
        const lagCells = await page.$$eval(
          `[data-group="${prefix}.newsflow-fetch"] [data-field="lag"]`,
          (tds) => tds.map((td) => td.textContent),
        );
        expect(lagCells.length).toBe(1);
        expect(Number(lagCells[0])).toBeGreaterThanOrEqual(1);
        expect(Number(await page.textContent('#total-lag'))).toBeGreaterThanOrEqual(1);
        expect(await page.textContent(`[data-queue="${fetchQueueFor(prefix)}"] [data-field="waiting"]`)).toBe(
          '2',
        );
        // A second poll two seconds later keeps the page live.
        const first = await page.textContent('#updated');
        await page.waitForFunction((t) => document.getElementById('updated')?.textContent !== t, first, {
          timeout: 30_000,
        });
        expect(external).toEqual([]);
      });
    } finally {
      await dash.app.close();
    }
  });

  it('answers 503 problems when OpenSearch and Kafka are unreachable', async () => {
    const down = await start({
      ...config,
      opensearchUrl: 'http://127.0.0.1:9',
      kafkaBrokers: ['127.0.0.1:9'],
      kafkaSendTimeoutMs: 1500,
    });
    try {
      const search = await getJson<ProblemBody>(down.base, '/v1/search?q=x');
      expect(search.status).toBe(503);
      expect(search.body.code).toBe('opensearch_unavailable');
      expect(JSON.stringify(search.body)).not.toMatch(/\bat .*\.js:\d+/);
      const article = await getJson<ProblemBody>(down.base, `/v1/articles/${ID.trade}`);
      expect(article.status).toBe(503);
      const res = await ingest(down.base, Buffer.from('x'), { key: API_KEY });
      expect(res.status).toBe(503);
      expect(((await res.json()) as ProblemBody).code).toBe('kafka_unavailable');
      const health = await getJson<{ status: string; checks: Record<string, { ok: boolean }> }>(
        down.base,
        '/health',
      );
      expect(health.status).toBe(503);
      expect(health.body.checks.opensearch?.ok).toBe(false);
      expect(health.body.checks.kafka?.ok).toBe(false);
      expect(health.body.checks.redis?.ok).toBe(true);
    } finally {
      await down.app.close();
    }
  });
});
