/**
 * Index stage versus raw OpenSearch `_bulk`, same documents, same run, a fresh index each.
 *
 * N enriched articles (~3 KB BBC texts, a fixed seeded fake enrichment) are
 *  (a) bulk-indexed by this process with the OpenSearch client directly, batches of 500, first one request at a
 *      time and then 3 at a time (the index service consumes up to 3 partitions concurrently);
 *  (b) produced to `<prefix>.news.articles.enriched.v1` in sends of 200 (a classify chunk; uncompressed, as
 *      classify's producer sends anything under 4 MiB: compressionFor) before the index service starts; then the
 *      index service alone is started (with the topology's runtime flags) and every `news.indexed.v1` confirmation
 *      awaited. Its
 *      throughput runs from the earliest `stageTimestamps.index` (taken just before its first bulk) to the receipt
 *      of the last confirmation, so start-up and consumer-group join are not counted, but parsing, validation,
 *      bulk, confirmations and commits are.
 *
 * With --rounds K the three measurements are repeated K times (fresh prefix each) and averaged, which helps
 * when other work shares the machine. --service-env K=V,... sets environment variables of the index service;
 * --variant-env K=V,... adds, in every round, a second index-service phase with those variables on top (same-run A/B,
 * e.g. --variant-env INDEX_BULK_CONCURRENCY=1; the variant runs first in even rounds). Each service phase also reports, from the service's /metrics, its
 * `_bulk` requests and the mean number in flight (sum of request durations / phase duration; the raw phases keep
 * exactly 1 or `--concurrency` in flight) and the service's CPU per confirmed document (process CPU from when it is
 * healthy to the last confirmation).
 *
 * Run: npm run bench:index [-- --articles 20000 --bulk-size 500 --rounds 1]      (build first: npm run build)
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Client } from '@opensearch-project/opensearch';
import {
  ALL_TOPICS,
  ENRICHED_TOPIC,
  HEADER_DUMP_ID,
  HEADER_TRACE_ID,
  INDEXED_TOPIC,
  stageTimestampHeader,
  type EnrichedArticle,
} from '@newsflow/contracts';
import { compressionFor, ensureTopics, sleep } from '@newsflow/messaging';
import {
  articlesIndexName,
  ensureArticlesIndex,
  toArticleDocument,
  type ArticleDocument,
} from '@newsflow/search';
import { freePorts } from '../support/free-ports.js';
import { ScriptArgs } from '../support/script-args.js';
import { runMain } from './support/run-main.js';
import { seededRandom } from '../support/seeded-random.js';
import {
  REPO_ROOT,
  aliasFor,
  benchEndpoints,
  benchPrefix,
  type BenchEndpoints,
  cleanupPrefix,
  createBenchKafka,
  createOpenSearch,
  machineInfo,
  parseEnvPairs,
  serviceEnv,
  writeResult,
} from './support/bench-env.js';
import { SOURCES, bodyOf, enrichedArticle, loadCorpus, weighted } from './support/corpus.js';
import { ProcessSampler, cpuSecondsOf, infraPids, type ProcessFigures } from './support/process-stats.js';
import { startService, type BenchService } from './support/service-process.js';
import { round, table } from './support/stats.js';

/** What one run does (`npm run bench:index` options, or the caller of `runIndexBench`). */
export interface IndexBenchOptions {
  articles: number;
  bulkSize: number;
  rounds: number;
  /** Requests in flight for the concurrent raw `_bulk` (the index stage consumes 3 partitions at once). */
  concurrency: number;
  /** Environment of the index service (on top of the bench's). */
  serviceEnv?: Record<string, string> | undefined;
  /** When set, every round also runs the index service with these variables on top of `serviceEnv` (A/B). */
  variantEnv?: Record<string, string> | undefined;
}

