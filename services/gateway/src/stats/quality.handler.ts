import { z } from 'zod';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';

/** Bodies shorter than this many characters count as "very short" (about 50 words): a likely extraction failure. */
export const SHORT_BODY_CHARS = 300;
/** How many of the window's latest articles the body-length figures are measured on. */
export const BODY_SAMPLE_SIZE = 200;

export interface QualityReport {
  generatedAt: string;
  windowMinutes: number;
  /** Articles indexed in the window. */
  articles: number;
  /** Distinct dumps those articles came from. */
  dumps: number;
  articlesPerDump: number | null;
  /** Share of articles marked as exact duplicates of an earlier one (same content hash). */
  duplicateShare: number | null;
  /** Share of articles that joined an existing story (near-duplicates: 1 - stories / articles). */
  nearDuplicateShare: number | null;
  missingDateShare: number | null;
  missingAuthorShare: number | null;
  /** Over the latest {@link BODY_SAMPLE_SIZE} articles of the window. */
  bodySample: number;
  emptyBodyShare: number | null;
  shortBodyShare: number | null;
  languages: Array<{ key: string; share: number }>;
  topics: Array<{ key: string; share: number }>;
}

export interface LatestArticle {
  id: string;
  title: string;
  source: string | null;
  language: string | null;
  topic: string | null;
  indexedAt: string | null;
  dumpId: string | null;
}

const bucketsSchema = z.object({ buckets: z.array(z.object({ key: z.unknown(), doc_count: z.number() })) });
const aggsSchema = z.object({
  dumps: z.object({ value: z.number() }),
  stories: z.object({ value: z.number() }),
  missingDate: z.object({ doc_count: z.number() }),
  missingAuthor: z.object({ doc_count: z.number() }),
  duplicates: z.object({ doc_count: z.number() }),
  languages: bucketsSchema,
  topics: bucketsSchema,
});

const share = (n: number, of: number) => (of > 0 ? n / of : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Quality of what the pipeline produces, from OpenSearch aggregations over the articles indexed in a recent
 * window: a broken extractor or a changed source layout shows up here (articles per dump drops, short bodies and
 * missing dates rise) the way a broken consumer shows up in lag.
 */
export class QualityHandler {
  constructor(
    private readonly opensearch: Pick<OpenSearchAdapter, 'search'>,
    private readonly windowMinutes = 60,
  ) {}

  async quality(): Promise<QualityReport> {
    const window = { range: { indexedAt: { gte: `now-${this.windowMinutes}m` } } };
    const [agg, sample] = await Promise.all([
      this.opensearch.search({
        size: 0,
        track_total_hits: true,
        query: window,
        aggs: {
          dumps: { cardinality: { field: 'dumpId' } },
          stories: { cardinality: { field: 'storyId' } },
          missingDate: { missing: { field: 'publishedAt' } },
          missingAuthor: { missing: { field: 'author' } },
          duplicates: { filter: { exists: { field: 'duplicateOf' } } },
          languages: { terms: { field: 'language', size: 10, missing: 'unknown' } },
          topics: { terms: { field: 'topic', size: 20, missing: 'none' } },
        },
      }),
      this.opensearch.search({
        size: BODY_SAMPLE_SIZE,
        query: window,
        sort: [{ indexedAt: 'desc' }],
        _source: false,
        script_fields: {
          bodyLength: {
            script: {
              lang: 'painless',
              source: "def b = params['_source']['body']; return b == null ? 0 : b.length();",
            },
          },
        },
      }),
    ]);
    const total = agg.hits.total;
    const articles = typeof total === 'number' ? total : (total?.value ?? 0);
    const parsed = aggsSchema.safeParse(agg.aggregations ?? {});
    const a = parsed.success ? parsed.data : undefined;
    const lengths = sample.hits.hits.map((h) => {
      const v = (h as { fields?: { bodyLength?: unknown[] } }).fields?.bodyLength?.[0];
      return typeof v === 'number' ? v : 0;
    });
    const mix = (b: z.infer<typeof bucketsSchema> | undefined) =>
      (b?.buckets ?? []).map((x) => ({ key: String(x.key), share: share(x.doc_count, articles) ?? 0 }));
    const dumps = a?.dumps.value ?? 0;
    return {
      generatedAt: new Date().toISOString(),
      windowMinutes: this.windowMinutes,
      articles,
      dumps,
      articlesPerDump: share(articles, dumps),
      duplicateShare: share(a?.duplicates.doc_count ?? 0, articles),
      nearDuplicateShare: a && articles > 0 ? Math.max(0, 1 - a.stories.value / articles) : null,
      missingDateShare: share(a?.missingDate.doc_count ?? 0, articles),
      missingAuthorShare: share(a?.missingAuthor.doc_count ?? 0, articles),
      bodySample: lengths.length,
      emptyBodyShare: share(lengths.filter((n) => n === 0).length, lengths.length),
      shortBodyShare: share(lengths.filter((n) => n < SHORT_BODY_CHARS).length, lengths.length),
      languages: mix(a?.languages),
      topics: mix(a?.topics),
    };
  }

  /** The latest indexed articles (title and facets only; the page escapes every value). */
  async latestArticles(size = 10): Promise<LatestArticle[]> {
    const res = await this.opensearch.search({
      size,
      sort: [{ indexedAt: 'desc' }],
      _source: ['title', 'source', 'language', 'topic', 'indexedAt', 'dumpId'],
    });
    return res.hits.hits.map((h) => {
      const s = h._source ?? {};
      return {
        id: h._id,
        title: str(s.title) ?? '',
        source: str(s.source),
        language: str(s.language),
        topic: str(s.topic),
        indexedAt: str(s.indexedAt),
        dumpId: str(s.dumpId),
      };
    });
  }
}
