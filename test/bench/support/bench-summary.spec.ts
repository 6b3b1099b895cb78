import { describe, expect, it } from 'vitest';
import {
  benchSummarySchema,
  computeRatios,
  maxRss,
  meets,
  num,
  offeredRates,
  ratio,
  withOverrides,
  type RatioInputs,
} from './bench-summary.js';

const inputs: RatioInputs = {
  e2eArticlesPerSec: 300,
  e2eCpuMsPerArticle: 5.4,
  enrichOnlyArticlesPerSec: 1000,
  enrichOnlyCpuMsPerArticle: 1,
  htmlCpuMsPerPage: 30,
  readabilityCpuMsPerPage: 20,
  extractOnlyCpuMsPerPage: 10,
  p99IngestToSearchableMs: { '0.2': 900, '0.5': 2500 },
  bulkRatio: {
    sequential: 0.93,
    concurrent: 0.58,
    concurrency: 3,
    rawSequentialDocsPerSec: 2900,
    rawConcurrentDocsPerSec: 4600,
    indexStageDocsPerSec: 2700,
    documents: 20000,
  },
  searchP99Ms: 18,
  searchP99MsAllFacets: 30,
  gatewayOverhead: { mean: 0.3, p50: 0.26, p95: 0.3, p99: 0.4 },
  searchRpsAt10Clients: 150,
  searchRpsAt200Clients: 98,
  searchDirectRpsAt200Clients: 300,
  maxRssMb: 304,
  kafkaBaseline: {
    messages: 10,
    articles: 1000,
    megabytes: 3,
    articlesPerSec: 20000,
    megabytesPerSec: 60,
    cpuMsPerArticle: 0.1,
  },
};

const byName = (name: string) => computeRatios(inputs).find((r) => r.name.startsWith(name));

describe('bench summary ratios', () => {
  it('divides e2e CPU per article by the enrichment-only CPU and checks it against <= 2.5', () => {
    expect(byName('e2e CPU per article / enrichment-only')).toMatchObject({
      value: 5.4,
      target: '<= 2.5',
      met: false,
    });
  });

  it('divides the e2e rate by the one-thread enrichment rate and checks it against >= 1', () => {
    expect(byName('e2e articles/s / enrichment-only')).toMatchObject({ value: 0.3, met: false });
  });

  it('judges each freshness rate against its own bound', () => {
    expect(byName('p99 ingest->searchable at 20 %')).toMatchObject({ value: 900, met: true });
    expect(byName('p99 ingest->searchable at 50 %')).toMatchObject({ value: 2500, met: false });
  });

  it('compares throughput at 200 clients with 10 clients', () => {
    expect(byName('search throughput at 200 clients')).toMatchObject({ value: 0.653, met: false });
  });

  it('reports ratios without a target with met null', () => {
    expect(byName('HTML pipeline CPU per page')).toMatchObject({ value: 1.5, target: null, met: null });
  });

  it('gives null, not NaN, when a baseline is missing, and met stays null', () => {
    const r = computeRatios({ ...inputs, enrichOnlyCpuMsPerArticle: null });
    expect(r[0]).toMatchObject({ value: null, met: null });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('bench summary helpers', () => {
  it('num turns NaN and Infinity into null and rounds', () => {
    expect(num(Number.NaN)).toBeNull();
    expect(num(Number.POSITIVE_INFINITY)).toBeNull();
    expect(num(undefined)).toBeNull();
    expect(num(1.23456, 2)).toBe(1.23);
  });

  it('ratio refuses a zero or missing divisor', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(1, 3)).toBe(0.333);
  });

  it('meets understands <= and >= and rejects other targets', () => {
    expect(meets(2, '<= 2')).toBe(true);
    expect(meets(2.01, '<= 2')).toBe(false);
    expect(meets(1, '>= 1')).toBe(true);
    expect(meets(null, '>= 1')).toBeNull();
    expect(() => meets(1, '< 2')).toThrow(/not "<= x"/);
  });

  it('offeredRates takes each fraction of the enrichment-only rate, at least 10/s', () => {
    expect(offeredRates(1041, [0.2, 0.5])).toEqual({ '0.2': 208, '0.5': 521 });
    expect(offeredRates(30, [0.2])).toEqual({ '0.2': 10 });
    expect(() => offeredRates(Number.NaN, [0.2])).toThrow(/positive number/);
  });

  it('maxRss takes the highest peak over the named services only', () => {
    const steady = { classify: { peakRssMiB: 150 }, opensearch: { peakRssMiB: 900 } };
    const backlog = { classify: { peakRssMiB: 310 }, fetch: { peakRssMiB: Number.NaN } };
    expect(maxRss([steady, backlog], ['fetch', 'classify'])).toBe(310);
    expect(maxRss([], ['fetch'])).toBeNull();
  });
});

describe('size overrides (--set)', () => {
  const base = { backlogArticles: 3000, searchDocs: 10_000 };

  it('overrides the named sizes and keeps the others', () => {
    expect(withOverrides(base, 'searchDocs=2000')).toEqual({ backlogArticles: 3000, searchDocs: 2000 });
    expect(withOverrides(base, '')).toEqual(base);
  });

  it('rejects an unknown size and a value that is not a positive number', () => {
    expect(() => withOverrides(base, 'docs=5')).toThrow(/unknown size "docs"/);
    expect(() => withOverrides(base, 'searchDocs=-1')).toThrow(/positive number/);
    expect(() => withOverrides(base, 'searchDocs=abc')).toThrow(/positive number/);
  });
});

describe('bench summary schema', () => {
  it('rejects an object without the required figures', () => {
    const r = benchSummarySchema.safeParse({ schema: 'newsflow-bench/1', e2eArticlesPerSec: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path[0])).toContain('enrichOnlyArticlesPerSec');
  });

  it('rejects NaN where a figure is expected (JSON would turn it into null silently)', () => {
    const r = benchSummarySchema.shape.e2eArticlesPerSec.safeParse(Number.NaN);
    expect(r.success).toBe(false);
    expect(benchSummarySchema.shape.e2eArticlesPerSec.safeParse(null).success).toBe(true);
  });
});