export function indexOptionsFromArgs(args: ScriptArgs): IndexBenchOptions {
  args.allowOnly(['articles', 'bulk-size', 'rounds', 'concurrency', 'service-env', 'variant-env']);
  const variant = args.string('variant-env', '');
  return {
    articles: Math.round(args.number('articles', 20_000)),
    bulkSize: Math.round(args.number('bulk-size', 500)),
    rounds: Math.round(args.number('rounds', 1)),
    concurrency: Math.round(args.number('concurrency', 3)),
    serviceEnv: parseEnvPairs(args.string('service-env', ''), 'service-env'),
    variantEnv: variant ? parseEnvPairs(variant, 'variant-env') : undefined,
  };
}

const rawAlias = (p: string, what: string) => `${p}-${what}.news-articles`;

interface PhaseResult {
  docs: number;
  ms: number;
  docsPerSec: number;
  docsInIndex: number | undefined;
  errors: number;
  processes: ProcessFigures;
  benchProcessCpuSeconds: number;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

async function countDocs(os: Client, alias: string): Promise<number | undefined> {
  await os.indices.refresh({ index: alias });
  const res = await os.count({ index: alias });
  return (res.body as { count?: number }).count;
}

/** Bulk-indexes docs in batches with `concurrency` requests in flight; returns item errors. */
async function rawBulk(
  os: Client,
  alias: string,
  docs: readonly ArticleDocument[],
  concurrency: number,
  BULK: number,
): Promise<number> {
  let nextBatch = 0;
  let errors = 0;
  const worker = async () => {
    for (;;) {
      const start = nextBatch * BULK;
      nextBatch += 1;
      if (start >= docs.length) return;
      const body: unknown[] = [];
      for (const d of docs.slice(start, start + BULK)) body.push({ index: { _index: alias, _id: d.id } }, d);
      const res = await os.bulk({ body: body as never, refresh: false });
      const b = res.body as { errors: boolean; items: Array<Record<string, { status: number }>> };
      if (b.errors) errors += b.items.filter((i) => (Object.values(i)[0]?.status ?? 500) >= 300).length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return errors;
}

/** Runs the comparison (every round on its own prefix), removes what it created, returns the figures. */
export async function runIndexBench(o: IndexBenchOptions): Promise<IndexBenchResult> {
  const ends = benchEndpoints();
  const prefix = benchPrefix('index');
  const N = o.articles;
  const BULK = o.bulkSize;
  const ROUNDS = o.rounds;
  const machine = await machineInfo(ends);
  console.log(
    `bench:index prefix ${prefix}, ${N} documents, bulk size ${BULK}; load average ${JSON.stringify(machine.loadavg)}`,
  );
  const corpus = loadCorpus();
  const r = seededRandom(7);
  const dumpId = `${prefix}-dump`;
  const articles: EnrichedArticle[] = Array.from({ length: N }, (_, i) => {
    const base = corpus.articles[i % corpus.articles.length];
    return enrichedArticle({
      id: createHash('sha256').update(`${prefix}/${i}`).digest('hex').slice(0, 32),
      dumpId,
      title: base?.title ?? `Article ${i}`,
      body: bodyOf(corpus, i, 3000),
      category: base?.category ?? 'business',
      source: weighted(SOURCES, r),
      publishedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 700 * 86_400_000)).toISOString(),
      r,
    });
  });
  const indexedAt = new Date();
  const docs = articles.map((a) => toArticleDocument(a, indexedAt));
  const docBytes = docs.reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d)), 0);
  console.log(
    `  ${round(docBytes / 2 ** 20)} MiB of documents (${Math.round(docBytes / N)} bytes each on average)`,
  );

  const os = createOpenSearch(ends);
  const kafka = createBenchKafka(ends, `${prefix}-bench`);
  const infra = infraPids(join(REPO_ROOT, '.newsflow', 'run'));
  const result: IndexBenchResult = {
    bench: 'index',
    prefix,
    machine,
    corpus: corpus.origin,
    articles: N,
    bulkSize: BULK,
    concurrency: o.concurrency,
    avgDocBytes: Math.round(docBytes / N),
    rounds: [],
  };
  const problems: string[] = [];
  try {
    // Warm-up (JIT of client and server, not measured): a few batches into a throwaway index.
    await ensureArticlesIndex(os, rawAlias(prefix, 'warm'));
    await rawBulk(os, rawAlias(prefix, 'warm'), docs.slice(0, Math.min(2000, N)), 1, BULK);
    await os.indices.delete({ index: articlesIndexName(rawAlias(prefix, 'warm')) });
    for (let k = 1; k <= ROUNDS; k += 1) {
      // Each round has its own prefix: fresh topics, consumer group and indices.
      const p = ROUNDS === 1 ? prefix : `${prefix}-r${k}`;
      if (ROUNDS > 1) console.log(`round ${k}/${ROUNDS}`);
      try {
        result.rounds.push(
          await runRound(
            {
              os,
              kafka,
              infra,
              ends,
              bulk: BULK,
              concurrency: o.concurrency,
              serviceEnv: o.serviceEnv ?? {},
              variantEnv: o.variantEnv,
            },
            p,
            articles,
            docs,
            k,
          ),
        );
      } finally {
        problems.push(
          ...(await cleanupPrefix(ends, p, [aliasFor(p), rawAlias(p, 'raw1'), rawAlias(p, 'rawc')])),
          ...(o.variantEnv ? await cleanupPrefix(ends, `${p}-v`, [aliasFor(`${p}-v`)]) : []),
        );
      }
    }
  } finally {
    await os.close();
    problems.push(...(await cleanupPrefix(ends, prefix, [rawAlias(prefix, 'warm')])));
    if (problems.length) console.error(`cleanup problems: ${problems.join('; ')}`);
    result.cleanupProblems = problems;
  }
  const mean = (f: (r: RoundResult) => number) =>
    result.rounds.reduce((s, r) => s + f(r), 0) / result.rounds.length;
  const raw1 = round(mean((r) => r.raw1.docsPerSec));
  const raw3 = round(mean((r) => r.raw3.docsPerSec));
  const svc = round(mean((r) => r.service.docsPerSec));
  result.meanDocsPerSec = { raw1, raw3, service: svc };
  if (o.variantEnv) {
    const v = round(mean((r) => r.variant?.docsPerSec ?? Number.NaN));
    result.variant = {
      env: o.variantEnv,
      docsPerSec: v,
      ratioToRaw1: round(v / raw1, 3),
      ratioToRawConcurrent: round(v / raw3, 3),
    };
  }
  result.ratioToRaw1 = round(svc / raw1, 3);
  result.ratioToRawConcurrent = round(svc / raw3, 3);
  result.ratioToBestRaw = round(svc / Math.max(raw1, raw3), 3);
  return result;
}

