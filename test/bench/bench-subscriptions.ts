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
import pino from 'pino';
import type { IndexedConfirmation } from '@newsflow/contracts';
import { sleep } from '@newsflow/messaging';
import { articlesIndexName, ensureArticlesIndex, toArticleDocument } from '@newsflow/search';
import { createGatewayApp, createGatewayDeps } from '../../services/gateway/src/app.js';
import { loadGatewayConfig } from '../../services/gateway/src/gateway.config.js';
import type { MatchEvent } from '../../services/gateway/src/subscriptions/percolate.handler.js';
import { enrichedArticle, hexId } from '../support/article-fixtures.js';
import { ScriptArgs } from '../support/script-args.js';
import { SseClient } from '../support/sse-client.js';
import {
  benchEndpoints,
  benchPrefix,
  cleanupPrefix,
  createBenchKafka,
  machineInfo,
  serviceEnv,
} from './support/bench-env.js';
import { summarise } from './support/stats.js';

const args = new ScriptArgs();
args.allowOnly(['subscriptions', 'streams', 'articles', 'rate']);
const SUBS = Math.round(args.number('subscriptions', 1000));
const STREAMS = Math.round(args.number('streams', 10));
const ARTICLES = Math.round(args.number('articles', 300));
const RATE = args.number('rate', 20);
const token = (i: number) => `zqtok${i.toString(36)}x`;

async function main(): Promise<void> {
  const ends = benchEndpoints();
  const prefix = benchPrefix('subs');
  const config = loadGatewayConfig({
    ...serviceEnv(ends, prefix),
    GATEWAY_ANONYMOUS_RATE: '1000000',
    GATEWAY_ANONYMOUS_BURST: '1000000',
    LOG_LEVEL: 'silent',
  });
  const os = new Client({ node: ends.opensearchUrl });
  const kafka = createBenchKafka(ends, `${prefix}-bench`);
  const producer = kafka.producer();
  const deps = createGatewayDeps(config, pino({ level: 'silent' }));
  const app = await createGatewayApp(deps);
  const streams: Array<SseClient<MatchEvent>> = [];
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
      const sse = new SseClient<MatchEvent>();
      streams.push(sse);
      await sse.open(`${base}/v1/subscriptions/${ids[s] ?? ''}/stream`, {});
      // Receipt time of each article's first delivery; the loop waits forever once the stream is closed.
      void (async () => {
        for (;;) {
          const { data } = await sse.next();
          if (!received.has(data.article.id)) received.set(data.article.id, Date.now());
          seen++;
        }
      })();
    }

    const write = async (n: number, at: number, warm: boolean) => {
      const id = hexId(warm ? 0xfff000 + n : n + 1);
      const iso = new Date(at).toISOString();
      const article = enrichedArticle({
        id,
        dumpId: 'bench-subs',
        title: `Report ${token(n % STREAMS)} on the matter`,
        body: `Text about ${token(n % STREAMS)} and more words.`,
        source: 'example.org',
        at: iso,
        summary: '',
      });
      await os.index({ index: config.articlesAlias, id, body: toArticleDocument(article, new Date(at)) });
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
      await sleep(500);
    }
    if (seen === 0) throw new Error('no delivery during warm-up: is the percolation consumer running?');

    const sentAt = new Map<string, number>();
    const start = Date.now();
    for (let n = 0; n < ARTICLES; n++) {
      const due = start + (n * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const at = Date.now();
      sentAt.set(await write(n, at, false), at);
    }
    const deadline = Date.now() + 15_000;
    while ([...sentAt.keys()].some((id) => !received.has(id)) && Date.now() < deadline) await sleep(100);
    const lat = [...sentAt].flatMap(([id, at]) => (received.has(id) ? [(received.get(id) ?? at) - at] : []));
    const s = summarise(lat);
    const lost = sentAt.size - lat.length;
    console.log(
      `  ${SUBS} subscriptions, ${STREAMS} SSE streams, ${ARTICLES} matching articles at ${RATE}/s: ` +
        `write -> SSE p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms; not delivered within 15 s: ${lost}`,
    );
  } finally {
    for (const sse of streams) sse.close();
    await app.close().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await os.close();
    // Topics, consumer group, indices, template and Redis keys (streams, webhook queue): all under the prefix.
    for (const problem of await cleanupPrefix(ends, prefix)) console.error(`cleanup: ${problem}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
