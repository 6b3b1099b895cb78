/**
 * The one benchmark entry point (issue 11): every figure and every ratio to a same-run baseline, in one command.
 *
 *   npm run bench [-- --quick] [-- --json] [-- --cpu-prof]
 *
 * Needs the local stack up (`npx newsflow infra up`; the bench never starts or stops it, and says so and exits 2
 * when a server does not answer) and the build (`npm ci` runs it via prepare). Phases, in order:
 *  1. enrichment library alone, one thread (test/eval/enrich/bench-enrich.ts) -> the baseline of the ratios and
 *     the offered rates of phase 5 (20 % and 50 % of its articles/s);
 *  2. extraction alone on the HTML corpus: Readability+linkedom and newsflow's own (test/eval/extract/peers.ts);
 *  3. bare kafkajs produce -> consume of NDJSON dumps like those of phase 5;
 *  4. (none: the services start in 5)
 *  5. pipeline (bench-pipeline.ts): saturation (a backlog drained as fast as possible), latency at the two offered
 *     rates (ingest -> searchable, per-stage p50/p95/p99 from the header timestamps), then the HTML pages and the
 *     plain-text dumps with extraction included; CPU and RSS of every process;
 *  6. index stage vs raw `_bulk` of the same documents, sequential and concurrent (bench-index.ts);
 *  7. search at 100 q/s with facets, direct vs gateway (bench-search.ts), then closed-loop autocannon with 10 and
 *     200 clients against the gateway and straight against OpenSearch.
 * --quick uses smaller sizes (a 10,000-article search index instead of 100,000: the JSON says which) and finishes
 * in a few minutes; the full run is the one for BENCHMARKS.md. --json prints ONE JSON object on stdout (schema in
 * support/bench-summary.ts) and every human-readable line on stderr. Each sub-benchmark also writes its own result
 * file, and the whole run goes to test/bench/results/bench-<time>.json.
 */
import { Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { PIPELINE_STAGES } from '@newsflow/contracts';
import type { EnrichBenchResult } from '../eval/enrich/bench-enrich.js';
import { ScriptArgs } from '../support/script-args.js';
import { runMain } from './support/run-main.js';
import { seededRandom } from '../support/seeded-random.js';
import {
  makeArticle,
  dumpMessage,
  pipelineCpuSeconds,
  reportPipeline,
  runPipelineBench,
  type BenchArticle,
  type PipelineResult,
} from './bench-pipeline.js';
import { reportIndex, runIndexBench, type IndexBenchResult } from './bench-index.js';
import { reportSearch, runSearchBench, type SearchContext } from './bench-search.js';
import {
  REPO_ROOT,
  benchEndpoints,
  benchPrefix,
  cleanupPrefix,
  machineInfo,
  writeResult,
  type BenchEndpoints,
} from './support/bench-env.js';
import {
  benchSummarySchema,
  computeRatios,
  maxRss,
  num,
  offeredRates,
  withOverrides,
  type BenchSummary,
} from './support/bench-summary.js';
import { closedLoop, type ClosedLoopResult } from './support/closed-loop.js';
import { loadCorpus } from './support/corpus.js';
import {
  EXTRACTION_SYSTEMS,
  measureExtraction,
  type ExtractBaselineResult,
} from './support/extract-baseline.js';
import { loadHtmlPages } from './support/html-corpus.js';
import { measureKafkaBaseline, type KafkaBaselineResult } from './support/kafka-baseline.js';
import { infraPids, type ProcessFigures } from './support/process-stats.js';
import { round, table, type Summary } from './support/stats.js';

const SERVICES = ['fetch', 'clean', 'classify', 'index', 'gateway'];
const FRACTIONS = [0.2, 0.5] as const;

/** Sizes of a run: --quick for a check in a few minutes, the full run for the figures in BENCHMARKS.md. */
const SIZES = {
  quick: {
    enrichArticles: 1000,
    enrichRounds: 3,
    backlogArticles: 3000,
    latencyDurationS: 10,
    htmlPages: 100,
    textDumps: 10,
    indexArticles: 3000,
    searchDocs: 10_000,
    searchDurationS: 10,
    searchWarmupS: 3,
    searchBlocks: 1,
    closedLoopS: 5,
  },
  full: {
    enrichArticles: 2000,
    enrichRounds: 3,
    backlogArticles: 20_000,
    latencyDurationS: 30,
    htmlPages: 500,
    textDumps: 50,
    indexArticles: 20_000,
    searchDocs: 100_000,
    searchDurationS: 30,
    searchWarmupS: 5,
    searchBlocks: 3,
    closedLoopS: 20,
  },
} as const;

/** Connects to host:port and resolves with an error message, or undefined when it answered. */
function tcpCheck(hostPort: string, timeoutMs: number): Promise<string | undefined> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (err?: string) => {
      s.destroy();
      resolve(err);
    };
    s.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    s.once('error', (e) => done(e.message));
    s.connect(port, host, () => done());
  });
}