/** Prints the table of a run (console.log) and writes its result file. */
export function reportIndex(result: IndexBenchResult): void {
  const N = result.articles;
  const BULK = result.bulkSize;
  const ROUNDS = result.rounds.length;
  const { raw1, raw3, service: svc } = result.meanDocsPerSec ?? { raw1: NaN, raw3: NaN, service: NaN };
  const rows: Array<Array<string | number>> = [];
  result.rounds.forEach((r, i) => {
    const row = (name: string, x: PhaseResult): Array<string | number> => [
      `${i + 1}`,
      name,
      x.docsInIndex ?? '-',
      x.ms,
      x.docsPerSec,
      round(x.docsPerSec / r.raw1.docsPerSec, 3),
      x.processes.opensearch?.cpuSeconds ?? '-',
      x.processes.opensearch?.cpuSeconds !== undefined && x.docs > 0
        ? round((x.processes.opensearch.cpuSeconds * 1000) / x.docs, 3)
        : '-',
      x.processes.index?.cpuSeconds ?? '-',
      x.benchProcessCpuSeconds || '-',
    ];
    rows.push(
      row('raw _bulk, 1 request in flight', r.raw1),
      row(`raw _bulk, ${result.concurrency} requests in flight`, r.raw3),
      row('index service (Kafka -> OpenSearch)', r.service),
    );
    if (r.variant) rows.push(row(`index service, ${envText(result.variant?.env)}`, r.variant));
  });
  const bulkLine = (name: string, x: ServicePhase | undefined) =>
    x?.bulk
      ? `${name}: ${x.bulk.requests} _bulk requests (${x.bulk.docsPerRequest} docs each), ${x.bulk.meanInFlight} in flight on average`
      : `${name}: bulk figures not known`;
  const svcProcs = result.rounds.map((r) => r.service.processes.index);
  console.log(
    [
      '',
      `Index stage vs raw _bulk: ${N} documents of ~${result.avgDocBytes} bytes, batches of ${BULK}, ${ROUNDS} round(s)`,
      table(
        [
          'round',
          'path',
          'docs in index',
          'ms',
          'docs/s',
          'vs raw 1',
          'OpenSearch cpu s',
          'OpenSearch ms/doc',
          'index svc cpu s',
          'bench cpu s',
        ],
        rows,
      ),
      `mean docs/s: raw 1 in flight ${raw1}, raw ${result.concurrency} in flight ${raw3}, index service ${svc}`,
      `index service / raw (1 in flight): ${result.ratioToRaw1}; / raw ${result.concurrency} in flight: ${result.ratioToRawConcurrent}; / best raw: ${result.ratioToBestRaw} (target >= 0.70)`,
      ...(result.variant
        ? [
            `variant ${envText(result.variant.env)}: ${result.variant.docsPerSec} docs/s, / raw 1: ${result.variant.ratioToRaw1}, / raw ${result.concurrency}: ${result.variant.ratioToRawConcurrent}`,
          ]
        : []),
      ...result.rounds.flatMap((r, i) => [
        bulkLine(`round ${i + 1} index service`, r.service),
        ...(r.variant ? [bulkLine(`round ${i + 1} variant`, r.variant)] : []),
      ]),
      `index service process (CPU, RSS at the end, peak RSS): ${JSON.stringify(svcProcs)}`,
      `index service CPU ms per document, by round: ${result.rounds
        .map((r) => r.service.serviceCpuMsPerDoc ?? '-')
        .join(', ')}` +
        (result.variant
          ? `; variant: ${result.rounds.map((r) => r.variant?.serviceCpuMsPerDoc ?? '-').join(', ')}`
          : ''),
      `\nresult: ${writeResult('index', result)}`,
    ].join('\n'),
  );
}

