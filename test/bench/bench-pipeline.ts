/**
 * End-to-end pipeline benchmark on the real stack: the five services as processes (compiled dist/main.js) under a
 * fresh NEWSFLOW_PREFIX, NDJSON dumps of ~3 KB articles pushed to `<prefix>.news.ingest.v1` with kafkajs, and
 * `<prefix>.news.indexed.v1` followed.
 *
 * Phase A (saturation): N articles pushed as fast as possible; sustained articles/s from first push to last
 * confirmation. Phase B (latency): R articles/s offered for D seconds in paced dumps; ingest->indexed from the
 * stage timestamps of each confirmation, and for every k-th article ingest->retrievable (GET /v1/articles/:id,
 * which OpenSearch answers in real time from the translog) and ingest->searchable (GET /v1/search for a token
 * only that article carries, which needs a refresh).
 *
 * Run: npm run bench:pipeline [-- --articles 20000 --rate 200 --duration 30 --dump-size 100 --paced-dump-size 20
 *      --sample-every 50 --skip-saturation --skip-latency --cpu-prof]      (build first: npm run build)
 * --service-env K=V,... adds environment variables to the five services (e.g. MALLOC_ARENA_MAX=2).
 * --idle-seconds N samples every process for N seconds after the warm-up with no article in flight (CPU ms per second:
 * what a process costs by the clock, whatever the rate; the consumers' polling, timers, health and metrics).
 * --tree DIR runs the compiled services of another checkout (a built copy of an older commit), for a same-machine
 * A/B of CPU per article: alternate runs with and without it.
 * --refresh-interval 250ms puts that `index.refresh_interval` on the run's index after the warm-up (A/B of the
 * template's 1 s without changing it); each phase prints how many refreshes the index did. The index stage's own
 * refresh after a bulk is INDEX_REFRESH_AFTER_MS (--service-env INDEX_REFRESH_AFTER_MS=0 turns it off).
 * --rate takes a comma-separated list (e.g. 100,200): phase B then runs once per rate, in that order.
 * --cpu-prof samples the services with the inspector's profiler (support/cpu-profiler.preload.cjs) and prints where
 * each spends its CPU (by module and function); profiling slows them down, so that run's figures are not headline
 * ones. Both phases also print each stage's handler time from its own /metrics.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import type { Admin, Consumer, Producer } from 'kafkajs';
import {
  DLQ_TOPIC,
  HEADER_CONTENT_TYPE,
  HEADER_DUMP_ID,
  HEADER_TRACE_ID,
  INDEXED_TOPIC,
  INGEST_TOPIC,
  PIPELINE_STAGES,
  STAGES,
  STAGE_NAMES,
  prefixed,
  articleId,
  deadLetterSchema,
  indexedConfirmationSchema,
  stageTimestampHeader,
} from '@newsflow/contracts';
import {
  startServices,
  stopServices,
  type RunningService,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import { sleep } from '@newsflow/messaging';
import { freePorts } from '../support/free-ports.js';
import { toLetters } from '../support/letters.js';
import { ScriptArgs } from '../support/script-args.js';
import { runMain } from './support/run-main.js';
import { seededRandom } from '../support/seeded-random.js';
import {
  REPO_ROOT,
  aliasFor,
  benchEndpoints,
  benchPrefix,
  cleanupPrefix,
  createBenchKafka,
  machineInfo,
  parseEnvPairs,
  writeResult,
} from './support/bench-env.js';
import { SOURCES, bodyOf, loadCorpus, weighted, type Corpus } from './support/corpus.js';
import { summariseProfile, type ProfileSummary } from './support/cpu-profile.js';
import { loadHtmlPages, textDump } from './support/html-corpus.js';
import { ProcessSampler, infraPids, memoryOf, type ProcessFigures } from './support/process-stats.js';
import { scrapeStage, stageTiming, type StageCounters, type StageTiming } from './support/stage-metrics.js';
import { round, summarise, table, type Summary } from './support/stats.js';

/** What one run of the pipeline benchmark does (`npm run bench:pipeline` options, or the caller of `runPipelineBench`). */
export interface PipelineBenchOptions {
  /** Phase A: articles pushed as fast as possible. */
  articles: number;
  /** Phase B: offered rates (articles/s), one latency phase each, in this order. */
  rates: number[];
  durationS: number;
  dumpSize: number;
  pacedDumpSize: number;
  sampleEvery: number;
  bodyChars: number;
  skipSaturation: boolean;
  skipLatency: boolean;
  /** Phase C: HTML pages (one per message, `text/html`) and plain-text dumps; 0 and 0 skip it. */
  htmlPages: number;
  textDumps: number;
  articlesPerTextDump: number;
  cpuProf: boolean;
  /** Extra environment for the five services (e.g. MALLOC_ARENA_MAX=2 to see its effect on RSS). */
  serviceEnv: Record<string, string>;
  /** Seconds of CPU sampling with no traffic after the warm-up (0: none). */
  idleSeconds?: number | undefined;
  /** Checkout whose compiled services run (default: this one), for an A/B of two builds on the same stack. */
  tree?: string | undefined;
  /**
   * `index.refresh_interval` put on this run's index once the services are up (e.g. `250ms`), for an A/B of the
   * template's 1 s against another interval without changing the template.
   */
  refreshInterval?: string | undefined;
}

export const PIPELINE_OPTION_NAMES = [
  'articles',
  'rate',
  'duration',
  'dump-size',
  'paced-dump-size',
  'sample-every',
  'body-chars',
  'skip-saturation',
  'skip-latency',
  'html-pages',
  'text-dumps',
  'cpu-prof',
  'service-env',
  'tree',
  'idle-seconds',
  'refresh-interval',
] as const;

/** `--service-env K=V,...` as an object. */
export function parseServiceEnv(raw: string): Record<string, string> {
  return parseEnvPairs(raw, 'service-env');
}

