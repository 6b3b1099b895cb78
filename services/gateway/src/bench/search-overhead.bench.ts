/**
 * Gateway overhead on search, measured against the same query sent to OpenSearch directly (DESIGN target: ≤ 20%).
 * Run on demand, never by the test command:
 *
 *   npx tsx services/gateway/src/bench/search-overhead.bench.ts [docs=5000] [queries=400]
 *
 * Indexes synthetic articles under a unique `test-bench-gw-…` prefix, boots the gateway in this process on a random
 * port, then alternates the same queries through GET /v1/search and straight to OpenSearch `_search` (sequential,
 * after a warm-up), prints p50/p95/p99 of each and deletes the index. Client, gateway and OpenSearch share this
 * machine's cores, so the figures are for comparing the two paths, not absolute capacity.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from '@opensearch-project/opensearch';
import pino from 'pino';
import { articleId, type EnrichedArticle } from '@newsflow/contracts';
import {
  articlesIndexName,
  buildSearchBody,
  ensureArticlesIndex,
  searchParamsSchema,
  toArticleDocument,
} from '@newsflow/search';
import { createGatewayApp, createGatewayDeps } from '../app.js';
import { loadGatewayConfig } from '../gateway.config.js';

const WORDS =
  'trade talks minister floods rescue election vote parliament market shares energy gas oil grain harbour storm police court ruling strike union health hospital vaccine school budget tax inflation bank rates housing rail airport drought fire wildfire coast river bridge festival football league coach transfer summit treaty border army drone ceasefire refugees aid charity museum film music award science space rocket satellite climate carbon solar wind battery factory jobs wages farmers harvest'.split(
    ' ',
  );
const SOURCES = ['Reuters', 'AP', 'AFP', 'BBC', 'Xinhua', 'DW'];
const TOPICS = ['economy', 'politics', 'environment', 'sport', 'science', 'health'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function synthetic(i: number, rand: () => number): EnrichedArticle {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const title = `${words(7)} ${i}`;
  const body = `${words(120)}.`;
  const source = pick(SOURCES);
  const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 300 * 86_400_000)).toISOString();
  return {
    schemaVersion: 1,
    id: articleId({ source, title, body }),
    dumpId: 'bench',
    title,
    body,
    source,
    publishedAt: at,
    language: 'en',
    contentHash: '0'.repeat(64),
    simhash: '0'.repeat(16),
    storyId: String(i),
    receivedAt: at,
    cleanedAt: at,
    enrichedAt: at,
    enrichment: {
      topics: { primary: pick(TOPICS), scores: {}, tags: [pick(TOPICS)] },
      entities: [],
      countries: [pick(['DE', 'FR', 'CN', 'US', 'GB'])],
      keywords: [],
      sentiment: { score: 0, label: 'neutral' },
      summary: body.slice(0, 120),
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `n=${s.length} mean=${mean.toFixed(2)}ms p50=${percentile(s, 50).toFixed(2)}ms p95=${percentile(s, 95).toFixed(2)}ms p99=${percentile(s, 99).toFixed(2)}ms`;
}

async function main(): Promise<void> {
  const docs = Number(process.argv[2] ?? 5000);
  const queries = Number(process.argv[3] ?? 400);
  const osUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
  const prefix = `test-bench-gw-${randomBytes(3).toString('hex')}`;
  const config = loadGatewayConfig({ ...process.env, NEWSFLOW_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const os = new Client({ node: osUrl });
  const rand = rng(42);
  try {
    await ensureArticlesIndex(os, config.articlesAlias);
    for (let i = 0; i < docs; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, docs - i) }, (_, k) =>
        toArticleDocument(synthetic(i + k, rand)),
      );
      await os.bulk({
        body: batch.flatMap((d) => [{ index: { _index: config.articlesAlias, _id: d.id } }, d]),
      });
    }
    await os.indices.refresh({ index: config.articlesAlias });

    const app = await createGatewayApp(createGatewayDeps(config, pino({ level: 'silent' })));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const qs = Array.from({ length: queries }, () => {
      const q = `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]}`;
      return { q, size: '10' };
    });
    const viaGateway = async (p: { q: string; size: string }) => {
      const res = await fetch(`${base}/v1/search?${new URLSearchParams(p).toString()}`);
      if (res.status !== 200) throw new Error(`gateway answered ${res.status}`);
      await res.arrayBuffer();
    };
    const direct = async (p: { q: string; size: string }) => {
      const body = buildSearchBody(searchParamsSchema.parse(p));
      body._source = { excludes: ['entities', 'keywordWeights', 'topicScores', 'body'] };
      const res = await fetch(`${osUrl}/${config.articlesAlias}/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`OpenSearch answered ${res.status}`);
      await res.arrayBuffer();
    };
    for (const p of qs.slice(0, 50)) {
      await viaGateway(p);
      await direct(p);
    }
    const g: number[] = [];
    const d: number[] = [];
    for (const p of qs) {
      let t = performance.now();
      await direct(p);
      d.push(performance.now() - t);
      t = performance.now();
      await viaGateway(p);
      g.push(performance.now() - t);
    }
    await app.close();
    const sd = [...d].sort((a, b) => a - b);
    const sg = [...g].sort((a, b) => a - b);
    process.stdout.write(
      `docs=${docs} queries=${queries} (two-word simple_query_string, size 10, facets on)\n`,
    );
    process.stdout.write(`direct OpenSearch: ${summary(d)}\n`);
    process.stdout.write(`through gateway:   ${summary(g)}\n`);
    process.stdout.write(
      `gateway overhead: p50 ${(((percentile(sg, 50) - percentile(sd, 50)) / percentile(sd, 50)) * 100).toFixed(1)}%, p99 ${(((percentile(sg, 99) - percentile(sd, 99)) / percentile(sd, 99)) * 100).toFixed(1)}%\n`,
    );
  } finally {
    await os.indices.delete({ index: articlesIndexName(config.articlesAlias) }).catch(() => undefined);
    await os.indices.deleteIndexTemplate({ name: `${config.articlesAlias}-template` }).catch(() => undefined);
    await os.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