type ServicePhase = PhaseResult & {
  startupMs: number;
  spawnToLastConfirmationMs: number;
  timedOut: boolean;
  /**
   * CPU of the index service process (user + system, /proc ticks of 10 ms) from when it is healthy to the last
   * confirmation, per confirmed document, in ms: the stage's own cost per document, much less sensitive to other
   * load on the machine than its docs/s.
   */
  serviceCpuMsPerDoc?: number | undefined;
  /** From the service's /metrics at the end: its `_bulk` requests and the mean number in flight over the phase. */
  bulk?: { requests: number; docsPerRequest: number; meanInFlight: number } | undefined;
};

interface RoundResult {
  raw1: PhaseResult;
  raw3: PhaseResult;
  service: ServicePhase;
  /** With --variant-env: the index service again, with those variables. */
  variant?: ServicePhase | undefined;
}

const envText = (env: Record<string, string> | undefined) =>
  Object.entries(env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Sum of a metric's series in a Prometheus text exposition. */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) sum += v;
  }
  return sum;
}

export interface IndexBenchResult {
  bench: 'index';
  /** Requests in flight of the concurrent raw `_bulk` (field raw3 of each round). */
  concurrency: number;
  prefix: string;
  machine: Record<string, unknown>;
  corpus: string;
  articles: number;
  bulkSize: number;
  avgDocBytes: number;
  rounds: RoundResult[];
  meanDocsPerSec?: { raw1: number; raw3: number; service: number };
  /** With --variant-env: the second service phase of every round, averaged. */
  variant?: {
    env: Record<string, string>;
    docsPerSec: number;
    ratioToRaw1: number;
    ratioToRawConcurrent: number;
  };
  ratioToRaw1?: number;
  ratioToRawConcurrent?: number;
  ratioToBestRaw?: number;
  cleanupProblems?: string[];
}

