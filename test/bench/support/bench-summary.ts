/**
 * The one JSON object `npm run bench -- --json` prints: its shape (zod) and the ratios against same-run baselines
 * with the targets of issue 11 beside them. Pure functions, unit-tested in bench-summary.spec.ts.
 */
import { z } from 'zod';

/** A figure that could not be measured is `null` in the JSON (JSON has no NaN). */
const figure = z.number().finite().nullable();

const percentiles = z.object({ n: z.number().int(), p50: figure, p95: figure, p99: figure });

export const ratioSchema = z.object({
  name: z.string(),
  /** What is divided by what, in words. */
  formula: z.string(),
  value: figure,
  /** e.g. "<= 2.5"; null where the issue sets no target (reported for information). */
  target: z.string().nullable(),
  /** null when there is no target or no value. */
  met: z.boolean().nullable(),
});
export type Ratio = z.infer<typeof ratioSchema>;

export const benchSummarySchema = z.object({
  schema: z.literal('newsflow-bench/1'),
  date: z.string(),
  command: z.string(),
  quick: z.boolean(),
  /** Sizes of the run (--quick or full, after --set overrides). */
  sizes: z.record(z.string(), z.number()),
  /** Parts that failed (their figures are null); empty on a complete run. */
  failures: z.array(z.string()),
  machine: z.object({
    cores: z.number().int().positive(),
    cpuModel: z.string().optional(),
    node: z.string(),
    memTotalGiB: z.number().optional(),
    opensearch: z.string().optional(),
    kafka: z.string().optional(),
    gitCommit: z.string().optional(),
    uncommittedServiceChanges: z.number().optional(),
    loadBefore: z.array(z.number()),
    loadAfter: z.array(z.number()),
  }),
  corpus: z.object({ ndjson: z.string(), html: z.string() }),
  durationS: z.record(z.string(), z.number()),

  e2eArticles: z.number().int(),
  e2eArticlesPerSec: figure,
  e2eCpuMsPerArticle: figure,
  /** CPU ms per article of each process during the saturation phase (servers included). */
  e2eCpuMsPerArticleByProcess: z.record(z.string(), figure),
  /** The baseline of the ratios: the enrichment library alone, one thread, on the pipeline's own articles. */
  enrichOnlyArticlesPerSec: figure,
  enrichOnlyCpuMsPerArticle: figure,
  /** The same on held-out BBC texts (`npm run bench:enrich`'s), for comparison with the enrichment section. */
  enrichOnlyBbcArticlesPerSec: figure,
  enrichOnlyBbcCpuMsPerArticle: figure,

  htmlPages: z.number().int(),
  htmlPagesPerSec: figure,
  htmlCpuMsPerPage: figure,
  htmlArticlesIndexed: z.number().int(),
  readabilityCpuMsPerPage: figure,
  extractOnlyCpuMsPerPage: figure,
  textDumps: z.number().int(),
  textDumpArticlesPerSec: figure,
  textDumpCpuMsPerArticle: figure,

  offeredRates: z.record(z.string(), z.number()),
  p99IngestToSearchableMs: z.record(z.string(), figure),
  ingestToSearchableMs: z.record(z.string(), percentiles),
  /** Per offered rate: p50/p95/p99 of each stage's time from the header timestamps. */
  stageLatencyMs: z.record(z.string(), z.record(z.string(), percentiles)),

  bulkRatio: z.object({
    sequential: figure,
    concurrent: figure,
    concurrency: z.number().int(),
    rawSequentialDocsPerSec: figure,
    rawConcurrentDocsPerSec: figure,
    indexStageDocsPerSec: figure,
    documents: z.number().int(),
  }),

  searchIndexDocs: z.number().int(),
  /** True when the index is smaller than the target's 100,000 articles (--quick). */
  searchIndexReduced: z.boolean(),
  searchRate: z.number(),
  searchP99Ms: figure,
  searchP99MsDirect: figure,
  /** The same load with every facet (facets=all); searchP99Ms is the default set (facets=true). */
  searchP99MsAllFacets: figure,
  searchP99MsAllFacetsDirect: figure,
  gatewayOverhead: z.object({ mean: figure, p50: figure, p95: figure, p99: figure }),
  searchRpsAt10Clients: figure,
  searchRpsAt200Clients: figure,
  searchP99MsAt10Clients: figure,
  searchP99MsAt200Clients: figure,
  searchDirectRpsAt10Clients: figure,
  searchDirectRpsAt200Clients: figure,
  searchDirectP99MsAt200Clients: figure,

  maxRssMb: figure,
  rssMb: z.object({
    steady: z.record(z.string(), figure),
    backlog: z.record(z.string(), figure),
    backlogArticles: z.number().int(),
  }),

  kafkaBaseline: z.object({
    messages: z.number().int(),
    articles: z.number().int(),
    megabytes: z.number(),
    articlesPerSec: figure,
    megabytesPerSec: figure,
    cpuMsPerArticle: figure,
  }),

  ratios: z.array(ratioSchema),
  deadLetters: z.number().int(),
  cleanupProblems: z.array(z.string()),
  resultFile: z.string().optional(),
});
export type BenchSummary = z.infer<typeof benchSummarySchema>;

