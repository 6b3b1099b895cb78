/**
 * Delivery latency of live saved searches: from the moment an article is written to OpenSearch to the moment an SSE
 * subscriber receives it, with S stored subscriptions (default 1,000).
 *
 * An in-process gateway (percolation consumer on) on its own prefix; S subscriptions each on a distinct token, C of
 * them with an open SSE stream; then A articles at R/s, each carrying the token of one streamed subscription, are
 * written to the articles index and announced on news.indexed.v1 the way the index stage does. Latency = SSE receipt
 * − write time. Everything it creates (prefix bench-subs-...) is removed at the end.
 *
 * Run: npx tsx test/bench/bench-subscriptions.ts [--subscriptions 1000 --streams 10 --articles 300 --rate 20]
 */
import { Client } from '@opensearch-project/opensearch';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { IndexedConfirmation } from '@newsflow/contracts';
import { articlesIndexName, ensureArticlesIndex } from '@newsflow/search';
import { createGatewayApp, createGatewayDeps } from '../../services/gateway/src/app.js';
import { loadGatewayConfig } from '../../services/gateway/src/gateway.config.js';
import { ScriptArgs } from '../support/script-args.js';
import { benchEndpoints, benchPrefix, createBenchKafka, machineInfo } from './support/bench-env.js';
import { summarise } from './support/stats.js';

const args = new ScriptArgs();
args.allowOnly(['subscriptions', 'streams', 'articles', 'rate']);
const SUBS = Math.round(args.number('subscriptions', 1000));
const STREAMS = Math.round(args.number('streams', 10));
const ARTICLES = Math.round(args.number('articles', 300));
const RATE = args.number('rate', 20);
const hex = (n: number) => n.toString(16).padStart(32, '0');
const token = (i: number) => `zqtok${i.toString(36)}x`;