async function measureRaw(
  os: Client,
  infra: Record<string, number>,
  alias: string,
  docs: readonly ArticleDocument[],
  concurrency: number,
  bulk: number,
): Promise<PhaseResult> {
  await ensureArticlesIndex(os, alias);
  await sleep(2000);
  const sampler = new ProcessSampler(infra);
  const loadBefore = loadavg();
  const cpu0 = process.cpuUsage();
  sampler.start();
  const t0 = performance.now();
  const errors = await rawBulk(os, alias, docs, concurrency, bulk);
  const ms = performance.now() - t0;
  const processes = sampler.stop();
  const cpu = process.cpuUsage(cpu0);
  const docsInIndex = await countDocs(os, alias);
  // Free the server before the next phase, so that phase does not pay for this index's merges.
  await os.indices.delete({ index: articlesIndexName(alias) });
  const res: PhaseResult = {
    docs: docs.length,
    ms: Math.round(ms),
    docsPerSec: round((docs.length / ms) * 1000),
    docsInIndex,
    errors,
    processes,
    benchProcessCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    loadavgBefore: loadBefore.map((x) => round(x, 2)),
    loadavgAfter: loadavg().map((x) => round(x, 2)),
  };
  console.log(
    `  raw _bulk, ${concurrency} in flight: ${res.docsPerSec} docs/s (${res.ms} ms, ${errors} item errors)`,
  );
  return res;
}

/** One round: raw _bulk with 1 and 3 requests in flight, then the index service, each into a fresh index. */
interface RoundContext {
  os: Client;
  kafka: Kafka;
  infra: Record<string, number>;
  ends: BenchEndpoints;
  bulk: number;
  concurrency: number;
  serviceEnv: Record<string, string>;
  variantEnv: Record<string, string> | undefined;
}

async function runRound(
  ctx: RoundContext,
  p: string,
  articles: readonly EnrichedArticle[],
  docs: readonly ArticleDocument[],
  roundNo = 1,
): Promise<RoundResult> {
  const { os, infra, bulk: BULK, concurrency } = ctx;
  const raw1 = await measureRaw(os, infra, rawAlias(p, 'raw1'), docs, 1, BULK);
  const raw3 = await measureRaw(os, infra, rawAlias(p, 'rawc'), docs, concurrency, BULK);
  const base = () => measureService(ctx, p, articles, ctx.serviceEnv, 'index service');
  const variantEnv = ctx.variantEnv;
  if (!variantEnv) return { raw1, raw3, service: await base() };
  const other = () =>
    measureService(
      ctx,
      `${p}-v`,
      articles,
      { ...ctx.serviceEnv, ...variantEnv },
      `index service, ${envText(variantEnv)}`,
    );
  // A/B in alternating order (variant first in even rounds), so neither always runs after the other.
  if (roundNo % 2 === 0) {
    const variant = await other();
    return { raw1, raw3, service: await base(), variant };
  }
  const service = await base();
  return { raw1, raw3, service, variant: await other() };
}