/** What is missing for a run: servers of the local stack that do not answer, an unbuilt tree. */
async function preflight(ends: BenchEndpoints): Promise<string[]> {
  const problems: string[] = [];
  for (const b of ends.kafkaBrokers) {
    const err = await tcpCheck(b, 3000);
    if (err) problems.push(`Kafka at ${b}: ${err}`);
  }
  try {
    const res = await fetch(`${ends.opensearchUrl}/_cluster/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { status?: string };
    if (res.status !== 200 || body.status === 'red')
      problems.push(`OpenSearch at ${ends.opensearchUrl}: HTTP ${res.status}, cluster ${body.status ?? '?'}`);
  } catch (err) {
    problems.push(`OpenSearch at ${ends.opensearchUrl}: ${(err as Error).message}`);
  }
  const redis = new Redis(ends.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis at ${ends.redisUrl}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  if (problems.length)
    problems.push('start the local stack with `npx newsflow infra up` and run the bench again');
  const built = [
    ...SERVICES.map((s) => join('services', s, 'dist', 'main.js')),
    join('libs', 'enrich', 'dist', 'index.js'),
  ].filter((f) => !existsSync(join(REPO_ROOT, f)));
  if (built.length) problems.push(`not built: ${built.join(', ')} (run \`npm run build\`)`);
  return problems;
}

function percentiles(s: Summary | undefined): {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
} {
  return { n: s?.n ?? 0, p50: num(s?.p50), p95: num(s?.p95), p99: num(s?.p99) };
}

/** Highest peak RSS of each service over the given phases. */
function peaksBy(phases: readonly ProcessFigures[]): Record<string, number | null> {
  return Object.fromEntries(SERVICES.map((s) => [s, maxRss(phases, [s])]));
}

/** Results of the parts; a part that failed is missing (its error is in `failures`) and its figures are null. */
interface Parts {
  /** The baseline: the enrichment library alone on the pipeline's articles. */
  enrich?: EnrichBenchResult;
  /** The same on held-out BBC texts (`npm run bench:enrich`'s), for comparison only. */
  enrichBbc?: EnrichBenchResult;
  extraction?: {
    readability: ExtractBaselineResult;
    newsflow: ExtractBaselineResult;
    pages: number;
    origin: string;
  };
  kafka?: KafkaBaselineResult;
  pipeline?: PipelineResult;
  rates: Record<string, number>;
  index?: IndexBenchResult;
  search?: Record<string, unknown>;
}

/** The one JSON object of a run, from the results of its parts. */
function summarise(
  parts: Parts,
  meta: Pick<
    BenchSummary,
    'date' | 'command' | 'quick' | 'sizes' | 'machine' | 'durationS' | 'cleanupProblems' | 'failures'
  >,
): BenchSummary {
  const { pipeline: p, index: ix, search: s = {} } = parts;
  const sat = p?.saturation;
  const satCpu = sat ? pipelineCpuSeconds(sat.processes) : Number.NaN;
  const html = p?.documents?.find((d) => d.kind.startsWith('html'));
  const text = p?.documents?.find((d) => d.kind.startsWith('text'));
  const latencyByFraction = Object.fromEntries(
    FRACTIONS.map((f) => [
      String(f),
      p?.latency.find((l) => l.offeredArticlesPerSec === parts.rates[String(f)]),
    ]),
  );
  const direct = s.direct as { latencyMs: Summary } | undefined;
  const gateway = s.gateway as { latencyMs: Summary } | undefined;
  const overhead = s.gatewayOverheadPercent as Record<'mean' | 'p50' | 'p95' | 'p99', number> | undefined;
  // bench:search also runs every facet (facets=all) beside the default set (facets=true: source, topic, date).
  const allFacets = s.allFacets as
    { direct?: { latencyMs: Summary }; gateway?: { latencyMs: Summary } } | undefined;
  const loops = (s.extra ?? {}) as Record<string, ClosedLoopResult | undefined>;
  const searchDocs = (s.index as { docs?: number } | undefined)?.docs ?? 0;
  const steady = (p?.latency ?? []).map((l) => l.processes);
  const backlog = sat ? [sat.processes] : [];
  const base = {
    e2eArticlesPerSec: num(sat?.sustainedArticlesPerSec, 1),
    e2eCpuMsPerArticle: num(sat ? (satCpu * 1000) / Math.max(1, sat.indexed) : Number.NaN, 3),
    enrichOnlyArticlesPerSec: num(parts.enrich?.articlesPerSecond, 1),
    enrichOnlyCpuMsPerArticle: num(parts.enrich?.cpuMsPerArticle, 3),
    enrichOnlyBbcArticlesPerSec: num(parts.enrichBbc?.articlesPerSecond, 1),
    enrichOnlyBbcCpuMsPerArticle: num(parts.enrichBbc?.cpuMsPerArticle, 3),
    htmlCpuMsPerPage: num(html?.cpuMsPerDocument),
    readabilityCpuMsPerPage: num(parts.extraction?.readability.cpuMsPerPage),
    extractOnlyCpuMsPerPage: num(parts.extraction?.newsflow.cpuMsPerPage),
    p99IngestToSearchableMs: Object.fromEntries(
      Object.entries(latencyByFraction).map(([f, l]) => [f, num(l?.ingestToSearchableMs.p99, 1)]),
    ),
    bulkRatio: {
      sequential: num(ix?.ratioToRaw1, 3),
      concurrent: num(ix?.ratioToRawConcurrent, 3),
      concurrency: ix?.concurrency ?? 0,
      rawSequentialDocsPerSec: num(ix?.meanDocsPerSec?.raw1, 1),
      rawConcurrentDocsPerSec: num(ix?.meanDocsPerSec?.raw3, 1),
      indexStageDocsPerSec: num(ix?.meanDocsPerSec?.service, 1),
      documents: ix?.articles ?? 0,
    },
    searchP99Ms: num(gateway?.latencyMs.p99, 1),
    searchP99MsAllFacets: num(allFacets?.gateway?.latencyMs.p99, 1),
    gatewayOverhead: {
      mean: num((overhead?.mean ?? Number.NaN) / 100, 3),
      p50: num((overhead?.p50 ?? Number.NaN) / 100, 3),
      p95: num((overhead?.p95 ?? Number.NaN) / 100, 3),
      p99: num((overhead?.p99 ?? Number.NaN) / 100, 3),
    },
    searchRpsAt10Clients: num(loops.gateway10?.rps, 1),
    searchRpsAt200Clients: num(loops.gateway200?.rps, 1),
    searchDirectRpsAt200Clients: num(loops.direct200?.rps, 1),
    maxRssMb: maxRss([...steady, ...backlog], SERVICES),
    kafkaBaseline: {
      messages: parts.kafka?.messages ?? 0,
      articles: parts.kafka?.articles ?? 0,
      megabytes: parts.kafka?.megabytes ?? 0,
      articlesPerSec: num(parts.kafka?.articlesPerSec, 1),
      megabytesPerSec: num(parts.kafka?.megabytesPerSec, 1),
      cpuMsPerArticle: num(parts.kafka?.cpuMsPerArticle, 3),
    },
  };
  const deadLetters =
    (sat?.deadLetters ?? 0) +
    (p?.latency ?? []).reduce((n, l) => n + l.deadLetters, 0) +
    (p?.documents ?? []).reduce((n, d) => n + d.deadLetters, 0);
  return {
    schema: 'newsflow-bench/1',
    ...meta,
    corpus: { ndjson: p?.corpus ?? '-', html: parts.extraction?.origin ?? '-' },
    e2eArticles: sat?.indexed ?? 0,
    e2eCpuMsPerArticleByProcess: Object.fromEntries(
      Object.entries(sat?.processes ?? {})
        .filter(([k]) => !k.startsWith('bench'))
        .map(([k, v]) => [k, num((v.cpuSeconds * 1000) / Math.max(1, sat?.indexed ?? 1), 3)]),
    ),
    htmlPages: html?.documents ?? 0,
    htmlPagesPerSec: num(html?.documentsPerSec, 1),
    htmlArticlesIndexed: html?.articlesIndexed ?? 0,
    textDumps: text?.documents ?? 0,
    textDumpArticlesPerSec: num(text?.articlesPerSec, 1),
    textDumpCpuMsPerArticle: num(text?.cpuMsPerArticle),
    offeredRates: parts.rates,
    ingestToSearchableMs: Object.fromEntries(
      Object.entries(latencyByFraction).map(([f, l]) => [f, percentiles(l?.ingestToSearchableMs)]),
    ),
    stageLatencyMs: Object.fromEntries(
      Object.entries(latencyByFraction).map(([f, l]) => [
        f,
        Object.fromEntries(
          [...PIPELINE_STAGES.slice(1), 'index->confirmed', 'ingest->indexed'].map((st) => [
            st,
            percentiles(l?.stages[st]),
          ]),
        ),
      ]),
    ),
    searchIndexDocs: searchDocs,
    searchIndexReduced: searchDocs < 100_000,
    searchRate: (s.rate as number | undefined) ?? 0,
    searchP99MsDirect: num(direct?.latencyMs.p99, 1),
    searchP99MsAllFacetsDirect: num(allFacets?.direct?.latencyMs.p99, 1),
    searchP99MsAt10Clients: num(loops.gateway10?.latencyMs.p99, 1),
    searchP99MsAt200Clients: num(loops.gateway200?.latencyMs.p99, 1),
    searchDirectRpsAt10Clients: num(loops.direct10?.rps, 1),
    searchDirectP99MsAt200Clients: num(loops.direct200?.latencyMs.p99, 1),
    rssMb: { steady: peaksBy(steady), backlog: peaksBy(backlog), backlogArticles: sat?.articles ?? 0 },
    ...base,
    ratios: computeRatios(base),
    deadLetters,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = new ScriptArgs(argv);
  args.allowOnly(['quick', 'json', 'cpu-prof', 'set']);
  const json = args.flag('json');
  const quick = args.flag('quick');
  const size = withOverrides<Record<keyof (typeof SIZES)['full'], number>>(
    quick ? SIZES.quick : SIZES.full,
    args.string('set', ''),
  );
  // In --json mode stdout carries the one JSON object: everything the parts print goes to stderr.
  const out = process.stdout;
  if (json) {
    console.log = console.error;
    console.info = console.error;
  }
  const started = Date.now();
  const ends = benchEndpoints();
  const problems = await preflight(ends);
  if (problems.length) {
    console.error(`npm run bench: cannot run:\n  ${problems.join('\n  ')}`);
    process.exitCode = 2;
    return;
  }
  const machine = await machineInfo(ends);
  const loadBefore = loadavg().map((x) => round(x, 2));
  console.log(`npm run bench${quick ? ' (quick)' : ''}: load average before ${JSON.stringify(loadBefore)}`);
  const durationS: Record<string, number> = {};
  const failures: string[] = [];
  /** Runs one part; a failure is recorded and the run goes on with the next part (its figures become null). */
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T | undefined> => {
    const t0 = Date.now();
    console.log(`\n=== ${name} ===`);
    try {
      return await f();
    } catch (err) {
      console.error(`${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      durationS[name] = round((Date.now() - t0) / 1000);
    }
  };

  // Imported here, after the check: the module loads the compiled library (libs/enrich/dist) when imported.
  const { measureEnrich } = await import('../eval/enrich/bench-enrich.js');
  const corpus = loadCorpus();
  // The baseline enriches the pipeline's own articles (the same titles and ~3 KB bodies with their run token), so it
  // does per article exactly the enrichment work the classify stage does; the held-out BBC texts of
  // `npm run bench:enrich` are measured beside it for comparison with the enrichment section.
  const enrichRandom = seededRandom(7);
  const pipelineTexts = Array.from({ length: size.enrichArticles }, (_, i) => {
    const { title, body } = JSON.parse(
      makeArticle(corpus, i, enrichRandom, { prefix: 'enrich', runTag: 'enrich', bodyChars: 3000 }).line,
    ) as { title: string; body: string };
    return { title, body };
  });
  const enrich = await timed('enrichment alone (one thread, the pipeline articles)', () =>
    measureEnrich({
      articles: size.enrichArticles,
      rounds: size.enrichRounds,
      threads: 0,
      texts: pipelineTexts,
    }),
  );
  const enrichBbc = await timed('enrichment alone (one thread, held-out BBC texts)', () =>
    measureEnrich({ articles: size.enrichArticles, rounds: size.enrichRounds, threads: 0 }),
  );
  if (enrich)
    console.log(
      `enrichment alone: ${enrich.articlesPerSecond} articles/s, ${enrich.cpuMsPerArticle} ms CPU per article (BBC texts: ${enrichBbc?.articlesPerSecond ?? '-'} articles/s, ${enrichBbc?.cpuMsPerArticle ?? '-'} ms)`,
    );
  // Without the baseline there is no rate to offer: the latency phase is skipped (its figures are null).
  const rates = enrich ? offeredRates(enrich.articlesPerSecond, FRACTIONS) : {};

  const htmlCorpus = loadHtmlPages(size.htmlPages, corpus);
  const extraction = await timed('extraction alone (one thread)', async () => ({
    readability: await measureExtraction(EXTRACTION_SYSTEMS.readability, htmlCorpus.pages),
    newsflow: await measureExtraction(EXTRACTION_SYSTEMS.newsflow, htmlCorpus.pages),
    pages: htmlCorpus.pages.length,
    origin: htmlCorpus.origin,
  }));
  if (extraction)
    console.log(
      `extraction alone over ${extraction.pages} pages (${htmlCorpus.origin}): Readability+linkedom ${extraction.readability.cpuMsPerPage} ms CPU/page, newsflow ${extraction.newsflow.cpuMsPerPage} ms CPU/page`,
    );

  const kafka = await timed('bare kafkajs produce -> consume', async () => {
    const prefix = benchPrefix('kafka');
    const tags = { prefix, runTag: 'kafka', bodyChars: 3000 };
    const r = seededRandom(42);
    const dumpSize = 100;
    const articles: BenchArticle[] = Array.from({ length: size.backlogArticles }, (_, i) =>
      makeArticle(corpus, i, r, tags),
    );
    const messages = [];
    for (let i = 0; i < articles.length; i += dumpSize)
      messages.push(dumpMessage(`${prefix}-${i}`, articles.slice(i, i + dumpSize), Date.now()));
    try {
      return await measureKafkaBaseline({
        ends,
        prefix,
        messages,
        articles: articles.length,
        partitions: 6,
        perSend: 10,
        brokerPid: infraPids(join(REPO_ROOT, '.newsflow', 'run')).kafka,
      });
    } finally {
      const left = await cleanupPrefix(ends, prefix, []);
      if (left.length) console.error(`cleanup problems: ${left.join('; ')}`);
    }
  });
  if (kafka)
    console.log(
      `bare kafkajs: ${kafka.articlesPerSec} articles/s, ${kafka.cpuMsPerArticle} ms CPU per article`,
    );

  const pipeline = await timed('pipeline', () =>
    runPipelineBench({
      articles: size.backlogArticles,
      rates: FRACTIONS.map((f) => rates[String(f)] ?? 10),
      durationS: size.latencyDurationS,
      dumpSize: 100,
      pacedDumpSize: 20,
      sampleEvery: 50,
      bodyChars: 3000,
      skipSaturation: false,
      skipLatency: !enrich,
      htmlPages: size.htmlPages,
      textDumps: size.textDumps,
      articlesPerTextDump: 10,
      cpuProf: args.flag('cpu-prof'),
      serviceEnv: {},
    }),
  );
  if (pipeline) reportPipeline(pipeline);

  const index = await timed('index stage vs raw _bulk', () =>
    runIndexBench({ articles: size.indexArticles, bulkSize: 500, rounds: 1, concurrency: 3 }),
  );
  if (index) reportIndex(index);

  const search = await timed('search', () =>
    runSearchBench(
      {
        docs: size.searchDocs,
        rate: 100,
        durationS: size.searchDurationS,
        warmupS: size.searchWarmupS,
        blocks: size.searchBlocks,
        variants: false,
        // the load phases, not the collapsed-search comparison (bench:search --compare)
        compare: false,
        serial: 100,
        cpuProf: false,
        keep: false,
        reuse: '',
      },
      async (ctx: SearchContext) => {
        const loops: Record<string, ClosedLoopResult> = {};
        for (const clients of [10, 200]) {
          for (const [path, url, reqs] of [
            ['gateway', ctx.gatewayUrl, ctx.gatewayRequests],
            ['direct', ctx.opensearchUrl, ctx.directRequests],
          ] as const) {
            console.log(`closed loop: ${clients} clients for ${size.closedLoopS} s, ${path}`);
            loops[`${path}${clients}`] = await closedLoop(url, reqs, clients, size.closedLoopS);
          }
        }
        console.log(
          table(
            ['path', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
            Object.entries(loops).map(([k, v]) => [
              k.replace(/\d+$/, ''),
              v.connections,
              v.requests,
              v.rps,
              v.latencyMs.p50,
              v.latencyMs.p99,
              v.non2xx,
              v.errors + v.timeouts,
            ]),
          ),
        );
        return loops;
      },
    ),
  );
  if (search) reportSearch(search);

  const cleanupProblems = [
    ...(pipeline?.cleanupProblems ?? []),
    ...(index?.cleanupProblems ?? []),
    ...((search?.cleanupProblems as string[] | undefined) ?? []),
  ];
  const summary = summarise(
    { enrich, enrichBbc, extraction, kafka, pipeline, rates, index, search },
    {
      date: new Date(started).toISOString(),
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      quick,
      sizes: size,
      failures,
      machine: {
        cores: Number(machine.nproc) || 1,
        cpuModel: machine.cpuModel as string | undefined,
        node: process.version,
        memTotalGiB: machine.memTotalGiB as number | undefined,
        opensearch: machine.opensearch as string | undefined,
        kafka: machine.kafka as string | undefined,
        gitCommit: machine.gitCommit as string | undefined,
        uncommittedServiceChanges: machine.uncommittedServiceChanges as number | undefined,
        loadBefore,
        loadAfter: loadavg().map((x) => round(x, 2)),
      },
      durationS: { ...durationS, total: round((Date.now() - started) / 1000) },
      cleanupProblems,
    },
  );
  summary.resultFile = writeResult('bench', {
    summary,
    parts: { enrich, enrichBbc, extraction, kafka, pipeline, index, search },
  });
  const checked = benchSummarySchema.parse(summary);
  console.log(
    [
      '',
      `Ratios to same-run baselines and targets (issue 11)${quick ? ' — quick run: smaller sizes' : ''}`,
      table(
        ['measure', 'value', 'target', 'met'],
        checked.ratios.map((r) => [
          r.name,
          r.value ?? Number.NaN,
          r.target ?? '-',
          r.met === null ? '-' : r.met ? 'yes' : 'NO',
        ]),
      ),
      `\nresult: ${checked.resultFile ?? '-'} (${checked.durationS.total} s)`,
    ].join('\n'),
  );
  if (json) out.write(`${JSON.stringify(checked)}\n`);
  if (failures.length) process.exitCode = 1;
}

runMain(main);
