import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import type { EnrichedArticle, IndexedConfirmation } from '@newsflow/contracts';
import { createKafka, ensureTopics } from '@newsflow/messaging';
import { articlesIndexName, ensureArticlesIndex, toArticleDocument } from '@newsflow/search';
import {
  gatewayTestConfig,
  removeGatewayIndices,
  startGateway,
  type RunningGateway,
} from '../../../../test/support/gateway-app.js';
import { SseClient } from '../../../../test/support/sse-client.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { testName } from '../../../../test/support/test-names.js';
import { sleep } from '../../../../test/support/wait.js';
import { enrichedArticle, hexId as hex } from '../../../../test/support/article-fixtures.js';
import type { GatewayConfig } from '../gateway.config.js';
import type { ProblemBody } from '../problem/problem.exception.js';
import type { MatchEvent } from './percolate.handler.js';
import type { SubscriptionCreated } from './subscriptions.handler.js';
import { SIGNATURE_HEADER, verifyWebhook } from './webhook-signature.js';

const KEY = 'test-subscriptions-key-0001';

function article(id: string, title: string, country: string): EnrichedArticle {
  const at = new Date().toISOString();
  const body = `${title}. More text about the matter follows here.`;
  return enrichedArticle({
    id,
    dumpId: 'test-dump-subs',
    title,
    body,
    source: 'Wire One',
    at,
    publishedAt: at,
    countries: [country],
    summary: title,
  });
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('live saved searches against the real stack', () => {
  const prefix = testName('gw-subs');
  let config: GatewayConfig;
  let gw: RunningGateway | undefined;
  let base: string;
  let os: Client;
  let kafka: Kafka;
  let producer: Producer;
  let hook: Server;
  let hookUrl: string;
  const delivered: Received[] = [];
  let hookCalls = 0;

  beforeAll(async () => {
    const stack = stackEndpoints();
    config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEY: KEY,
      GATEWAY_WEBHOOK_BACKOFF_MS: '200',
    });
    os = new Client({ node: stack.opensearchUrl });
    await ensureArticlesIndex(os, config.articlesAlias);
    kafka = createKafka({ brokers: [...stack.kafkaBrokers], clientId: `${prefix}-test` });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [config.subscriptions.indexedTopic], 1);
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();

    // A webhook receiver that fails twice, then accepts: deliveries must be retried.
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hookCalls++;
        if (hookCalls <= 2) {
          res.writeHead(500).end();
          return;
        }
        delivered.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const addr = hook.address();
    hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;

    gw = await startGateway(config);
    base = gw.base;
  });

  afterAll(async () => {
    await gw?.deps.subscriptions.webhooks.obliterate().catch(() => undefined);
    await gw?.app.close();
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    await producer?.disconnect();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [config.subscriptions.indexedTopic] }).catch(() => undefined);
      await admin.deleteGroups([config.subscriptions.group]).catch(() => undefined);
      await admin.disconnect();
    }
    const redis = new Redis(stackEndpoints().redisUrl);
    const keys = [
      ...(await redis.keys(`${config.subscriptions.streamKeyPrefix}:*`)),
      ...(await redis.keys(`bull:${prefix}.*`)),
    ];
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    // Everything else under the prefix (the URL-ingest and webhook queues' BullMQ keys).
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (os)
      await removeGatewayIndices(os, config, [
        articlesIndexName(config.articlesAlias),
        config.subscriptions.index,
      ]);
  });

  /** Indexes an article the way the index stage does and publishes its confirmation on news.indexed.v1. */
  async function indexed(a: EnrichedArticle): Promise<void> {
    await os.index({ index: config.articlesAlias, id: a.id, body: toArticleDocument(a) });
    const confirmation: IndexedConfirmation = {
      schemaVersion: 1,
      id: a.id,
      dumpId: a.dumpId,
      index: articlesIndexName(config.articlesAlias),
      result: 'created',
      indexedAt: new Date().toISOString(),
      stageTimestamps: {},
    };
    await producer.send({
      topic: config.subscriptions.indexedTopic,
      messages: [{ key: a.id, value: JSON.stringify(confirmation) }],
    });
  }

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${base}/v1/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it('refuses malformed saved searches with a 400 problem naming the field (and the position)', async () => {
    const syntax = await post({ query: 'harbour AND (wall' });
    expect(syntax.status).toBe(400);
    const p = (await syntax.json()) as ProblemBody;
    expect(p.errors?.[0]).toMatchObject({ field: 'query', position: 12 });
    const empty = await post({ query: '' });
    expect(((await empty.json()) as ProblemBody).errors?.[0]?.field).toBe('query');
    const hookBad = await post({ query: 'x', webhook: 'ftp://example.org' });
    expect(((await hookBad.json()) as ProblemBody).errors?.[0]?.field).toBe('webhook');
    const notJson = await post('{nope');
    expect(((await notJson.json()) as ProblemBody).errors?.[0]?.field).toBe('body');
    const unknown = await post({ query: 'x', colour: 'red' });
    expect(((await unknown.json()) as ProblemBody).errors?.[0]?.field).toBe('colour');
  });

  it('pushes each newly indexed matching article over SSE, resumes with Last-Event-ID, and delivers signed webhooks with retries', async () => {
    const created = await post({
      query: 'Quelmarsh OR Bravenkov',
      filters: { country: ['GB'] },
      webhook: hookUrl,
    });
    expect(created.status).toBe(201);
    const sub = (await created.json()) as SubscriptionCreated;
    expect(sub.id).toMatch(/^[0-9a-f]{32}$/);
    expect(sub.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    const got = await fetch(`${base}/v1/subscriptions/${sub.id}`);
    expect(((await got.json()) as { q: string }).q).toBe('Quelmarsh OR Bravenkov');

    const sse = new SseClient<MatchEvent>();
    await sse.open(`${base}${sub.stream}`, {});
    expect(sse.status).toBe(200);
    expect(sse.contentType).toContain('text/event-stream');

    // The percolation consumer joins its group in the background: publish the first match until it is seen.
    const first = article(hex(0x51), 'Quelmarsh harbour wall approved', 'GB');
    let firstEvent: { id: string; data: MatchEvent } | undefined;
    const waitFirst = sse.next().then((e) => (firstEvent = e));
    for (let i = 0; i < 60 && !firstEvent; i++) {
      await indexed(first);
      await Promise.race([waitFirst, sleep(500)]);
    }
    expect(firstEvent?.data.article.id).toBe(first.id);
    expect(firstEvent?.data.subscriptionId).toBe(sub.id);
    // Drain repeats of the first article (it may have been published more than once above).
    const other = article(hex(0x52), 'Quelmarsh council meets', 'DE'); // filtered out: country
    const second = article(hex(0x53), 'Bravenkov miners return to work', 'GB');
    await indexed(other);
    await indexed(second);
    let e = await sse.next();
    while (e.data.article.id === first.id) e = await sse.next();
    expect(e.data.article.id).toBe(second.id);
    expect(e.data.article.countries).toEqual(['GB']);
    const lastSeen = e.id;
    sse.close();

    // Missed while disconnected, received on reconnect with Last-Event-ID.
    const third = article(hex(0x54), 'Quelmarsh ferry resumes', 'GB');
    await indexed(third);
    const resumed = new SseClient<MatchEvent>();
    await resumed.open(`${base}${sub.stream}`, { 'last-event-id': lastSeen });
    expect((await resumed.next()).data.article.id).toBe(third.id);
    resumed.close();

    // Webhooks: the receiver failed twice, every matching article still arrives once, signed.
    const want = new Set([first.id, second.id, third.id]);
    while (new Set(delivered.map((d) => (JSON.parse(d.body) as MatchEvent).article.id)).size < want.size)
      await sleep(200);
    const ids = delivered.map((d) => (JSON.parse(d.body) as MatchEvent).article.id);
    expect(new Set(ids)).toEqual(want);
    expect(ids).toHaveLength(3);
    expect(hookCalls).toBe(5);
    const retried = delivered.find((d) => Number(d.headers['x-newsflow-attempt']) > 1);
    expect(retried).toBeDefined();
    for (const d of delivered) {
      const sig = d.headers[SIGNATURE_HEADER];
      expect(typeof sig).toBe('string');
      expect(verifyWebhook(sub.webhookSecret ?? '', d.body, String(sig), Math.floor(Date.now() / 1000))).toBe(
        true,
      );
      expect(
        verifyWebhook(sub.webhookSecret ?? '', `${d.body} `, String(sig), Math.floor(Date.now() / 1000)),
      ).toBe(false);
    }
  });

  it('answers 404 for an unknown subscription stream, 400 for a bad Last-Event-ID, and deletes', async () => {
    const missing = await fetch(`${base}/v1/subscriptions/${'a'.repeat(32)}/stream`);
    expect(missing.status).toBe(404);
    const created = (await (await post({ query: 'Bravenkov' })).json()) as SubscriptionCreated;
    const bad = await fetch(`${base}/v1/subscriptions/${created.id}/stream`, {
      headers: { 'last-event-id': 'x' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ProblemBody).errors?.[0]?.field).toBe('Last-Event-ID');
    const del = await fetch(`${base}/v1/subscriptions/${created.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await fetch(`${base}/v1/subscriptions/${created.id}`)).status).toBe(404);
  });
});