/** The index service alone on its own prefix: the backlog first, then the service, until every confirmation. */
async function measureService(
  { os, kafka, infra, ends, bulk: BULK }: RoundContext,
  p: string,
  articles: readonly EnrichedArticle[],
  env: Record<string, string>,
  label: string,
): Promise<ServicePhase> {
  let service: BenchService | undefined;
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  try {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      ALL_TOPICS.map((t) => `${p}.${t}`),
    );
    await admin.disconnect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const now = Date.now();
    const headers = {
      [HEADER_TRACE_ID]: randomUUID(),
      [HEADER_DUMP_ID]: articles[0]?.dumpId ?? 'bench',
      ...Object.fromEntries(
        (['ingest', 'fetch', 'clean', 'classify'] as const).map((s) => [
          stageTimestampHeader(s),
          String(now),
        ]),
      ),
    };
    // Sends of a classify chunk's size, compressed as classify's producer would (not at all below 4 MiB).
    for (let i = 0; i < articles.length; i += 200) {
      const messages = articles
        .slice(i, i + 200)
        .map((a) => ({ topic: ENRICHED_TOPIC, key: a.id, value: JSON.stringify(a), headers }));
      await producer.send({
        topic: `${p}.${ENRICHED_TOPIC}`,
        acks: -1,
        compression: compressionFor(messages),
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
    }
    console.log(`  produced ${articles.length} enriched messages to ${p}.${ENRICHED_TOPIC}`);
    const received = new Map<string, { at: number; indexTs: number }>();
    consumer = kafka.consumer({ groupId: `${p}.bench-follow`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: `${p}.${INDEXED_TOPIC}`, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        const at = Date.now();
        for (const m of batch.messages) {
          if (!m.value) continue;
          const c = JSON.parse(m.value.toString('utf8')) as {
            id: string;
            stageTimestamps: { index?: number };
          };
          if (!received.has(c.id)) received.set(c.id, { at, indexTs: c.stageTimestamps.index ?? at });
        }
        return Promise.resolve();
      },
    });
    await sleep(2000);
    const loadBefore = loadavg();
    const spawnAt = Date.now();
    const port = (await freePorts(1))[0] ?? 0;
    service = await startService('index', {
      port,
      logDir: join(REPO_ROOT, '.newsflow', 'bench-logs', p),
      env: {
        ...process.env,
        ...serviceEnv(ends, p),
        INDEX_BULK_SIZE: String(BULK),
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    const sampler = new ProcessSampler({ index: service.pid, ...infra });
    const cpuAtHealthy = cpuSecondsOf(service.pid);
    sampler.start();
    const n = articles.length;
    const deadline = Date.now() + 60_000 + n * 10;
    while (received.size < n && Date.now() < deadline && service.child.exitCode === null) await sleep(50);
    const processes = sampler.stop();
    const cpuAtEnd = cpuSecondsOf(service.pid);
    const values = [...received.values()];
    const first = Math.min(...values.map((v) => v.indexTs));
    const last = Math.max(...values.map((v) => v.at));
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    const requests = metricSum(metrics, 'newsflow_opensearch_bulk_seconds_count');
    const bulkSeconds = metricSum(metrics, 'newsflow_opensearch_bulk_seconds_sum');
    const docsInIndex = await countDocs(os, aliasFor(p));
    const res: ServicePhase = {
      docs: received.size,
      ms: last - first,
      docsPerSec: round((received.size / (last - first)) * 1000),
      docsInIndex,
      errors: n - received.size,
      timedOut: received.size < n,
      startupMs: service.healthyAt - spawnAt,
      spawnToLastConfirmationMs: last - spawnAt,
      serviceCpuMsPerDoc:
        cpuAtHealthy !== undefined && cpuAtEnd !== undefined && received.size > 0
          ? round(((cpuAtEnd - cpuAtHealthy) * 1000) / received.size, 4)
          : undefined,
      bulk: requests
        ? {
            requests,
            docsPerRequest: round(received.size / requests, 1),
            meanInFlight: round(bulkSeconds / ((last - first) / 1000), 2),
          }
        : undefined,
      processes,
      benchProcessCpuSeconds: 0,
      loadavgBefore: loadBefore.map((x) => round(x, 2)),
      loadavgAfter: loadavg().map((x) => round(x, 2)),
    };
    console.log(
      `  ${label}: ${received.size}/${n} confirmed, ${res.docsPerSec} docs/s` +
        (res.bulk ? `, ${res.bulk.requests} requests, ${res.bulk.meanInFlight} in flight on average` : '') +
        (res.serviceCpuMsPerDoc !== undefined
          ? `, ${res.serviceCpuMsPerDoc} ms of stage CPU per document`
          : ''),
    );
    return res;
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await service?.stop();
  }
}

async function main(): Promise<void> {
  reportIndex(await runIndexBench(indexOptionsFromArgs(new ScriptArgs())));
}

if (require.main === module) runMain(main);