/** Options from the command line (`--html-pages 0 --text-dumps 0`, the defaults here, skip phase C). */
export function pipelineOptionsFromArgs(args: ScriptArgs): PipelineBenchOptions {
  args.allowOnly(PIPELINE_OPTION_NAMES);
  return {
    articles: Math.round(args.number('articles', 20_000)),
    rates: args
      .string('rate', '200')
      .split(',')
      .map((x) => {
        const n = Number(x);
        if (!Number.isFinite(n) || n <= 0)
          throw new Error(`--rate expects positive numbers (comma-separated), got "${x}"`);
        return n;
      }),
    durationS: args.number('duration', 30),
    dumpSize: Math.round(args.number('dump-size', 100)),
    pacedDumpSize: Math.round(args.number('paced-dump-size', 20)),
    sampleEvery: Math.round(args.number('sample-every', 50)),
    bodyChars: Math.round(args.number('body-chars', 3000)),
    skipSaturation: args.flag('skip-saturation'),
    skipLatency: args.flag('skip-latency'),
    htmlPages: Math.round(Number(args.string('html-pages', '0'))),
    textDumps: Math.round(Number(args.string('text-dumps', '0'))),
    articlesPerTextDump: 10,
    cpuProf: args.flag('cpu-prof'),
    serviceEnv: parseServiceEnv(args.string('service-env', '')),
    tree: args.string('tree', '') || undefined,
    idleSeconds: args.number('idle-seconds', 0),
    refreshInterval: args.string('refresh-interval', '') || undefined,
  };
}

/** Poll every 50 ms for the first 3 s after ingest (the range the 2 s target is about), then every 250 ms, so an
 * overloaded pipeline is not loaded further by the measurement's own requests. */
const POLL_MS = 50;
const POLL_SLOW_AFTER_MS = 3000;
const POLL_SLOW_MS = 250;

export interface BenchArticle {
  id: string;
  token: string;
  line: string;
}

interface Confirmation {
  receivedAt: number;
  stageTimestamps: Record<string, number>;
}

