/**
 * Search latency over a 100k-article index, directly against OpenSearch and through the gateway.
 *
 * 1. Builds `<prefix>.news-articles` with `_bulk` (documents from `toArticleDocument`: BBC paragraphs recombined
 *    at random, random sources, topics, countries, entities and dates so facets look real).
 * 2. Starts the gateway alone (`services/gateway/dist/main.js`) on that prefix.
 * 3. Runs an open-loop load generator in a separate process (search-load.ts) at R queries/s for D seconds: first
 *    `POST <alias>/_search` with the body the gateway would send (`planSearch` plus the gateway's exclusion
 *    of `body` from `_source`; for a collapsed search, then the story details request of its page, as the gateway
 *    does), then the same queries as `GET /v1/search`. Queries are 1-3 words that occur
 *    together in the corpus, some with topic/source/country/date filters or time sort; facets=true (the default set) and, in
 *    the same blocks, facets=all; one hit per story.
 *
 * Run: npm run bench:search [-- --docs 100000 --rate 100 --duration 30 --warmup 5 --blocks 1 --keep | --reuse PREFIX]
 * --compare replaces steps 2-3 by the same-run comparison of the collapsed search before vs now (search-compare.ts);
 * --blocks B alternates direct and gateway in B blocks of D/B seconds each (fairer when the machine is shared);
 * --variants then runs D/3 s direct per variant of the query without facets, highlight or exact totals;
 * --cpu-prof samples the gateway with the V8 profiler and prints where its CPU goes (whole run);
 * --keep leaves the index in place and --reuse PREFIX runs the queries against such a kept index.
 *      (build first: npm run build)
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@opensearch-project/opensearch';
import {
  articlesIndexName,
  ensureArticlesIndex,
  planSearch,
  SEARCH_FILTER_PATH,
  STORY_DETAILS_FILTER_PATH,
  searchParamsSchema,
  storyKeyComplete,
  toArticleDocument,
  type SearchIndexFeatures,
} from '@newsflow/search';
import { ENGLISH_STOPWORDS } from '../../libs/extract/src/stopwords.js';
import { freePorts } from '../support/free-ports.js';
import { ScriptArgs } from '../support/script-args.js';
import { runMain } from './support/run-main.js';
import { pick, seededRandom } from '../support/seeded-random.js';
import {
  REPO_ROOT,
  aliasFor,
  benchEndpoints,
  benchPrefix,
  cleanupPrefix,
  createOpenSearch,
  machineInfo,
  writeResult,
} from './support/bench-env.js';
import {
  COUNTRIES,
  SOURCES,
  enrichedArticle,
  loadCorpus,
  recombinedBody,
  weighted,
  type Corpus,
} from './support/corpus.js';
import { summariseProfile, type ProfileSummary } from './support/cpu-profile.js';
import { ProcessSampler, infraPids, type ProcessFigures } from './support/process-stats.js';
import { startService, type BenchService } from './support/service-process.js';
import { round, summarise, table, type Summary } from './support/stats.js';
import type { LoadOutput, LoadRequest, LoadSpec } from './search-load.js';
import {
  BASELINE_NAMES,
  compareReport,
  compareShapes,
  type BaselineName,
  type CompareResult,
} from './search-compare.js';

/** What one run does (`npm run bench:search` options, or the caller of `runSearchBench`). */
export interface SearchBenchOptions {
  docs: number;
  rate: number;
  durationS: number;
  warmupS: number;
  blocks: number;
  variants: boolean;
  cpuProf: boolean;
  keep: boolean;
  /** Prefix of an index a previous run kept (`--keep`), or '' to build one. */
  reuse: string;
  /** Instead of the load phases: the collapsed search before vs now, direct, N serial queries (search-compare.ts). */
  compare: boolean;
  /** The baseline shape --compare measures today's request against (search-compare.ts BASELINES). */
  against?: BaselineName;
  serial: number;
  /**
   * The `facets` parameter of every query: `true` (the API's default set: source, topic, date; the default), `all`
   * (all eleven terms facets and the date histogram) or a list, to measure what the facet set costs.
   */
  facets?: string;
  /**
   * With `facets` true: each block also runs the same queries with `facets=all` (direct, then gateway), reported
   * as `allFacets` beside the default set's figures. Default true; `--skip-all-facets` leaves it out.
   */
  allFacets?: boolean;
}