/** NaN, ±Infinity and undefined become null, so the JSON says "not measured" instead of failing. */
export function num(v: number | undefined | null, digits = 2): number | null {
  if (v === undefined || v === null || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** a / b, null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined, digits = 3): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return num(a / b, digits);
}

/** Whether `value` meets a target written as `<= x` or `>= x`; null without a value or a target. */
export function meets(value: number | null, target: string | null): boolean | null {
  if (value === null || target === null) return null;
  const m = /^\s*(<=|>=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(target);
  if (!m) throw new Error(`target "${target}" is not "<= x" or ">= x"`);
  const bound = Number(m[2]);
  return m[1] === '<=' ? value <= bound : value >= bound;
}

/** The figures the ratios are computed from (all of one run). */
export type RatioInputs = Pick<
  BenchSummary,
  | 'e2eArticlesPerSec'
  | 'e2eCpuMsPerArticle'
  | 'enrichOnlyArticlesPerSec'
  | 'enrichOnlyCpuMsPerArticle'
  | 'htmlCpuMsPerPage'
  | 'readabilityCpuMsPerPage'
  | 'extractOnlyCpuMsPerPage'
  | 'p99IngestToSearchableMs'
  | 'bulkRatio'
  | 'searchP99Ms'
  | 'searchP99MsAllFacets'
  | 'gatewayOverhead'
  | 'searchRpsAt10Clients'
  | 'searchRpsAt200Clients'
  | 'searchDirectRpsAt200Clients'
  | 'maxRssMb'
  | 'kafkaBaseline'
>;

type NumberKeys<T> = { [K in keyof T & string]: T[K] extends number | null ? K : never }[keyof T & string];

/** A figure of the inputs by its name in the JSON: `e2eArticlesPerSec`, `kafkaBaseline.cpuMsPerArticle`. */
type FigureName = {
  [K in keyof RatioInputs]: RatioInputs[K] extends number | null ? K : `${K}.${NumberKeys<RatioInputs[K]>}`;
}[keyof RatioInputs];

/** What a target is on: one figure, or the quotient `[a, b]` of two. */
type Measure = FigureName | readonly [FigureName, FigureName];

function split(name: FigureName): [group: string, field: string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}

function figureOf(x: RatioInputs, name: FigureName): number | null {
  const [group, field] = split(name);
  const v: unknown = (x as Record<string, unknown>)[group];
  const f = field === undefined ? v : (v as Record<string, unknown>)[field];
  return typeof f === 'number' ? f : null;
}

/** The figure's name as the formula writes it: `group.field`, or `group["0.2"]` for a key that is no name. */
function written(name: FigureName): string {
  const [group, field] = split(name);
  if (field === undefined) return group;
  return /^[A-Za-z_$][\w$]*$/.test(field) ? `${group}.${field}` : `${group}[${JSON.stringify(field)}]`;
}

function entry(x: RatioInputs, name: string, measure: Measure, target: string | null): Ratio {
  const [formula, value] =
    typeof measure === 'string'
      ? [written(measure), figureOf(x, measure)]
      : [
          `${written(measure[0])} / ${written(measure[1])}`,
          ratio(figureOf(x, measure[0]), figureOf(x, measure[1])),
        ];
  return { name, formula, value, target, met: meets(value, target) };
}

/**
 * Every ratio and absolute target of issue 11, each with the figure measured in this run. The ratios decide
 * (absolute figures move a lot between machines of this kind); the absolute ones are listed for reference.
 * Each target names the figures it is on; the formula and the value are both derived from those names.
 */
export function computeRatios(x: RatioInputs): Ratio[] {
  const targets: Array<[name: string, measure: Measure, target: string | null]> = [
    [
      'e2e CPU per article / enrichment-only CPU per article',
      ['e2eCpuMsPerArticle', 'enrichOnlyCpuMsPerArticle'],
      '<= 2.5',
    ],
    [
      'e2e articles/s / enrichment-only articles/s (one thread)',
      ['e2eArticlesPerSec', 'enrichOnlyArticlesPerSec'],
      '>= 1',
    ],
    ['e2e articles/s (absolute)', 'e2eArticlesPerSec', '>= 1000'],
    ['e2e CPU ms per article (absolute)', 'e2eCpuMsPerArticle', '<= 2'],
    [
      'p99 ingest->searchable at 20 % of the enrichment-only rate, ms',
      'p99IngestToSearchableMs.0.2',
      '<= 1000',
    ],
    [
      'p99 ingest->searchable at 50 % of the enrichment-only rate, ms',
      'p99IngestToSearchableMs.0.5',
      '<= 2000',
    ],
    [
      'HTML pipeline CPU per page / Readability+linkedom CPU per page',
      ['htmlCpuMsPerPage', 'readabilityCpuMsPerPage'],
      null,
    ],
    [
      'newsflow extraction alone / Readability+linkedom, CPU per page',
      ['extractOnlyCpuMsPerPage', 'readabilityCpuMsPerPage'],
      null,
    ],
    ['index stage / raw _bulk sent one request at a time', 'bulkRatio.sequential', '>= 0.7'],
    [
      `index stage / raw _bulk with ${x.bulkRatio.concurrency} requests in flight`,
      'bulkRatio.concurrent',
      '>= 0.7',
    ],
    ['search p99 at 100 q/s, facets=true (source, topic, date), ms', 'searchP99Ms', '<= 50'],
    ['search p99 at 100 q/s, facets=all, ms', 'searchP99MsAllFacets', null],
    ['gateway overhead over direct OpenSearch (p50 latency)', 'gatewayOverhead.p50', '<= 0.2'],
    [
      'search throughput at 200 clients / at 10 clients (gateway)',
      ['searchRpsAt200Clients', 'searchRpsAt10Clients'],
      '>= 1',
    ],
    [
      'gateway / direct OpenSearch throughput at 200 clients',
      ['searchRpsAt200Clients', 'searchDirectRpsAt200Clients'],
      null,
    ],
    ['max RSS over services (steady and backlog), MiB', 'maxRssMb', '<= 200'],
    [
      'e2e articles/s / bare kafkajs produce->consume articles/s (same bytes)',
      ['e2eArticlesPerSec', 'kafkaBaseline.articlesPerSec'],
      null,
    ],
    [
      'e2e CPU per article / bare kafkajs produce->consume CPU per article',
      ['e2eCpuMsPerArticle', 'kafkaBaseline.cpuMsPerArticle'],
      null,
    ],
  ];
  return targets.map(([name, measure, target]) => entry(x, name, measure, target));
}

/** Offered rates for the latency phases: each fraction of the enrichment-only rate, at least 10 articles/s. */
export function offeredRates(
  enrichOnlyArticlesPerSec: number,
  fractions: readonly number[],
): Record<string, number> {
  if (!Number.isFinite(enrichOnlyArticlesPerSec) || enrichOnlyArticlesPerSec <= 0)
    throw new Error(`the enrichment-only rate must be a positive number, got ${enrichOnlyArticlesPerSec}`);
  return Object.fromEntries(
    fractions.map((f) => [String(f), Math.max(10, Math.round(enrichOnlyArticlesPerSec * f))]),
  );
}

/** Highest peak RSS over the processes whose name is in `services`; null when none was sampled. */
export function maxRss(
  peaks: ReadonlyArray<Record<string, { peakRssMiB: number }>>,
  services: readonly string[],
): number | null {
  let max = Number.NaN;
  for (const p of peaks)
    for (const s of services) {
      const v = p[s]?.peakRssMiB;
      if (v !== undefined && Number.isFinite(v)) max = Number.isNaN(max) ? v : Math.max(max, v);
    }
  return num(max, 0);
}

/**
 * `key=value,...` (the bench's `--set`) applied to a set of sizes, e.g. `backlogArticles=500,searchDocs=2000` to
 * check the whole run on a busy machine; an unknown key or a value that is not a positive number is an error.
 */
export function withOverrides<T extends Record<string, number>>(base: Readonly<T>, raw: string): T {
  const out: Record<string, number> = { ...base };
  for (const kv of raw.split(',').filter(Boolean)) {
    const [k = '', v = ''] = kv.split('=');
    if (!(k in out)) throw new Error(`--set: unknown size "${k}"; known: ${Object.keys(out).join(', ')}`);
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--set ${k} expects a positive number, got "${v}"`);
    out[k] = n;
  }
  return out as T;
}
