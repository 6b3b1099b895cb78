import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Client } from '@opensearch-project/opensearch';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_TOPIC, dumpIdFromBytes } from '@newsflow/contracts';
import { articlesAliasFor, articlesIndexName, searchResponseSchema, type ArticleHit } from '@newsflow/search';
import { stopServices, type RunningService } from '../../libs/cli/src/pipeline/services.adapter.js';
import { hashApiKey } from '../../services/gateway/src/auth/api-keys.js';
import { reindexStatusSchema, type ReindexStatus } from '../../services/gateway/src/admin/reindex.handler.js';
import {
  SIGNATURE_HEADER,
  verifyWebhook,
} from '../../services/gateway/src/subscriptions/webhook-signature.js';
import {
  buildWorkspace,
  pipelineEnv,
  removePipelineResources,
  startPipeline,
} from '../support/pipeline-services.js';
import { freePorts } from '../support/free-ports.js';
import { pick, seededRandom } from '../support/seeded-random.js';
import { SseClient } from '../support/sse-client.js';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';
import { until as poll, sleep } from '../support/wait.js';

/**
 * The gateway as a news API over the whole running pipeline (services as processes on the real Kafka, OpenSearch
 * and Redis): a saved search registered at the gateway receives an article pushed as a dump into the ingest topic,
 * after fetch → clean → classify → index; and a reindex started through the admin API while dumps keep flowing
 * loses no article and duplicates none.
 */

const ADMIN_KEY = 'e2e-gateway-admin-key-0001';
const READER_KEY = 'e2e-gateway-reader-key-0001';

let prefix: string;
let gateway: string;
let alias: string;
let services: RunningService[] = [];
let kafka: Kafka;
let producer: Producer;
let os: Client;
let hooks: Server | undefined;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

const until = <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> =>
  poll(what, fn, { timeoutMs: 120_000, intervalMs: 250 });

async function api(
  method: string,
  path: string,
  opts: { key?: string; json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = {};
  if (opts.key) headers['x-api-key'] = opts.key;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${gateway}${path}`, {
    method,
    headers,
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** A plain-text dump (title, blank line, body): the pipeline turns it into exactly one article. */
async function pushDump(title: string, body: string): Promise<string> {
  const bytes = Buffer.from(`${title}\n\n${body}\n`);
  await producer.send({
    topic: `${prefix}.${INGEST_TOPIC}`,
    acks: -1,
    messages: [{ key: dumpIdFromBytes(bytes), value: bytes }],
  });
  return dumpIdFromBytes(bytes);
}

const WORDS = [
  'harbour',
  'council',
  'railway',
  'orchard',
  'glacier',
  'festival',
  'turbine',
  'library',
  'vineyard',
  'bridge',
  'museum',
  'ferry',
  'quarry',
  'lighthouse',
  'market',
  'stadium',
  'reservoir',
  'bakery',
  'tramway',
  'observatory',
  'canal',
  'meadow',
  'foundry',
  'archive',
  'theatre',
  'airport',
  'hospital',
  'brewery',
  'harvest',
  'workshop',
];

/** A distinct article text per index: different words, so no two are near-duplicates of each other. */
function articleText(n: number): { title: string; body: string } {
  const random = seededRandom(9000 + n);
  const words = Array.from({ length: 60 }, () => pick(WORDS, random));
  const title = `Ledger ${n}: ${words.slice(0, 4).join(' ')} report number ${n}`;
  const sentences = [0, 15, 30, 45].map(
    (i) => `The ${words.slice(i, i + 15).join(' ')} study ${n}-${i} was published by the regional office.`,
  );
  return { title, body: sentences.join(' ') };
}

type SubscriptionEvent = { article: ArticleHit; subscriptionId: string };

beforeAll(async () => {
  buildWorkspace();

  prefix = testName('e2e-gw');
  alias = articlesAliasFor(prefix);
  const ends = stackEndpoints();
  os = new Client({ node: ends.opensearchUrl });
  const [gw, fetchPort, clean, classify, index, hookPort] = await freePorts(6);
  gateway = `http://127.0.0.1:${gw}`;

  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks?.listen(hookPort, '127.0.0.1', r));

  services = await startPipeline(
    prefix,
    pipelineEnv(prefix, {
      // The default key holds every scope (admin included); the reader key only `read`.
      GATEWAY_API_KEY: ADMIN_KEY,
      GATEWAY_API_KEYS: `reader:${hashApiKey(READER_KEY)}:read`,
      GATEWAY_WEBHOOK_BACKOFF_MS: '200',
    }),
    { gateway: gw, fetch: fetchPort, clean, classify, index },
  );
  kafka = new Kafka({ clientId: 'e2e-gateway', brokers: [...ends.kafkaBrokers], logLevel: logLevel.NOTHING });
  producer = kafka.producer({ idempotent: true });
  await producer.connect();
  // The gateway creates its ingest topic in the background; wait until it answers for it.
  await until('the gateway to be ready', async () => {
    const r = await fetch(`${gateway}/ready`).catch(() => undefined);
    return r?.status === 200 ? true : undefined;
  });
}, 600_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await stopServices(services);
  await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
  // This run's topics, groups, article and subscription indices, template and Redis keys.
  if (prefix) await removePipelineResources(prefix);
  await os?.close();
});