export function searchOptionsFromArgs(args: ScriptArgs): SearchBenchOptions {
  args.allowOnly([
    'docs',
    'rate',
    'duration',
    'warmup',
    'blocks',
    'variants',
    'cpu-prof',
    'keep',
    'reuse',
    'compare',
    'against',
    'serial',
    'facets',
    'skip-all-facets',
  ]);
  const against = args.string('against', 'full-source');
  if (!(BASELINE_NAMES as string[]).includes(against))
    throw new Error(`--against expects one of ${BASELINE_NAMES.join(', ')}, not "${against}"`);
  return {
    docs: Math.round(args.number('docs', 100_000)),
    rate: args.number('rate', 100),
    durationS: args.number('duration', 30),
    warmupS: args.number('warmup', 5),
    blocks: Math.round(args.number('blocks', 1)),
    variants: args.flag('variants'),
    cpuProf: args.flag('cpu-prof'),
    keep: args.flag('keep'),
    reuse: args.string('reuse', ''),
    compare: args.flag('compare'),
    against: against as BaselineName,
    serial: Math.round(args.number('serial', 100)),
    facets: args.string('facets', 'true'),
    allFacets: !args.flag('skip-all-facets'),
  };
}

/**
 * What a caller may run while the index and the gateway are up (before clean-up): `runSearchBench`'s `extra`
 * gets this and its answer is stored under `result.extra`.
 */
export interface SearchContext {
  gatewayUrl: string;
  opensearchUrl: string;
  alias: string;
  docs: number;
  pids: Record<string, number>;
  /** Gateway requests and the same queries as direct OpenSearch requests (not the measured ones). */
  gatewayRequests: LoadRequest[];
  directRequests: LoadRequest[];
}
const DATE_FROM = Date.UTC(2024, 0, 1);
const DATE_SPAN = Date.UTC(2026, 10, 27) - DATE_FROM;
const CATEGORIES = ['business', 'entertainment', 'politics', 'sport', 'tech'];