async function main(): Promise<void> {
  const ends = benchEndpoints();
  const prefix = benchPrefix('subs');
  const config = loadGatewayConfig({
    NEWSFLOW_PREFIX: prefix,
    KAFKA_BROKERS: ends.kafkaBrokers.join(','),
    OPENSEARCH_URL: ends.opensearchUrl,
    REDIS_URL: ends.redisUrl,
    GATEWAY_ANONYMOUS_RATE: '1000000',
    GATEWAY_ANONYMOUS_BURST: '1000000',
    LOG_LEVEL: 'silent',
  });
  const os = new Client({ node: ends.opensearchUrl });
  const kafka = createBenchKafka(ends, `${prefix}-bench`);
  const producer = kafka.producer();
  const deps = createGatewayDeps(config, pino({ level: 'silent' }));
  const app = await createGatewayApp(deps);
  const controllers: AbortController[] = [];
  try {
    await ensureArticlesIndex(os, config.articlesAlias);
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .createTopics({ topics: [{ topic: config.subscriptions.indexedTopic, numPartitions: 1 }] })
      .catch(() => false);
    await admin.disconnect();
    await producer.connect();
    await app.listen(0, '127.0.0.1');
    const addr = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    console.log(`bench:subscriptions prefix ${prefix}; ${JSON.stringify(await machineInfo(ends))}`);

    const ids: string[] = [];
    for (let i = 0; i < SUBS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, SUBS - i) }, (_, j) =>
          fetch(`${base}/v1/subscriptions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: `${token(i + j)} OR "${token(i + j)} wire"` }),
          }).then(async (r) => ((await r.json()) as { id: string }).id),
        ),
      );
      ids.push(...batch);
    }
    console.log(`  ${ids.length} subscriptions stored`);

    const received = new Map<string, number>();
    let seen = 0;
    for (let s = 0; s < STREAMS; s++) {
      const c = new AbortController();
      controllers.push(c);
      const res = await fetch(`${base}/v1/subscriptions/${ids[s] ?? ''}/stream`, { signal: c.signal });
      const reader = res.body?.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      void (async () => {
        try {
          for (;;) {
            const r = await reader?.read();
            if (!r || r.done) break;
            buf += decoder.decode(r.value, { stream: true });
            let k: number;
            while ((k = buf.indexOf('\n\n')) >= 0) {
              const block = buf.slice(0, k);
              buf = buf.slice(k + 2);
              const data = block.split('\n').find((l) => l.startsWith('data: '));
              if (!data) continue;
              const e = JSON.parse(data.slice(6)) as { article: { id: string } };
              if (!received.has(e.article.id)) received.set(e.article.id, Date.now());
              seen++;
            }
          }
        } catch {
          // aborted at the end
        }
      })();
    }

    const write = async (n: number, at: number, warm: boolean) => {
      const id = hex(warm ? 0xfff000 + n : n + 1);
      const iso = new Date(at).toISOString();
      await os.index({
        index: config.articlesAlias,
        id,
        body: {
          id,
          dumpId: 'bench-subs',
          title: `Report ${token(n % STREAMS)} on the matter`,
          body: `Text about ${token(n % STREAMS)} and more words.`,
          summary: '',
          receivedAt: iso,
          cleanedAt: iso,
          enrichedAt: iso,
          indexedAt: iso,
          contentHash: id,
          simhash: id.slice(0, 16),
          storyId: id,
          topic: 'society',
          topicTags: [],
          people: [],
          places: [],
          organisations: [],
          entityNames: [],
          countries: [],
          keywords: [],
          sentimentScore: 0,
          sentimentLabel: 'neutral',
        },
      });
      const c: IndexedConfirmation = {
        schemaVersion: 1,
        id,
        dumpId: 'bench-subs',
        index: articlesIndexName(config.articlesAlias),
        result: 'created',
        indexedAt: iso,
        stageTimestamps: {},
      };
      await producer.send({
        topic: config.subscriptions.indexedTopic,
        messages: [{ key: id, value: JSON.stringify(c) }],
      });
      return id;
    };

    // Warm-up: until the percolation consumer has joined and delivers.
    for (let w = 0; w < 120 && seen === 0; w++) {
      await write(w, Date.now(), true);
      await new Promise((r) => setTimeout(r, 500));
    }
    if (seen === 0) throw new Error('no delivery during warm-up: is the percolation consumer running?');

    const sentAt = new Map<string, number>();
    const start = Date.now();
    for (let n = 0; n < ARTICLES; n++) {
      const due = start + (n * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const at = Date.now();
      sentAt.set(await write(n, at, false), at);
    }
    const deadline = Date.now() + 15_000;
    while ([...sentAt.keys()].some((id) => !received.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const lat = [...sentAt].flatMap(([id, at]) => (received.has(id) ? [(received.get(id) ?? at) - at] : []));
    const s = summarise(lat);
    const lost = sentAt.size - lat.length;
    console.log(
      `  ${SUBS} subscriptions, ${STREAMS} SSE streams, ${ARTICLES} matching articles at ${RATE}/s: ` +
        `write -> SSE p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms; not delivered within 15 s: ${lost}`,
    );
  } finally {
    for (const c of controllers) c.abort();
    await deps.subscriptions.webhooks.obliterate().catch(() => undefined);
    await app.close().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteTopics({ topics: [config.subscriptions.indexedTopic] }).catch(() => undefined);
    await admin.deleteGroups([config.subscriptions.group]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await os.indices.delete({ index: `${config.articlesAlias}-v*` }).catch(() => undefined);
    await os.indices.delete({ index: config.subscriptions.index }).catch(() => undefined);
    await os.indices.deleteIndexTemplate({ name: `${config.articlesAlias}-template` }).catch(() => undefined);
    await os.close();
    const redis = new Redis(ends.redisUrl);
    const keys = [
      ...(await redis.keys(`${config.subscriptions.streamKeyPrefix}:*`)),
      ...(await redis.keys(`bull:${prefix}.*`)),
    ];
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