export interface SaturationResult {
  articles: number;
  dumps: number;
  articlesPerDump: number;
  megabytes: number;
  indexed: number;
  deadLetters: number;
  timedOut: boolean;
  docsInIndex: number | undefined;
  pushMs: number;
  pushArticlesPerSec: number;
  firstPushToLastConfirmationMs: number;
  sustainedArticlesPerSec: number;
  steadyArticlesPerSec10to90: number;
  stages: Record<string, Summary>;
  /** From each stage service's own /metrics, between the start and the end of the phase. */
  handlers: Record<string, StageTiming>;
  /** Refreshes of the run's index during the phase (whoever asked: refresh_interval or the index stage). */
  refreshes?: RefreshFigures | undefined;
  processes: ProcessFigures;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

/** Refreshes of an index over a span, from its `_stats/refresh` (primaries). */
export interface RefreshFigures {
  count: number;
  totalMs: number;
  perSecond: number;
}

export interface LatencyResult {
  offeredArticlesPerSec: number;
  achievedArticlesPerSec: number;
  durationS: number;
  articles: number;
  articlesPerDump: number;
  lateSends: number;
  indexed: number;
  deadLetters: number;
  timedOut: boolean;
  ingestToIndexedMs: Summary | undefined;
  ingestToConfirmationMs: Summary;
  sampleEvery: number;
  pollIntervalMs: string;
  ingestToRetrievableMs: Summary;
  ingestToSearchableMs: Summary;
  /**
   * Per sample: when the search first found it minus its index-stage timestamp (taken just before its bulk): the
   * bulk plus the wait for a refresh plus the probe's interval, whatever the time spent upstream.
   */
  indexedToSearchableMs?: Summary | undefined;
  samplesNotFound: number;
  pollFailures: number;
  stages: Record<string, Summary>;
  /** From each stage service's own /metrics, between the start and the end of the phase. */
  handlers: Record<string, StageTiming>;
  refreshes?: RefreshFigures | undefined;
  processes: ProcessFigures;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

export interface PipelineResult {
  bench: 'pipeline';
  prefix: string;
  machine: Record<string, unknown>;
  corpus: string;
  options: Record<string, number | string>;
  warmUp?: Record<string, unknown>;
  /** RSS of each service right after all five answered /health, before any article. */
  rssAtStartMiB?: Record<string, number>;
  /** With --idle-seconds: CPU ms per second of each process with no article in flight, after the warm-up. */
  idle?: {
    seconds: number;
    cpuMsPerSecond: Record<string, number>;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  saturation?: SaturationResult;
  /** One entry per offered rate (--rate 100,200 runs phase B twice). */
  latency: LatencyResult[];
  /** Phase C: HTML pages, then plain-text dumps (extraction included). */
  documents?: DocumentsResult[];
  deadLetterSamples?: Array<{ stage: string; code: string; message: string }>;
  cleanupProblems?: string[];
  /** With --cpu-prof: self time per module and top functions of each service over its whole life. */
  profiles?: Record<string, ProfileSummary>;
}

let stopping = false;

/** What makes the articles of one run unique: its prefix (in URLs, so ids) and a tag (in search tokens). */
export interface RunTags {
  prefix: string;
  runTag: string;
  bodyChars: number;
}

/** An NDJSON article line with a unique URL (so a unique id) and a unique token (author line and body) for search. */
export function makeArticle(corpus: Corpus, i: number, r: () => number, tags: RunTags): BenchArticle {
  const { prefix, runTag } = tags;
  const base = corpus.articles[i % corpus.articles.length];
  if (!base) throw new Error('empty corpus');
  const url = `https://bench.example.com/${prefix}/${i}`;
  const source = weighted(SOURCES, r);
  // Letters only: a token with digits could be split or stemmed differently by the analyzer.
  const token = `zq${runTag.replace(/\d/g, (d) => String.fromCharCode(103 + Number(d)))}${toLetters(i)}`;
  const title = base.title;
  // The token also goes into the body: the corpus has ~1,500 texts, so without it every later article would be an
  // exact duplicate of an earlier one, and search (rightly) never shows duplicates: the latency pollers would never
  // find theirs.
  const body = bodyOf(corpus, i, tags.bodyChars).replace(/\n\n|$/, ` (${token})$&`);
  const publishedAt = new Date(Date.now() - Math.floor(r() * 30 * 86_400_000)).toISOString();
  const line = JSON.stringify({ title, body, url, source, author: `Bench Desk ${token}`, publishedAt });
  return { id: articleId({ url, source, title, body }), token, line };
}

export function dumpMessage(dumpId: string, articles: readonly BenchArticle[], ingestAt: number) {
  return {
    key: dumpId,
    value: Buffer.from(`${articles.map((a) => a.line).join('\n')}\n`),
    headers: {
      [HEADER_TRACE_ID]: randomUUID(),
      [HEADER_DUMP_ID]: dumpId,
      [HEADER_CONTENT_TYPE]: 'application/x-ndjson',
      [stageTimestampHeader('ingest')]: String(ingestAt),
    },
  };
}

/** Refresh count and time of an index so far (primaries), or undefined when OpenSearch does not answer. */
async function refreshStats(
  opensearchUrl: string,
  alias: string,
): Promise<{ count: number; totalMs: number } | undefined> {
  try {
    const res = await fetch(`${opensearchUrl}/${alias}/_stats/refresh`);
    const body = (await res.json()) as {
      _all?: { primaries?: { refresh?: { total?: number; total_time_in_millis?: number } } };
    };
    const r = body._all?.primaries?.refresh;
    return r ? { count: r.total ?? 0, totalMs: r.total_time_in_millis ?? 0 } : undefined;
  } catch {
    return undefined;
  }
}

function refreshDelta(
  before: { count: number; totalMs: number } | undefined,
  after: { count: number; totalMs: number } | undefined,
  ms: number,
): RefreshFigures | undefined {
  if (!before || !after) return undefined;
  const count = after.count - before.count;
  return { count, totalMs: after.totalMs - before.totalMs, perSecond: round((count / ms) * 1000, 2) };
}

/** Per-stage time (this stage's emit time minus the previous one's) and ingest->indexed, over confirmations. */
function stageBreakdown(confs: readonly Confirmation[]): Record<string, Summary> {
  const out: Record<string, number[]> = {};
  for (const c of confs) {
    const ts = c.stageTimestamps;
    for (let i = 1; i < PIPELINE_STAGES.length; i += 1) {
      const prev = ts[PIPELINE_STAGES[i - 1] ?? ''];
      const cur = ts[PIPELINE_STAGES[i] ?? ''];
      if (prev !== undefined && cur !== undefined) (out[PIPELINE_STAGES[i] ?? '?'] ??= []).push(cur - prev);
    }
    if (ts.index !== undefined) (out['index->confirmed'] ??= []).push(c.receivedAt - ts.index);
    if (ts.ingest !== undefined && ts.index !== undefined)
      (out['ingest->indexed'] ??= []).push(ts.index - ts.ingest);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, summarise(v)]));
}

/**
 * Runs the pipeline benchmark: starts the five services under a fresh prefix, runs the phases the options ask for
 * and removes everything it created. Progress goes to console.log; `reportPipeline` prints the tables.
 */
export async function runPipelineBench(o: PipelineBenchOptions): Promise<PipelineResult> {
  const ends = benchEndpoints();
  const prefix = benchPrefix('pipe');
  const tags: RunTags = { prefix, runTag: randomBytes(3).toString('hex'), bodyChars: o.bodyChars };
  stopping = false;
  const N = o.articles;
  const DUMP_SIZE = o.dumpSize;
  const PACED_DUMP_SIZE = o.pacedDumpSize;
  const SAMPLE_EVERY = o.sampleEvery;
  const DURATION_S = o.durationS;
  const machine = await machineInfo(ends);
  const corpus = loadCorpus();
  console.log(
    `bench:pipeline prefix ${prefix}, corpus ${corpus.origin} (${corpus.articles.length} base articles)`,
  );
  console.log(`load average before: ${machine.loadavg ? JSON.stringify(machine.loadavg) : '-'}`);
  const r = seededRandom(42);
  const kafka = createBenchKafka(ends, `${prefix}-bench`);
  const [gw = 0, fe = 0, cl = 0, cf = 0, ix = 0] = await freePorts(5);
  const ports = { gateway: gw, fetch: fe, clean: cl, classify: cf, index: ix };
  const gateway = `http://127.0.0.1:${ports.gateway}`;
  const confirmations = new Map<string, Confirmation>();
  const deadLetters: Array<{ stage: string; code: string; message: string }> = [];
  /** Confirmations per dump id (phase C does not know its article ids in advance). */
  const confirmedByDump = new Map<string, { count: number; lastAt: number }>();
  let services: RunningService[] = [];
  const logDir = join(REPO_ROOT, '.newsflow', 'bench-logs', prefix);
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  const result: PipelineResult = {
    latency: [],
    bench: 'pipeline',
    prefix,
    machine,
    corpus: corpus.origin,
    options: {
      articles: N,
      rates: o.rates.join(','),
      durationS: DURATION_S,
      dumpSize: DUMP_SIZE,
      pacedDumpSize: PACED_DUMP_SIZE,
      sampleEvery: SAMPLE_EVERY,
      bodyChars: o.bodyChars,
      htmlPages: o.htmlPages,
      textDumps: o.textDumps,
      serviceEnv: Object.entries(o.serviceEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      tree: o.tree ?? REPO_ROOT,
      refreshInterval: o.refreshInterval ?? '(template)',
    },
  };
  const onSignal = () => {
    stopping = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const t0 = Date.now();
    services = await startServices({
      repoRoot: o.tree ? resolve(o.tree) : REPO_ROOT,
      logDir,
      env: {
        ...process.env,
        ...(o.cpuProf
          ? {
              NODE_OPTIONS: `--require ${join(__dirname, 'support', 'cpu-profiler.preload.cjs')}`,
              BENCH_CPU_PROF_DIR: join(logDir, 'cpu-prof'),
            }
          : {}),
        NEWSFLOW_PREFIX: prefix,
        KAFKA_BROKERS: ends.kafkaBrokers.join(','),
        OPENSEARCH_URL: ends.opensearchUrl,
        REDIS_URL: ends.redisUrl,
        GATEWAY_API_KEY: `bench-${randomBytes(8).toString('hex')}`,
        // The latency pollers read anonymously, many at a time: the default 50 requests/s would answer them 429,
        // and a 429 is not "not searchable yet".
        GATEWAY_ANONYMOUS_RATE: '1000000',
        GATEWAY_ANONYMOUS_BURST: '1000000',
        GATEWAY_STAGE_URLS: `fetch=http://127.0.0.1:${ports.fetch},clean=http://127.0.0.1:${ports.clean},classify=http://127.0.0.1:${ports.classify},index=http://127.0.0.1:${ports.index}`,
        LOG_LEVEL: 'warn',
        ...o.serviceEnv,
      },
      ports,
    });
    console.log(
      `services healthy after ${Date.now() - t0} ms: ${services.map((s) => `${s.name}=${s.pid}`).join(' ')}`,
    );
    const pids = Object.fromEntries(services.map((s) => [s.name, s.pid]));
    const infra = infraPids(join(REPO_ROOT, '.newsflow', 'run'));
    const stagePorts = services.filter((x) => x.name !== 'gateway').map((x) => [x.name, x.port] as const);
    const scrapeAll = async () =>
      Object.fromEntries(
        await Promise.all(stagePorts.map(async ([n, port]) => [n, await scrapeStage(port)] as const)),
      );
    const timings = (
      before: Record<string, StageCounters | undefined>,
      after: Record<string, StageCounters | undefined>,
    ) => {
      const out: Record<string, StageTiming> = {};
      for (const [n] of stagePorts) {
        const b = before[n];
        const a = after[n];
        if (a && b) out[n] = stageTiming(b, a);
      }
      return out;
    };
    const sampler = new ProcessSampler({ ...pids, ...infra, 'bench (this process)': process.pid });
    result.rssAtStartMiB = Object.fromEntries(services.map((x) => [x.name, memoryOf(x.pid)?.rssMiB ?? NaN]));
    console.log(`RSS at start (MiB): ${JSON.stringify(result.rssAtStartMiB)}`);

    consumer = kafka.consumer({ groupId: `${prefix}.bench-follow`, maxWaitTimeInMs: 50 });
    const joined = new Promise<void>((resolve) => consumer?.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({
      topics: [`${prefix}.${INDEXED_TOPIC}`, `${prefix}.${DLQ_TOPIC}`],
      fromBeginning: true,
    });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          if (!m.value) continue;
          if (batch.topic.endsWith(INDEXED_TOPIC)) {
            const c = indexedConfirmationSchema.parse(JSON.parse(m.value.toString('utf8')));
            if (!confirmations.has(c.id)) {
              confirmations.set(c.id, { receivedAt: now, stageTimestamps: c.stageTimestamps });
              const byDump = confirmedByDump.get(c.dumpId);
              if (byDump) {
                byDump.count += 1;
                byDump.lastAt = now;
              } else confirmedByDump.set(c.dumpId, { count: 1, lastAt: now });
            }
          } else {
            const d = deadLetterSchema.parse(JSON.parse(m.value.toString('utf8')));
            deadLetters.push({ stage: d.stage, code: d.errorCode, message: d.errorMessage.slice(0, 300) });
          }
        }
        return Promise.resolve();
      },
    });
    await Promise.race([joined, sleep(30_000)]);
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const ingestTopic = `${prefix}.${INGEST_TOPIC}`;
    let next = 0;
    const make = (count: number) => Array.from({ length: count }, () => makeArticle(corpus, next++, r, tags));