describe('the gateway over the running pipeline (real Kafka, OpenSearch, Redis; services as processes)', () => {
  it('delivers an article pushed into the ingest topic to a live saved search, over SSE and a signed webhook', async () => {
    const created = await api('POST', '/v1/subscriptions', {
      key: READER_KEY,
      json: {
        query: '"tidal barrage" AND (Quelmarsh OR Bravenkov) -football',
        filters: { language: ['en'] },
        webhook: `http://127.0.0.1:${(hooks?.address() as { port: number }).port}/hook`,
      },
    });
    expect(created.status).toBe(201);
    const sub = created.body as { id: string; webhookSecret: string; stream: string };
    const sse = new SseClient<SubscriptionEvent>();
    await sse.open(`${gateway}${sub.stream}`, { 'x-api-key': READER_KEY });
    expect(sse.status).toBe(200);

    // First an article the query does not match (no phrase), indexed before the matching one is pushed.
    const other = await pushDump(
      'Quelmarsh council approves new ferry timetable',
      'The Quelmarsh council approved a new ferry timetable on Tuesday after months of debate about winter crossings, ' +
        'the harbour master said, adding that the first sailings under the new plan start next month.',
    );
    await until('the non-matching article to be searchable', async () => {
      const r = await api('GET', `/v1/search?dumpId=${other}`, { key: READER_KEY });
      return (r.body as { total: number }).total === 1 ? true : undefined;
    });
    const dumpId = await pushDump(
      'Bravenkov opens the first tidal barrage on the northern coast',
      'Engineers in Bravenkov switched on the first tidal barrage of the northern coast on Monday. The tidal barrage ' +
        'is expected to supply power to forty thousand homes, the regional energy agency said in a statement.',
    );

    // The first event on the stream is the matching article, as the pipeline indexed it.
    const event = await sse.next();
    sse.close();
    expect(event.data.subscriptionId).toBe(sub.id);
    expect(event.data.article.title).toBe('Bravenkov opens the first tidal barrage on the northern coast');
    // The event can arrive before the index refresh makes the article searchable (delivery follows the write, not the
    // refresh): wait until search finds the dump, then check it is the delivered article and only it.
    const hits = await until('the delivered article to be searchable', async () => {
      const r = await api('GET', `/v1/search?dumpId=${dumpId}`, { key: READER_KEY });
      const found = searchResponseSchema.parse(r.body).hits;
      return found.length > 0 ? found : undefined;
    });
    expect(hits.map((h) => h.id)).toEqual([event.data.article.id]);

    // The webhook receives the same event, signed with the secret returned at creation.
    const hook = await until('the webhook delivery', () =>
      Promise.resolve(
        received.find(
          (r) => (JSON.parse(r.body) as { article: { id: string } }).article.id === event.data.article.id,
        ),
      ),
    );
    expect(received.filter((r) => r.body.includes('ferry timetable'))).toEqual([]);
    const signature = hook.headers[SIGNATURE_HEADER];
    expect(typeof signature).toBe('string');
    expect(
      verifyWebhook(sub.webhookSecret, hook.body, String(signature), Math.floor(Date.now() / 1000)),
    ).toBe(true);
  });

  it('answers admin routes only to an admin-scoped key: 401 without a key, 403 for a read key', async () => {
    const none = await api('POST', '/v1/admin/reindex');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const noneBody = none.body as { code: string; detail: string };
    expect(noneBody.code).toBe('unauthorized');
    expect(noneBody.detail).toMatch(/scope "admin"/);
    const reader = await api('POST', '/v1/admin/reindex', { key: READER_KEY });
    expect(reader.status).toBe(403);
    const readerBody = reader.body as { code: string; detail: string };
    expect(readerBody.code).toBe('forbidden');
    expect(readerBody.detail).toMatch(/"reader" lacks the scope "admin"/);
    const replay = await api('POST', '/v1/dead-letters/0/0/replay', { key: READER_KEY });
    expect(replay.status).toBe(403);
    const status = await api('GET', '/v1/admin/reindex', { key: ADMIN_KEY });
    expect(status.status).toBe(200);
    expect(reindexStatusSchema.parse(status.body).state).toBe('idle');
  });

  it('reindexes through the admin API while dumps are being ingested, losing no article and duplicating none', async () => {
    const pushed: string[] = [];
    let n = 0;
    const push = async () => {
      const { title, body } = articleText(n++);
      pushed.push(await pushDump(title, body));
    };
    const searchable = async () => {
      await os.indices.refresh({ index: alias });
      const r = await os.count({ index: alias, body: { query: { match: { title: 'ledger' } } } });
      return (r.body as { count: number }).count;
    };
    // The pipeline is flowing before the reindex starts.
    for (let i = 0; i < 10; i++) await push();
    await until('the first ledger articles to be indexed', async () =>
      (await searchable()) >= 5 ? true : undefined,
    );

    const started = await api('POST', '/v1/admin/reindex', { key: ADMIN_KEY });
    expect(started.status).toBe(202);
    expect(reindexStatusSchema.parse(started.body).state).toBe('running');
    const again = await api('POST', '/v1/admin/reindex', { key: ADMIN_KEY });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'conflict' });

    // Dumps keep arriving, one at a time, until the reindex is over; then a few more.
    let status: ReindexStatus;
    for (;;) {
      await push();
      const r = await api('GET', '/v1/admin/reindex', { key: ADMIN_KEY });
      status = reindexStatusSchema.parse(r.body);
      if (status.state !== 'running') break;
      await sleep(100);
    }
    for (let i = 0; i < 5; i++) await push();
    expect(status).toMatchObject({
      state: 'done',
      from: [articlesIndexName(alias, 1)],
      to: articlesIndexName(alias, 2),
    });
    if (status.state !== 'done') throw new Error('unreachable');

    await until(`all ${pushed.length} ledger articles to be indexed`, async () =>
      (await searchable()) >= pushed.length ? true : undefined,
    );
    // Exactly one article per pushed dump, all in the new version behind the alias.
    const aliases = (await os.indices.getAlias({ name: alias })).body as Record<string, unknown>;
    expect(Object.keys(aliases)).toEqual([status.to]);
    const agg = await os.search({
      index: alias,
      body: {
        size: 0,
        query: { match: { title: 'ledger' } },
        aggs: { dumps: { terms: { field: 'dumpId', size: 10_000 } } },
      } as Record<string, unknown>,
    });
    const body = agg.body as unknown as {
      hits: { total: { value: number } };
      aggregations: { dumps: { buckets: Array<{ key: string; doc_count: number }> } };
    };
    const buckets = body.aggregations.dumps.buckets;
    expect(body.hits.total.value).toBe(pushed.length);
    expect(buckets.filter((b) => b.doc_count !== 1)).toEqual([]);
    expect(new Set(buckets.map((b) => b.key))).toEqual(new Set(pushed));

    // Some articles were indexed while the copy ran (the test covered ingest during the reindex, not before/after).
    const during = await os.count({
      index: alias,
      body: {
        query: {
          bool: {
            filter: [
              { match: { title: 'ledger' } },
              { range: { indexedAt: { gte: status.startedAt, lte: status.finishedAt } } },
            ],
          },
        },
      },
    });
    expect((during.body as { count: number }).count).toBeGreaterThan(0);

    // The gateway searches the new version; the old one is kept until dropped through the admin API.
    const all = await api('GET', '/v1/search?q=Ledger&collapse=none&size=1', { key: READER_KEY });
    expect(searchResponseSchema.parse(all.body).total).toBe(pushed.length);
    const dropped = await api('POST', '/v1/admin/reindex/drop-old', { key: ADMIN_KEY });
    expect(dropped.status).toBe(200);
    expect(dropped.body).toEqual({ alias, dropped: [articlesIndexName(alias, 1)] });
  });
});