/** Bulk-loads DOCS documents with 2 requests in flight and refresh off, then restores the 1 s refresh. */
async function buildIndex(
  os: Client,
  corpus: Corpus,
  alias: string,
  DOCS: number,
  prefix: string,
): Promise<Record<string, unknown>> {
  const { index } = await ensureArticlesIndex(os, alias);
  await os.indices.putSettings({ index, body: { index: { refresh_interval: '-1' } } });
  const r = seededRandom(2026);
  let next = 0;
  let errors = 0;
  let bytes = 0;
  const t0 = performance.now();
  let lastLog = t0;
  const worker = async () => {
    for (;;) {
      const start = next;
      next += 500;
      if (start >= DOCS) return;
      const body: unknown[] = [];
      const now = new Date();
      for (let i = start; i < Math.min(start + 500, DOCS); i += 1) {
        const base = pick(corpus.articles, r);
        const text = `${base.paragraphs[0] ?? ''}\n\n${recombinedBody(corpus, base.category, r)}`;
        const a = enrichedArticle({
          id: createHash('sha256').update(`${prefix}/${i}`).digest('hex').slice(0, 32),
          dumpId: `${prefix}-d${Math.floor(i / 100)}`,
          title: base.title,
          body: text,
          category: base.category,
          source: weighted(SOURCES, r),
          publishedAt: new Date(DATE_FROM + Math.floor(r() * DATE_SPAN)).toISOString(),
          language: r() < 0.95 ? 'en' : pick(['fr', 'de', 'es'], r),
          r,
        });
        const doc = toArticleDocument(a, now);
        body.push({ index: { _index: alias, _id: doc.id } }, doc);
        bytes += text.length;
      }
      const res = await os.bulk({ body: body as never, refresh: false });
      const b = res.body as { errors: boolean; items: Array<Record<string, { status: number }>> };
      if (b.errors) errors += b.items.filter((it) => (Object.values(it)[0]?.status ?? 500) >= 300).length;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        console.log(`  indexed ${Math.min(next, DOCS)}/${DOCS}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  const ms = performance.now() - t0;
  await os.indices.putSettings({ index, body: { index: { refresh_interval: '1s' } } });
  await os.indices.refresh({ index: alias });
  return {
    docs: DOCS,
    ms: Math.round(ms),
    docsPerSec: round((DOCS / ms) * 1000),
    itemErrors: errors,
    avgBodyChars: Math.round(bytes / DOCS),
  };
}

/** Query-string parameters of GET /v1/search: 1-3 words that co-occur in one paragraph, sometimes with filters. */
export function makeQueries(
  corpus: Corpus,
  count: number,
  seed: number,
  facets = 'true',
): Array<Record<string, string>> {
  const r = seededRandom(seed);
  const out: Array<Record<string, string>> = [];
  while (out.length < count) {
    const a = pick(corpus.articles, r);
    const words = (
      pick([a.title, ...a.paragraphs], r)
        .toLowerCase()
        .match(/[a-z]{4,}/g) ?? []
    ).filter((w) => !ENGLISH_STOPWORDS.has(w));
    if (words.length === 0) continue;
    const n = r() < 0.5 ? 1 : r() < 0.7 ? 2 : 3;
    const at = Math.floor(r() * words.length);
    const q = words.slice(at, at + n).join(' ');
    // Facets on request (by default `true`: source, topic and the date histogram); text queries collapse by story (the
    // default). The facet set does not change the random sequence, so every --facets value gets the same queries.
    const p: Record<string, string> = { q, facets };
    const f = r();
    if (f < 0.2) p.topic = r() < 0.8 ? a.category : pick(CATEGORIES, r);
    else if (f < 0.3) p.source = weighted(SOURCES, r);
    else if (f < 0.4) p.country = weighted(COUNTRIES, r);
    else if (f < 0.5) p.from = new Date(DATE_FROM + Math.floor(r() * DATE_SPAN)).toISOString().slice(0, 10);
    if (r() < 0.1) p.sort = 'time';
    out.push(p);
  }
  return out;
}

/**
 * The OpenSearch requests the gateway makes for these parameters (see services/gateway search handler): the search,
 * and for a collapsed one the story details of its page (sent by the load generator once the first answer is in).
 */
function directRequest(
  alias: string,
  features: SearchIndexFeatures,
  p: Record<string, string>,
  tweak?: (body: Record<string, unknown>) => void,
): LoadRequest {
  const plan = planSearch(searchParamsSchema.parse(p), features);
  const body = plan.body;
  tweak?.(body);
  // The gateway's filter_path on both requests (SearchHandler): the same answer bytes here, for the same work.
  const path = `/${encodeURIComponent(alias)}/_search`;
  const filtered = (filterPath: string) => `${path}?filter_path=${encodeURIComponent(filterPath)}`;
  return {
    method: 'POST',
    path: filtered(SEARCH_FILTER_PATH),
    body: JSON.stringify(body),
    ...(plan.collapse
      ? { storyDetails: { path: filtered(STORY_DETAILS_FILTER_PATH), match: plan.match } }
      : {}),
  };
}

/** Variants of the direct query that leave out one costly part each, to see what a query's time is spent on. */
const VARIANTS: Record<string, (body: Record<string, unknown>) => void> = {
  'no aggregations (facets, story total)': (b) => delete b.aggs,
  'no story total': (b) => delete (b.aggs as Record<string, unknown> | undefined)?.stories,
  'no terms facets': (b) => {
    const aggs = (b.aggs ?? {}) as Record<string, { terms?: unknown }>;
    for (const name of Object.keys(aggs)) if (aggs[name]?.terms) delete aggs[name];
  },
  'no date facet': (b) => delete (b.aggs as Record<string, unknown> | undefined)?.date,
  'no highlight': (b) => delete b.highlight,
  'no exact total (track_total_hits 10000)': (b) => {
    b.track_total_hits = 10_000;
  },
  'none of the three': (b) => {
    delete b.aggs;
    delete b.highlight;
    b.track_total_hits = 10_000;
  },
};

function gatewayRequest(p: Record<string, string>): LoadRequest {
  return { method: 'GET', path: `/v1/search?${new URLSearchParams(p).toString()}` };
}

async function runLoadProcess(spec: LoadSpec, dir: string, name: string): Promise<LoadOutput> {
  const specFile = join(dir, `${name}.spec.json`);
  const outFile = join(dir, `${name}.out.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'search-load.ts'), specFile, outFile],
    {
      cwd: REPO_ROOT,
      // the child's stdout goes to stderr: `npm run bench -- --json` keeps stdout for its one JSON object
      stdio: ['ignore', process.stderr, 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as LoadOutput;
}

interface PhaseSummary {
  offered: number;
  answered: number;
  non200: number;
  errors: number;
  errorSamples: string[];
  /** Count of answers per HTTP status. */
  statuses: Record<string, number>;
  achievedRate: number;
  maxSendLagMs: number;
  zeroHitShare: number;
  meanResponseBytes: number;
  latencyMs: Summary;
  serviceMs: Summary;
  loadGeneratorCpuSeconds: number;
  processes: ProcessFigures;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

interface BlockRun {
  out: LoadOutput;
  processes: ProcessFigures;
  wallMs: number;
  loadBefore: number[];
  loadAfter: number[];
}

/** One load-generator run with CPU and memory of the given processes sampled meanwhile. */
async function runBlock(
  spec: LoadSpec,
  dir: string,
  name: string,
  pids: Record<string, number>,
): Promise<BlockRun> {
  const sampler = new ProcessSampler(pids);
  const loadBefore = loadavg();
  const t0 = Date.now();
  sampler.start();
  const out = await runLoadProcess(spec, dir, name);
  const processes = sampler.stop();
  return { out, processes, wallMs: Date.now() - t0, loadBefore, loadAfter: loadavg() };
}

/** Pools the samples of a path's blocks into one summary (CPU summed, RSS of the last block, peak of all). */
function combine(blocks: readonly BlockRun[]): PhaseSummary {
  const samples = blocks.flatMap((b) => b.out.samples);
  const ok = samples.filter((x) => x.status === 200);
  const offered = blocks.reduce((s, b) => s + b.out.offered, 0);
  const wall = blocks.reduce((s, b) => s + b.wallMs, 0);
  const processes: ProcessFigures = {};
  for (const b of blocks)
    for (const [name, v] of Object.entries(b.processes)) {
      const acc = processes[name] ?? { cpuSeconds: 0, cores: 0, rssMiB: 0, peakRssMiB: 0 };
      acc.cpuSeconds = round(acc.cpuSeconds + v.cpuSeconds);
      acc.cores = round(acc.cpuSeconds / (wall / 1000), 2);
      acc.rssMiB = v.rssMiB;
      acc.peakRssMiB = Math.max(acc.peakRssMiB, v.peakRssMiB);
      processes[name] = acc;
    }
  return {
    offered,
    answered: samples.length,
    non200: samples.length - ok.length,
    errors: offered - samples.length,
    errorSamples: blocks.flatMap((b) => b.out.errors).slice(0, 20),
    statuses: samples.reduce<Record<string, number>>(
      (acc, x) => ({ ...acc, [x.status]: (acc[x.status] ?? 0) + 1 }),
      {},
    ),
    achievedRate: round(
      (blocks.reduce((s, b) => s + b.out.sent, 0) / blocks.reduce((s, b) => s + b.out.sendSpanMs, 0)) * 1000,
    ),
    maxSendLagMs: Math.max(...blocks.map((b) => b.out.maxSendLagMs)),
    zeroHitShare: round(ok.filter((x) => x.total === 0).length / Math.max(1, ok.length), 3),
    meanResponseBytes: Math.round(ok.reduce((s, x) => s + x.bytes, 0) / Math.max(1, ok.length)),
    latencyMs: summarise(samples.map((x) => x.latencyMs)),
    serviceMs: summarise(samples.map((x) => x.serviceMs)),
    loadGeneratorCpuSeconds: round(blocks.reduce((s, b) => s + b.out.cpuSeconds, 0)),
    processes,
    loadavgBefore: (blocks[0]?.loadBefore ?? []).map((x) => round(x, 2)),
    loadavgAfter: (blocks.at(-1)?.loadAfter ?? []).map((x) => round(x, 2)),
  };
}

/**
 * Builds (or reuses) the index, starts the gateway alone, runs the load phases, then `extra` if given, and removes
 * what it created unless `keep`. Progress goes to console.log; `reportSearch` prints the tables.
 */
export async function runSearchBench(
  o: SearchBenchOptions,
  extra?: (ctx: SearchContext) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const REUSE = o.reuse;
  const ends = benchEndpoints();
  const prefix = REUSE || benchPrefix('search');
  if (!prefix.startsWith('bench-'))
    throw new Error('--reuse expects a prefix a previous bench:search run kept (bench-...)');
  const alias = aliasFor(prefix);
  const DOCS = o.docs;
  const RATE = o.rate;
  const DURATION_S = o.durationS;
  const WARMUP_S = o.warmupS;
  const BLOCKS = o.blocks;
  const machine = await machineInfo(ends);
  console.log(`bench:search prefix ${prefix}; load average ${JSON.stringify(machine.loadavg)}`);
  const corpus = loadCorpus();
  const os = createOpenSearch(ends);
  const infra = infraPids(join(REPO_ROOT, '.newsflow', 'run'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const result: Record<string, unknown> = {
    bench: 'search',
    prefix,
    machine,
    corpus: corpus.origin,
    rate: RATE,
    durationS: DURATION_S,
    facets: o.facets ?? 'true',
  };
  let gateway: BenchService | undefined;
  const profDir = join(dir, 'cpu-prof');
  try {
    if (REUSE) {
      console.log(`reusing the index behind ${alias}`);
    } else {
      console.log(`building ${alias} with ${DOCS} documents...`);
      result.build = await buildIndex(os, corpus, alias, DOCS, prefix);
      console.log(`  built: ${JSON.stringify(result.build)}`);
    }
    // Through the alias: a kept index may have been reindexed into a later version since (npx newsflow reindex).
    const stats = await os.cat.indices({ index: alias, format: 'json', bytes: 'mb' });
    const segments = await os.cat.segments({ index: alias, format: 'json' });
    const idx = (stats.body as Array<Record<string, string>>)[0] ?? {};
    result.index = {
      name: idx.index ?? articlesIndexName(alias),
      docs: Number(idx['docs.count']),
      storeMiB: Number(idx['store.size']),
      segments: (segments.body as unknown[]).length,
    };
    // What the gateway finds out about the index on its own (OpenSearchAdapter.indexFeatures): the same here.
    const features: SearchIndexFeatures = { storyKey: await storyKeyComplete(os, alias) };
    result.index = { ...(result.index as object), features };
    console.log(`  index: ${JSON.stringify(result.index)}`);
    if (o.compare) {
      const blocks = Math.max(2, BLOCKS);
      console.log(`comparing the collapsed search before vs now, direct (${o.serial} serial queries each)`);
      result.compare = await compareShapes(
        ends.opensearchUrl,
        makeQueries(corpus, Math.max(o.serial, 200), 11, o.facets ?? 'true').map((q) =>
          directRequest(alias, features, q),
        ),
        {
          against: o.against ?? 'full-source',
          serial: o.serial,
          clients: 10,
          blocks,
          blockS: DURATION_S / blocks,
        },
        infra.opensearch,
      );
      return result;
    }

    const port = (await freePorts(1))[0] ?? 0;
    gateway = await startService('gateway', {
      port,
      // The gateway alone: its /health reports the (absent) pipeline stages, /ready whether it can serve.
      readyPath: '/ready',
      logDir: join(REPO_ROOT, '.newsflow', 'bench-logs', prefix),
      env: {
        ...process.env,
        NEWSFLOW_PREFIX: prefix,
        KAFKA_BROKERS: ends.kafkaBrokers.join(','),
        OPENSEARCH_URL: ends.opensearchUrl,
        REDIS_URL: ends.redisUrl,
        GATEWAY_API_KEY: `bench-${createHash('sha256').update(prefix).digest('hex').slice(0, 16)}`,
        // The load generator reads anonymously from one address: lift the per-client limit, no percolation.
        GATEWAY_ANONYMOUS_RATE: '1000000',
        GATEWAY_ANONYMOUS_BURST: '1000000',
        GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
        LOG_LEVEL: 'warn',
        ...(o.cpuProf
          ? {
              NODE_OPTIONS: `--require ${join(__dirname, 'support', 'cpu-profiler.preload.cjs')}`,
              BENCH_CPU_PROF_DIR: profDir,
            }
          : {}),
      },
    });
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const queries = makeQueries(corpus, Math.round(RATE * DURATION_S), 11, o.facets ?? 'true');
    // The same queries with every facet: the figure of facets=all next to the default set's (facets=true).
    const allFacetsToo = (o.facets ?? 'true') === 'true' && o.allFacets !== false;
    const allQueries = queries.map((q) => ({ ...q, facets: 'all' }));
    const warm = makeQueries(corpus, Math.round(RATE * WARMUP_S), 99, o.facets ?? 'true');
    result.queries = {
      count: queries.length,
      words: summarise(queries.map((q) => (q.q ?? '').split(' ').length)),
      withFilter: round(
        queries.filter((q) => Object.keys(q).some((k) => k !== 'q' && k !== 'sort')).length / queries.length,
        3,
      ),
      timeSorted: round(queries.filter((q) => q.sort === 'time').length / queries.length, 3),
      examples: queries.slice(0, 8).map((q) => new URLSearchParams(q).toString()),
    };
    const pids = { gateway: gateway.pid, ...infra };
    console.log(
      `warm-up: ${WARMUP_S} s direct, ${WARMUP_S} s through the gateway (other queries, not recorded)`,
    );
    await runLoadProcess(
      {
        baseUrl: ends.opensearchUrl,
        rate: RATE,
        durationS: WARMUP_S,
        requests: warm.map((q) => directRequest(alias, features, q)),
      },
      dir,
      'warm-direct',
    );
    await runLoadProcess(
      { baseUrl: gatewayUrl, rate: RATE, durationS: WARMUP_S, requests: warm.map(gatewayRequest) },
      dir,
      'warm-gateway',
    );
    // With --blocks B > 1 the two paths alternate in B blocks (same queries in each pair of blocks), so a change
    // of background load during the run hits both alike; B = 1 is direct for D s, then the gateway for D s.
    const direct: BlockRun[] = [];
    const viaGateway: BlockRun[] = [];
    const allDirect: BlockRun[] = [];
    const allGateway: BlockRun[] = [];
    const per = Math.ceil(queries.length / BLOCKS);
    for (let b = 0; b < BLOCKS; b += 1) {
      const qs = queries.slice(b * per, (b + 1) * per);
      const durationS = qs.length / RATE;
      const allFirst = allFacetsToo && b % 2 === 1;
      /** The block's queries straight to OpenSearch, then the same through the gateway (`all-` runs: facets=all). */
      const runPair = async (
        queriesOfBlock: typeof qs,
        name: string,
        intoDirect: BlockRun[],
        intoGateway: BlockRun[],
      ): Promise<void> => {
        intoDirect.push(
          await runBlock(
            {
              baseUrl: ends.opensearchUrl,
              rate: RATE,
              durationS,
              requests: queriesOfBlock.map((q) => directRequest(alias, features, q)),
            },
            dir,
            `${name}direct-${b}`,
            pids,
          ),
        );
        intoGateway.push(
          await runBlock(
            { baseUrl: gatewayUrl, rate: RATE, durationS, requests: queriesOfBlock.map(gatewayRequest) },
            dir,
            `${name}gateway-${b}`,
            pids,
          ),
        );
      };
      const runAll = async (): Promise<void> => {
        if (!allFacetsToo) return;
        console.log(`block ${b + 1}/${BLOCKS}: the same queries with facets=all, direct then gateway`);
        await runPair(allQueries.slice(b * per, (b + 1) * per), 'all-', allDirect, allGateway);
      };
      // facets=all first in every other block, so that a change of background load hits both sets alike.
      if (allFirst) await runAll();
      console.log(
        `block ${b + 1}/${BLOCKS}: ${RATE} queries/s for ${durationS} s direct to OpenSearch, then through GET /v1/search`,
      );
      await runPair(qs, '', direct, viaGateway);
      if (!allFirst) await runAll();
    }
    result.blocks = BLOCKS;
    result.direct = combine(direct);
    result.gateway = combine(viaGateway);
    if (allFacetsToo) {
      const ad = combine(allDirect);
      const ag = combine(allGateway);
      result.allFacets = { direct: ad, gateway: ag, gatewayOverheadPercent: overheadOf(ad, ag) };
    }
    if (o.variants) {
      const variants: Record<string, PhaseSummary> = {};
      const qs = queries.slice(0, Math.round((RATE * DURATION_S) / 3));
      for (const [name, tweak] of Object.entries(VARIANTS)) {
        console.log(`variant "${name}": ${RATE} queries/s for ${qs.length / RATE} s direct`);
        const reqs = qs.map((q) => directRequest(alias, features, q, tweak));
        variants[name] = combine([
          await runBlock(
            { baseUrl: ends.opensearchUrl, rate: RATE, durationS: qs.length / RATE, requests: reqs },
            dir,
            `variant-${Object.keys(variants).length}`,
            pids,
          ),
        ]);
      }
      result.variants = variants;
    }
    if (extra)
      result.extra = await extra({
        gatewayUrl,
        opensearchUrl: ends.opensearchUrl,
        alias,
        docs: (result.index as { docs: number }).docs,
        pids,
        gatewayRequests: warm.map(gatewayRequest),
        directRequests: warm.map((q) => directRequest(alias, features, q)),
      });
  } finally {
    await gateway?.stop();
    if (gateway && o.cpuProf) {
      const file = join(profDir, `CPU.${gateway.pid}.cpuprofile`);
      if (existsSync(file)) result.gatewayProfile = summariseProfile(file);
      else console.error(`no CPU profile at ${file}`);
    }
    await os.close();
    rmSync(dir, { recursive: true, force: true });
    if (o.keep) {
      console.log(`kept the index: rerun with --reuse ${prefix}`);
    } else {
      const problems = await cleanupPrefix(ends, prefix);
      if (problems.length) console.error(`cleanup problems: ${problems.join('; ')}`);
      result.cleanupProblems = problems;
    }
  }
  result.gatewayOverheadPercent = overheadOf(result.direct as PhaseSummary, result.gateway as PhaseSummary);
  return result;
}

/** The gateway's latency over the direct path's, in percent, at the mean and three percentiles. */
function overheadOf(d: PhaseSummary, g: PhaseSummary): Record<'mean' | 'p50' | 'p95' | 'p99', number> {
  const overhead = (k: 'p50' | 'p95' | 'p99' | 'mean') => round((g.latencyMs[k] / d.latencyMs[k] - 1) * 100);
  return { mean: overhead('mean'), p50: overhead('p50'), p95: overhead('p95'), p99: overhead('p99') };
}

/** Prints the tables of a run (console.log) and writes its result file. */
export function reportSearch(result: Record<string, unknown>): void {
  if (result.compare) {
    console.log(
      `\n${compareReport(result.compare as CompareResult)}\nresult: ${writeResult('search', result)}`,
    );
    return;
  }
  const RATE = result.rate as number;
  const DURATION_S = result.durationS as number;
  const d = result.direct as PhaseSummary;
  const g = result.gateway as PhaseSummary;
  const overhead = (k: 'p50' | 'p95' | 'p99' | 'mean') => round((g.latencyMs[k] / d.latencyMs[k] - 1) * 100);
  const row = (name: string, p: PhaseSummary, s: Summary): Array<string | number> => [
    name,
    p.answered,
    p.non200 + p.errors,
    p.achievedRate,
    s.mean,
    s.p50,
    s.p95,
    s.p99,
    s.max,
  ];
  const idx = result.index as { docs: number };
  const all = result.allFacets as
    | { direct: PhaseSummary; gateway: PhaseSummary; gatewayOverheadPercent: Record<string, number> }
    | undefined;
  const facetsLabel =
    result.facets === 'true' ? 'facets=true (source, topic, date)' : `facets=${String(result.facets)}`;
  console.log(
    [
      '',
      `Search at ${RATE} queries/s offered for ${DURATION_S} s over ${idx.docs} articles (latency from each query's due time, ms)`,
      table(
        ['path', 'answered', 'failed', 'q/s', 'mean', 'p50', 'p95', 'p99', 'max'],
        [
          row(`OpenSearch direct, ${facetsLabel}`, d, d.latencyMs),
          row(`gateway GET /v1/search, ${facetsLabel}`, g, g.latencyMs),
          ...(all
            ? [
                row('OpenSearch direct, facets=all', all.direct, all.direct.latencyMs),
                row('gateway GET /v1/search, facets=all', all.gateway, all.gateway.latencyMs),
              ]
            : []),
        ],
      ),
      `gateway overhead (${facetsLabel}): mean ${overhead('mean')}%, p50 ${overhead('p50')}%, p95 ${overhead('p95')}%, p99 ${overhead('p99')}% (target <= 20%); p99 target <= 50 ms`,
      ...(all
        ? [
            `gateway overhead (facets=all): mean ${all.gatewayOverheadPercent.mean}%, p50 ${all.gatewayOverheadPercent.p50}%, p95 ${all.gatewayOverheadPercent.p95}%, p99 ${all.gatewayOverheadPercent.p99}%`,
          ]
        : []),
      `HTTP statuses: direct ${JSON.stringify(d.statuses)}, gateway ${JSON.stringify(g.statuses)}; transport errors: ${JSON.stringify([...d.errorSamples, ...g.errorSamples].slice(0, 3))}`,
      `zero-hit queries: direct ${d.zeroHitShare}, gateway ${g.zeroHitShare}; mean response bytes: direct ${d.meanResponseBytes}, gateway ${g.meanResponseBytes}`,
      '',
      'processes during each phase',
      table(
        ['phase', 'process', 'cpu s', 'cores', 'rss MiB', 'peak MiB'],
        [
          ...Object.entries(d.processes).map(([k, v]) => [
            'direct',
            k,
            v.cpuSeconds,
            v.cores,
            v.rssMiB,
            v.peakRssMiB,
          ]),
          ['direct', 'load generator', d.loadGeneratorCpuSeconds, '', '', ''],
          ...Object.entries(g.processes).map(([k, v]) => [
            'gateway',
            k,
            v.cpuSeconds,
            v.cores,
            v.rssMiB,
            v.peakRssMiB,
          ]),
          ['gateway', 'load generator', g.loadGeneratorCpuSeconds, '', '', ''],
        ],
      ),
      ...(result.variants
        ? [
            '',
            'direct query variants (same first third of the queries each; OpenSearch CPU per query)',
            table(
              ['variant', 'q/s', 'mean', 'p50', 'p95', 'p99', 'max', 'OpenSearch cpu ms/query'],
              [
                ['full query (the direct phase above)', d] as const,
                ...Object.entries(result.variants as Record<string, PhaseSummary>),
              ].map(([name, v]) => [
                name,
                v.achievedRate,
                v.latencyMs.mean,
                v.latencyMs.p50,
                v.latencyMs.p95,
                v.latencyMs.p99,
                v.latencyMs.max,
                round(((v.processes.opensearch?.cpuSeconds ?? NaN) * 1000) / Math.max(1, v.answered), 2),
              ]),
            ),
          ]
        : []),
      ...(result.gatewayProfile
        ? [
            '',
            `CPU profile of the gateway (whole run): ${round((result.gatewayProfile as ProfileSummary).busyMs / 1000)} s busy`,
            table(
              ['module', 'ms', '%'],
              (result.gatewayProfile as ProfileSummary).byModule.map((m) => [m.name, m.ms, m.percent]),
            ),
            table(
              ['function', 'ms', '%'],
              (result.gatewayProfile as ProfileSummary).topFunctions.map((m) => [m.name, m.ms, m.percent]),
            ),
          ]
        : []),
      `\nresult: ${writeResult('search', result)}`,
    ].join('\n'),
  );
}

const USAGE = `Search latency over a large index, straight to OpenSearch and through the gateway (open-loop load).

  npm run bench:search [-- options]          (build first: npm run build)

  --docs N        articles to index (default 100000)
  --rate R        queries per second (default 100)
  --duration D    seconds of measured load per side (default 30)
  --warmup W      seconds of warm-up load before measuring (default 5)
  --blocks B      alternate direct and gateway in B blocks of D/B s (default 1; fairer on a shared machine)
  --variants      then D/3 s direct per query variant (no aggregations, no story total, no terms facets, no date
                  facet, no highlight, no exact totals, none of aggregations, highlight, exact totals)
  --cpu-prof      sample the gateway with the V8 profiler and print where its CPU goes
  --compare       instead of the load phases: the collapsed search as sent now vs an earlier shape of it, direct:
                  --serial N queries one at a time in both shapes, then closed loop with 10 clients in
                  max(2, B) alternating blocks of D/B s; OpenSearch CPU per query of each (search-compare.ts)
  --against NAME  the earlier shape of --compare: ${BASELINE_NAMES.join(', ')} (default full-source)
  --serial N      queries of --compare's serial part (default 100)
  --facets F      the queries' facets parameter: true (the API's default set: source, topic, date; default),
                  all (every facet) or a list such as source,topic,person
  --skip-all-facets  with --facets true, leave out the facets=all blocks that run beside the default set
  --keep          leave the index in place afterwards
  --reuse PREFIX  run the queries against an index a --keep run left
  --help          this text`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  reportSearch(await runSearchBench(searchOptionsFromArgs(new ScriptArgs(argv))));
}

if (require.main === module) runMain(main);