    /** Waits until every id is confirmed (or dead-lettered), printing progress; bounded by `timeoutMs`. */
    const waitFor = async (ids: readonly string[], dlqBefore: number, timeoutMs: number, label: string) => {
      const deadline = Date.now() + timeoutMs;
      let lastLog = 0;
      for (;;) {
        const done = ids.filter((id) => confirmations.has(id)).length;
        const dead = deadLetters.length - dlqBefore;
        if (done + dead >= ids.length) return { done, dead, timedOut: false };
        if (Date.now() > deadline || stopping) return { done, dead, timedOut: true };
        if (Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          console.log(`  ${label}: ${done}/${ids.length} indexed, ${dead} dead letters`);
        }
        await sleep(100);
      }
    };

    // Warm-up: one small dump through every stage, so consumer-group joins are not counted in phase A.
    const warm = make(PACED_DUMP_SIZE);
    const tw = Date.now();
    await producer.send({
      topic: ingestTopic,
      acks: -1,
      messages: [dumpMessage(`${prefix}-warm`, warm, tw)],
    });
    const w = await waitFor(
      warm.map((a) => a.id),
      0,
      120_000,
      'warm-up',
    );
    result.warmUp = { articles: warm.length, ms: Date.now() - tw, ...w };
    console.log(`warm-up: ${w.done}/${warm.length} indexed in ${Date.now() - tw} ms`);
    if (o.refreshInterval) {
      const res = await fetch(`${ends.opensearchUrl}/${aliasFor(prefix)}/_settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ index: { refresh_interval: o.refreshInterval } }),
      });
      if (!res.ok)
        throw new Error(`setting refresh_interval ${o.refreshInterval}: ${res.status} ${await res.text()}`);
      console.log(`refresh_interval of ${aliasFor(prefix)} set to ${o.refreshInterval}`);
    }
    const alias = aliasFor(prefix);
    if (w.timedOut)
      throw new Error(`warm-up did not complete; dead letters: ${JSON.stringify(deadLetters.slice(0, 3))}`);

    if ((o.idleSeconds ?? 0) > 0 && !stopping) {
      const seconds = o.idleSeconds ?? 0;
      const loadBefore = loadavg();
      sampler.start();
      await sleep(seconds * 1000);
      const procs = sampler.stop();
      result.idle = {
        seconds,
        cpuMsPerSecond: Object.fromEntries(
          Object.entries(procs).map(([k, v]) => [k, round((v.cpuSeconds * 1000) / seconds, 1)]),
        ),
        loadavgBefore: loadBefore.map((x) => round(x, 2)),
        loadavgAfter: loadavg().map((x) => round(x, 2)),
      };
      console.log(`idle ${seconds} s, CPU ms per second: ${JSON.stringify(result.idle.cpuMsPerSecond)}`);
    }

    if (!o.skipSaturation && !stopping) {
      console.log(`phase A (saturation): generating ${N} articles...`);
      const articles = make(N);
      const dumps: BenchArticle[][] = [];
      for (let i = 0; i < articles.length; i += DUMP_SIZE) dumps.push(articles.slice(i, i + DUMP_SIZE));
      const bytes = articles.reduce((s, a) => s + a.line.length + 1, 0);
      const dlqBefore = deadLetters.length;
      const countersBefore = await scrapeAll();
      const refreshBefore = await refreshStats(ends.opensearchUrl, alias);
      sampler.start();
      const loadBefore = loadavg();
      const firstPush = Date.now();
      const PER_SEND = 10;
      for (let i = 0; i < dumps.length && !stopping; i += PER_SEND) {
        const at = Date.now();
        await producer.send({
          topic: ingestTopic,
          acks: -1,
          messages: dumps.slice(i, i + PER_SEND).map((d, j) => dumpMessage(`${prefix}-a${i + j}`, d, at)),
        });
      }
      const lastPush = Date.now();
      console.log(
        `  pushed ${N} articles in ${dumps.length} dumps (${round(bytes / 2 ** 20)} MiB) in ${lastPush - firstPush} ms`,
      );
      const res = await waitFor(
        articles.map((a) => a.id),
        dlqBefore,
        Math.max(120_000, N * 20),
        'phase A',
      );
      const procs = sampler.stop();
      const refreshesA = refreshDelta(
        refreshBefore,
        await refreshStats(ends.opensearchUrl, alias),
        Date.now() - firstPush,
      );
      const handlersA = timings(countersBefore, await scrapeAll());
      const confs = articles.map((a) => confirmations.get(a.id)).filter((c): c is Confirmation => !!c);
      const times = confs.map((c) => c.receivedAt).sort((a, b) => a - b);
      const last = times.at(-1) ?? Date.now();
      const t10 = times[Math.floor(times.length * 0.1)] ?? firstPush;
      const t90 = times[Math.floor(times.length * 0.9)] ?? last;
      const countRes = await fetch(`${ends.opensearchUrl}/${aliasFor(prefix)}/_refresh`, {
        method: 'POST',
      }).then(() => fetch(`${ends.opensearchUrl}/${aliasFor(prefix)}/_count`));
      const indexCount = ((await countRes.json()) as { count?: number }).count;
      const sat: SaturationResult = {
        articles: N,
        dumps: dumps.length,
        articlesPerDump: DUMP_SIZE,
        megabytes: round(bytes / 2 ** 20),
        indexed: res.done,
        deadLetters: res.dead,
        timedOut: res.timedOut,
        docsInIndex: indexCount,
        pushMs: lastPush - firstPush,
        pushArticlesPerSec: round((N / (lastPush - firstPush)) * 1000),
        firstPushToLastConfirmationMs: last - firstPush,
        sustainedArticlesPerSec: round((res.done / (last - firstPush)) * 1000),
        steadyArticlesPerSec10to90: round(((times.length * 0.8) / (t90 - t10)) * 1000),
        stages: stageBreakdown(confs),
        handlers: handlersA,
        refreshes: refreshesA,
        processes: procs,
        loadavgBefore: loadBefore.map((x) => round(x, 2)),
        loadavgAfter: loadavg().map((x) => round(x, 2)),
      };
      result.saturation = sat;
      console.log(
        `phase A: ${sat.indexed}/${N} indexed, ${sat.deadLetters} dead letters, ${sat.sustainedArticlesPerSec} articles/s ` +
          `first push -> last confirmation (${sat.firstPushToLastConfirmationMs} ms), ${sat.steadyArticlesPerSec10to90}/s between 10% and 90%`,
      );
    }

    if (result.saturation?.timedOut)
      console.log('phase B skipped: phase A did not drain, latencies would measure its backlog');
    else if (!o.skipLatency)
      for (const RATE of o.rates) {
        if (stopping || result.latency.at(-1)?.timedOut) break;
        const dumpsCount = Math.max(1, Math.round((RATE * DURATION_S) / PACED_DUMP_SIZE));
        const articles = make(dumpsCount * PACED_DUMP_SIZE);
        const dumps: BenchArticle[][] = [];
        for (let i = 0; i < articles.length; i += PACED_DUMP_SIZE)
          dumps.push(articles.slice(i, i + PACED_DUMP_SIZE));
        const intervalMs = (PACED_DUMP_SIZE / RATE) * 1000;
        console.log(
          `phase B (latency): ${RATE} articles/s for ${DURATION_S} s = ${articles.length} articles, a dump of ${PACED_DUMP_SIZE} every ${round(intervalMs)} ms`,
        );
        const dlqBefore = deadLetters.length;
        const ingestAt = new Map<string, number>();
        const retrievable: number[] = [];
        const searchable: number[] = [];
        const foundAt = new Map<string, number>();
        let pollFailures = 0;
        // One probe for every sampled article, so that measuring does not load the pipeline it measures: a search
        // for the tokens of all samples not yet searchable (`t1 OR t2 OR ...`, 50 per request) every POLL_MS, and a
        // GET per sample until it is retrievable (every POLL_MS for its first POLL_SLOW_AFTER_MS, then POLL_SLOW_MS).
        // (One poller per sample, as before, sent ~40-140 requests per sample: at 100 articles/s that was up to
        // ~270 searches/s, a load of its own on the gateway and OpenSearch.)
        interface Sample {
          a: BenchArticle;
          sentAt: number;
          gotDoc: boolean;
          gotSearch: boolean;
          nextGetAt: number;
        }
        const pending = new Map<string, Sample>();
        let samples = 0;
        let sending = true;
        const probeSearch = async (group: Sample[]) => {
          const q = encodeURIComponent(group.map((x) => x.a.token).join(' OR '));
          const res = await fetch(`${gateway}/v1/search?q=${q}&size=100&facets=false&collapse=none`);
          const body = (await res.json()) as { hits?: Array<{ id: string }> };
          if (res.status !== 200) throw new Error(`search answered ${res.status}`);
          const at = Date.now();
          for (const h of body.hits ?? []) {
            const x = pending.get(h.id);
            if (x && !x.gotSearch) {
              x.gotSearch = true;
              searchable.push(at - x.sentAt);
              foundAt.set(h.id, at);
            }
          }
        };
        const probeGet = async (x: Sample) => {
          const res = await fetch(`${gateway}/v1/articles/${x.a.id}`);
          await res.arrayBuffer();
          const at = Date.now();
          if (res.status === 200) {
            x.gotDoc = true;
            retrievable.push(at - x.sentAt);
          } else if (res.status !== 404) throw new Error(`article answered ${res.status}`);
          else x.nextGetAt = at + (at - x.sentAt < POLL_SLOW_AFTER_MS ? POLL_MS : POLL_SLOW_MS);
        };
        const probe = (async () => {
          while (!stopping && (sending || pending.size > 0)) {
            const now = Date.now();
            for (const [id, x] of pending)
              if ((x.gotDoc && x.gotSearch) || now > x.sentAt + 30_000) pending.delete(id);
            const unsearched = [...pending.values()].filter((x) => !x.gotSearch);
            const due = [...pending.values()].filter((x) => !x.gotDoc && x.nextGetAt <= now);
            const calls: Array<Promise<void>> = [];
            for (let i = 0; i < unsearched.length; i += 50)
              calls.push(probeSearch(unsearched.slice(i, i + 50)));
            for (const x of due) calls.push(probeGet(x));
            for (const r of await Promise.allSettled(calls)) if (r.status === 'rejected') pollFailures += 1;
            await sleep(Math.max(0, now + POLL_MS - Date.now()));
          }
        })();
        const watch = (a: BenchArticle, sentAt: number) => {
          samples += 1;
          pending.set(a.id, { a, sentAt, gotDoc: false, gotSearch: false, nextGetAt: sentAt });
        };
        const sends: Array<Promise<unknown>> = [];
        let lateSends = 0;
        const countersBefore = await scrapeAll();
        const refreshBefore = await refreshStats(ends.opensearchUrl, alias);
        const phaseStart = Date.now();
        sampler.start();
        const loadBefore = loadavg();
        const start = Date.now() + 200;
        for (let k = 0; k < dumps.length && !stopping; k += 1) {
          const due = start + k * intervalMs;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
          else if (wait < -intervalMs) lateSends += 1;
          const at = Date.now();
          const dump = dumps[k] ?? [];
          for (const a of dump) ingestAt.set(a.id, at);
          sends.push(
            producer.send({
              topic: ingestTopic,
              acks: -1,
              messages: [dumpMessage(`${prefix}-b${k}`, dump, at)],
            }),
          );
          dump.forEach((a, j) => {
            if ((k * PACED_DUMP_SIZE + j) % SAMPLE_EVERY === 0) watch(a, at);
          });
        }
        const sendEnd = Date.now();
        await Promise.all(sends);
        const res = await waitFor(
          articles.map((a) => a.id),
          dlqBefore,
          120_000,
          'phase B',
        );
        sending = false;
        await probe;
        const procs = sampler.stop();
        const refreshesB = refreshDelta(
          refreshBefore,
          await refreshStats(ends.opensearchUrl, alias),
          Date.now() - phaseStart,
        );
        const handlersB = timings(countersBefore, await scrapeAll());
        const confs = articles.map((a) => confirmations.get(a.id)).filter((c): c is Confirmation => !!c);
        const confirmed = articles.flatMap((a) => {
          const c = confirmations.get(a.id);
          const at = ingestAt.get(a.id);
          return c && at !== undefined ? [c.receivedAt - at] : [];
        });
        const lat: LatencyResult = {
          offeredArticlesPerSec: RATE,
          achievedArticlesPerSec: round((articles.length / (sendEnd - start + intervalMs)) * 1000),
          durationS: DURATION_S,
          articles: articles.length,
          articlesPerDump: PACED_DUMP_SIZE,
          lateSends,
          indexed: res.done,
          deadLetters: res.dead,
          timedOut: res.timedOut,
          ingestToIndexedMs: stageBreakdown(confs)['ingest->indexed'],
          ingestToConfirmationMs: summarise(confirmed),
          sampleEvery: SAMPLE_EVERY,
          pollIntervalMs: `${POLL_MS} ms for the first ${POLL_SLOW_AFTER_MS} ms, then ${POLL_SLOW_MS} ms`,
          ingestToRetrievableMs: summarise(retrievable),
          ingestToSearchableMs: summarise(searchable),
          indexedToSearchableMs: summarise(
            [...foundAt].flatMap(([id, at]) => {
              const ix = confirmations.get(id)?.stageTimestamps.index;
              return ix === undefined ? [] : [at - ix];
            }),
          ),
          samplesNotFound: samples - searchable.length,
          pollFailures,
          stages: stageBreakdown(confs),
          handlers: handlersB,
          refreshes: refreshesB,
          processes: procs,
          loadavgBefore: loadBefore.map((x) => round(x, 2)),
          loadavgAfter: loadavg().map((x) => round(x, 2)),
        };
        result.latency.push(lat);
      }
    if (result.saturation?.timedOut || result.latency.at(-1)?.timedOut)
      console.log('phase C skipped: an earlier phase did not drain, its backlog would be measured');
    else if (o.htmlPages + o.textDumps > 0 && !stopping) {
      const documents: DocumentsResult[] = [];
      result.documents = documents;
      const admin = kafka.admin();
      await admin.connect();
      try {
        const kinds: Array<{ kind: DocumentsResult['kind']; contentType: string; docs: string[] }> = [];
        if (o.htmlPages > 0) {
          const html = loadHtmlPages(o.htmlPages, corpus);
          kinds.push({
            kind: `html (${html.origin})`,
            contentType: 'text/html',
            docs: html.pages.map((x) => x.html),
          });
        }
        if (o.textDumps > 0)
          kinds.push({
            kind: `text dumps of ${o.articlesPerTextDump} articles`,
            contentType: 'text/plain',
            docs: Array.from({ length: o.textDumps }, (_, i) =>
              textDump(corpus, i, o.articlesPerTextDump, tags.runTag),
            ),
          });
        for (const k of kinds) {
          if (stopping) break;
          console.log(`phase C (documents): ${k.docs.length} ${k.kind} pushed as fast as possible`);
          const dumpIds = k.docs.map((_, i) => `${prefix}-c${documents.length}-${i}`);
          const dlqBefore = deadLetters.length;
          const countersBefore = await scrapeAll();
          sampler.start();
          const loadBefore = loadavg();
          const firstPush = Date.now();
          for (let i = 0; i < k.docs.length && !stopping; i += 10) {
            const at = Date.now();
            await producer.send({
              topic: ingestTopic,
              acks: -1,
              messages: k.docs.slice(i, i + 10).map((doc, j) => ({
                key: dumpIds[i + j] ?? '',
                value: Buffer.from(doc),
                headers: {
                  [HEADER_TRACE_ID]: randomUUID(),
                  [HEADER_DUMP_ID]: dumpIds[i + j] ?? '',
                  [HEADER_CONTENT_TYPE]: k.contentType,
                  [stageTimestampHeader('ingest')]: String(at),
                },
              })),
            });
          }
          // Done when every stage's consumer group has consumed everything its input topic holds and no
          // confirmation of these dumps arrived for 2 s (how many articles a page yields is not known in advance).
          const deadline = Date.now() + 120_000 + k.docs.length * 500;
          let lastLog = 0;
          let drainedAt: number | undefined;
          let timedOut = false;
          const confirmedNow = () =>
            dumpIds.reduce(
              (acc, id) => {
                const c = confirmedByDump.get(id);
                return c ? { count: acc.count + c.count, lastAt: Math.max(acc.lastAt, c.lastAt) } : acc;
              },
              { count: 0, lastAt: 0 },
            );
          for (;;) {
            await sleep(500);
            const c = confirmedNow();
            const lag = await pipelineLag(admin, prefix);
            if (lag === 0 && Date.now() - Math.max(c.lastAt, firstPush) > 2000) {
              drainedAt = c.lastAt || Date.now();
              break;
            }
            if (Date.now() > deadline || stopping) {
              timedOut = true;
              break;
            }
            if (Date.now() - lastLog > 5000) {
              lastLog = Date.now();
              console.log(`  phase C: ${c.count} articles indexed, consumer lag ${lag}`);
            }
          }
          const procs = sampler.stop();
          const handlers = timings(countersBefore, await scrapeAll());
          const c = confirmedNow();
          const ms = (drainedAt ?? Date.now()) - firstPush;
          const docBytes = k.docs.reduce((sum, d) => sum + Buffer.byteLength(d), 0);
          const cpuMs = pipelineCpuSeconds(procs) * 1000;
          const doc: DocumentsResult = {
            kind: k.kind,
            documents: k.docs.length,
            megabytes: round(docBytes / 2 ** 20, 2),
            articlesIndexed: c.count,
            deadLetters: deadLetters.length - dlqBefore,
            timedOut,
            firstPushToDrainedMs: ms,
            documentsPerSec: round((k.docs.length / ms) * 1000),
            articlesPerSec: round((c.count / ms) * 1000),
            cpuMsPerDocument: round(cpuMs / k.docs.length, 2),
            cpuMsPerArticle: c.count ? round(cpuMs / c.count, 2) : Number.NaN,
            handlers,
            processes: procs,
            loadavgBefore: loadBefore.map((x) => round(x, 2)),
            loadavgAfter: loadavg().map((x) => round(x, 2)),
          };
          documents.push(doc);
          console.log(
            `phase C: ${doc.documents} ${doc.kind} -> ${doc.articlesIndexed} articles in ${ms} ms: ${doc.documentsPerSec} documents/s, ` +
              `${doc.cpuMsPerDocument} ms CPU per document (all pipeline processes)`,
          );
        }
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    if (deadLetters.length) result.deadLetterSamples = deadLetters.slice(0, 5);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await stopServices(services);
    if (o.cpuProf) result.profiles = readProfiles(join(logDir, 'cpu-prof'), services);
    const problems = await cleanupPrefix(ends, prefix);
    if (problems.length) console.error(`cleanup problems: ${problems.join('; ')}`);
    result.cleanupProblems = problems;
  }
  return result;
}

/** Phase C figures for one kind of document (HTML pages or plain-text dumps). */
export interface DocumentsResult {
  kind: string;
  documents: number;
  megabytes: number;
  articlesIndexed: number;
  deadLetters: number;
  timedOut: boolean;
  firstPushToDrainedMs: number;
  documentsPerSec: number;
  articlesPerSec: number;
  /** CPU of every pipeline process (services, Kafka, OpenSearch, Redis) per document pushed. */
  cpuMsPerDocument: number;
  cpuMsPerArticle: number;
  handlers: Record<string, StageTiming>;
  processes: ProcessFigures;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

/** CPU seconds of the pipeline's processes (services, Kafka, OpenSearch, Redis), not of the benchmark itself. */
export function pipelineCpuSeconds(processes: ProcessFigures): number {
  return Object.entries(processes)
    .filter(([k]) => !k.startsWith('bench'))
    .reduce((s, [, v]) => s + (Number.isFinite(v.cpuSeconds) ? v.cpuSeconds : 0), 0);
}

/** Messages of each stage's input topic not yet consumed by that stage's consumer group, summed over stages. */
async function pipelineLag(admin: Admin, prefix: string): Promise<number> {
  let lag = 0;
  for (const st of STAGE_NAMES.map((n) => STAGES[n])) {
    const topic = prefixed(prefix, st.input);
    const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const [committed] = await admin.fetchOffsets({ groupId: prefixed(prefix, st.group), topics: [topic] });
    for (const [partition, h] of high) {
      const c = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
      lag += Math.max(0, h - Math.max(0, c));
    }
  }
  return lag;
}

/**
 * CPU spent per article by the pipeline (services, Kafka, OpenSearch, Redis; not this benchmark process) and the
 * throughput that budget allows at most if every core of the machine did nothing else.
 */
function cpuCeiling(processes: ProcessFigures, articles: number, cores: number): string {
  const ms = (pipelineCpuSeconds(processes) * 1000) / Math.max(1, articles);
  return `CPU per article, all pipeline processes: ${round(ms, 2)} ms -> at most ~${Math.round((cores * 1000) / ms)} articles/s on ${cores} idle cores`;
}

/** Summaries of the `.cpuprofile` files the services wrote on exit (file names carry the pid). */
function readProfiles(dir: string, services: readonly RunningService[]): Record<string, ProfileSummary> {
  const out: Record<string, ProfileSummary> = {};
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    console.error(`no CPU profiles in ${dir}`);
  }
  for (const s of services) {
    const f = files.find((x) => x === `CPU.${s.pid}.cpuprofile`);
    if (f) out[s.name] = summariseProfile(join(dir, f));
  }
  return out;
}

function refreshLine(r: RefreshFigures | undefined, articles: number): string {
  if (!r) return 'refreshes of the index: not known';
  return `refreshes of the index: ${r.count} (${r.perSecond}/s, ${round(articles / Math.max(1, r.count), 1)} articles each), ${r.totalMs} ms in refresh`;
}

/** Prints the tables of a run (console.log) and writes its result file. */
export function reportPipeline(result: PipelineResult): void {
  const sat = result.saturation;
  const lines: string[] = [];
  if (sat) {
    lines.push(
      '',
      `Phase A, saturation: ${sat.indexed}/${sat.articles} articles indexed (${sat.deadLetters} dead letters, index holds ${sat.docsInIndex ?? '?'} incl. warm-up)`,
      table(
        ['measure', 'value', 'target'],
        [
          ['push rate (articles/s)', sat.pushArticlesPerSec, ''],
          ['sustained, first push -> last confirmation (articles/s)', sat.sustainedArticlesPerSec, '>= 1000'],
          ['steady, 10% -> 90% of confirmations (articles/s)', sat.steadyArticlesPerSec10to90, ''],
        ],
      ),
      refreshLine(sat.refreshes, sat.indexed),
    );
  }
  if (result.idle)
    lines.push(
      '',
      `Idle for ${result.idle.seconds} s after the warm-up (no article in flight), load ${result.idle.loadavgBefore[0]} -> ${result.idle.loadavgAfter[0]}`,
      table(
        ['process', 'cpu ms/s'],
        Object.entries(result.idle.cpuMsPerSecond).map(([k, v]) => [k, v]),
      ),
    );
  const row = (name: string, v: Summary | undefined, target = ''): Array<string | number> => {
    const x = v ?? summarise([]);
    return [name, x.n, x.p50, x.p95, x.p99, x.max, target];
  };
  for (const lat of result.latency) {
    lines.push(
      '',
      `Phase B, latency at ${lat.offeredArticlesPerSec} articles/s offered for ${lat.durationS} s (${lat.achievedArticlesPerSec} achieved), ${lat.indexed}/${lat.articles} indexed${lat.timedOut ? ' (TIMED OUT)' : ''}`,
      table(
        ['ms', 'n', 'p50', 'p95', 'p99', 'max', 'target'],
        [
          row('ingest -> indexed (stage timestamps)', lat.ingestToIndexedMs),
          row('ingest -> confirmation received', lat.ingestToConfirmationMs),
          row('ingest -> retrievable (GET /v1/articles/:id)', lat.ingestToRetrievableMs),
          row('ingest -> searchable (GET /v1/search)', lat.ingestToSearchableMs, 'p99 <= 2000'),
          row('index stage timestamp -> searchable (same samples)', lat.indexedToSearchableMs),
        ],
      ),
      refreshLine(lat.refreshes, lat.indexed),
    );
  }
  if (result.documents?.length)
    lines.push(
      '',
      'Phase C, documents with extraction (pushed as fast as possible; CPU of every pipeline process)',
      table(
        [
          'kind',
          'docs',
          'MiB',
          'articles',
          'dead',
          'ms',
          'docs/s',
          'articles/s',
          'cpu ms/doc',
          'cpu ms/article',
        ],
        result.documents.map((d) => [
          `${d.kind}${d.timedOut ? ' (TIMED OUT)' : ''}`,
          d.documents,
          d.megabytes,
          d.articlesIndexed,
          d.deadLetters,
          d.firstPushToDrainedMs,
          d.documentsPerSec,
          d.articlesPerSec,
          d.cpuMsPerDocument,
          d.cpuMsPerArticle,
        ]),
      ),
      table(
        ['kind', ...Object.keys(result.documents[0]?.processes ?? {}).map((k) => `${k} cpu s`)],
        result.documents.map((d) => [d.kind, ...Object.values(d.processes).map((v) => v.cpuSeconds)]),
      ),
    );
  const phases: Array<[string, SaturationResult | LatencyResult | undefined, number]> = [
    ['A', sat, sat?.articles ?? 0],
    ...result.latency.map((l): [string, LatencyResult, number] => [
      `B at ${l.offeredArticlesPerSec}/s`,
      l,
      l.articles,
    ]),
  ];
  for (const [label, phase, articles] of phases) {
    if (!phase) continue;
    lines.push(
      '',
      `Phase ${label}: time per stage (this stage's emit time minus the previous stage's), ms`,
      table(
        ['stage', 'n', 'mean', 'p50', 'p95', 'p99', 'max'],
        Object.entries(phase.stages).map(([k, v]) => [k, v.n, v.mean, v.p50, v.p95, v.p99, v.max]),
      ),
      '',
      `Phase ${label}: processes (CPU during the phase; RSS at its end; peak RSS sampled every 0.5 s)`,
      table(
        ['process', 'cpu s', 'cpu ms/article', 'cores', 'rss MiB', 'peak MiB'],
        Object.entries(phase.processes).map(([k, v]) => [
          k,
          v.cpuSeconds,
          round((v.cpuSeconds * 1000) / Math.max(1, articles), 2),
          v.cores,
          v.rssMiB,
          v.peakRssMiB,
        ]),
      ),
      cpuCeiling(phase.processes, articles, Number(result.machine.nproc) || 2),
      '',
      `Phase ${label}: stage handlers, from each service's /metrics (wall time per message, incl. Redis/OpenSearch waits)`,
      table(
        [
          'stage',
          'messages in',
          'handler ms/message',
          'mean Kafka batch',
          'heap used/total MiB',
          'external MiB',
        ],
        Object.entries(phase.handlers).map(([k, v]) => [
          k,
          v.messagesIn,
          v.handlerMsPerMessage,
          v.meanBatchSize,
          `${v.heapUsedMiB}/${v.heapTotalMiB}`,
          v.externalMiB,
        ]),
      ),
    );
  }
  for (const [name, p] of Object.entries(result.profiles ?? {})) {
    lines.push(
      '',
      `CPU profile of ${name}: ${round(p.busyMs / 1000)} s busy; self time by module, then top functions`,
      table(
        ['module', 'ms', '%'],
        p.byModule.map((m) => [m.name, m.ms, m.percent]),
      ),
      table(
        ['function', 'ms', '%'],
        p.topFunctions.map((m) => [m.name, m.ms, m.percent]),
      ),
    );
  }
  console.log(lines.join('\n'));
  console.log(`\nresult: ${writeResult('pipeline', result)}`);
}

async function main(): Promise<void> {
  reportPipeline(await runPipelineBench(pipelineOptionsFromArgs(new ScriptArgs())));
}

if (require.main === module) runMain(main);
