import { z } from 'zod';
import {
  FACET_NAMES,
  STORY_DETAILS_AGG,
  compareSortValues,
  encodeCursor,
  encodeStoryCursor,
  storyShortId,
  type FacetName,
  type SearchPlan,
  type StoryCursor,
} from './search-query.js';

/** One hit of an OpenSearch search answer, as far as the search API reads it. */
export interface RawHit {
  _id: string;
  /** Absent when the request filtered the answer to what the API reads ({@link SEARCH_FILTER_PATH}). */
  _index?: string;
  _score?: number | null;
  _source?: Record<string, unknown>;
  highlight?: Record<string, string[]>;
  sort?: unknown[];
}

export interface RawAggregation {
  /** Terms and histogram buckets; the story details' buckets carry their top hits as `articles`. */
  buckets?: Array<{
    key: unknown;
    key_as_string?: string;
    doc_count: number;
    articles?: { hits: { hits: RawHit[] } };
  }>;
  /** Metric aggregations (cardinality). */
  value?: number | null;
  /** auto_date_histogram: the interval it chose. */
  interval?: string;
}

export interface RawSearchResponse {
  hits: { total?: { value: number; relation?: string } | number; hits: RawHit[] };
  aggregations?: Record<string, RawAggregation>;
}

const strings = z.array(z.string());
const nullableString = z.string().nullable();

/** The other articles of a collapsed hit's story. */
export const storySummarySchema = z
  .object({
    id: z.string(),
    articles: z.number().int().describe('articles of the story that match the query, this hit included'),
    sources: strings.describe("distinct sources of the story's other matching articles"),
    others: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          source: nullableString,
          url: nullableString,
          publishedAt: nullableString,
        }),
      )
      .describe('up to five other matching articles, oldest first'),
  })
  .describe('collapsed searches only: the other matching articles of this story');
export type StorySummary = z.infer<typeof storySummarySchema>;

/** An article as the search, story, similar and saved-search answers carry it (no body: follow `id` for it). */
export const articleHitSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  title: z.string(),
  source: nullableString,
  url: nullableString,
  author: nullableString,
  publishedAt: z.string().nullable().describe('ISO 8601 date-time'),
  language: nullableString,
  topic: nullableString,
  topicTags: strings,
  iptcCodes: strings.describe('IPTC Media Topic codes'),
  iptcLabels: strings.describe('IPTC Media Topic labels'),
  pageType: nullableString,
  countries: strings.describe('ISO 3166-1 alpha-2 codes'),
  people: strings,
  places: strings,
  organisations: strings,
  summary: nullableString,
  storyId: nullableString.describe('near-duplicate group: the id of its first article'),
  duplicateOf: nullableString.describe('set on an exact duplicate: the id of the original'),
  highlights: z
    .object({ title: z.string().optional(), body: strings.optional() })
    .describe('matched fragments with <mark> tags (HTML-escaped otherwise)'),
  score: z.number().nullable().describe('relevance score; null when sorted by time'),
  story: storySummarySchema.optional(),
});
export type ArticleHit = z.infer<typeof articleHitSchema>;

export const facetBucketSchema = z.object({ value: z.string(), count: z.number().int() });
export type FacetBucket = z.infer<typeof facetBucketSchema>;

/** The answer of GET /v1/search. */
export const searchResponseSchema = z.object({
  total: z.number().int().describe('matching articles, or matching stories when collapsed'),
  collapsed: z.boolean().describe('one hit per story (collapse=story)'),
  hits: z.array(articleHitSchema),
  facets: z
    .record(z.enum(FACET_NAMES as unknown as [FacetName, ...FacetName[]]), z.array(facetBucketSchema))
    .describe(
      'facets asked for with `facets`: per terms facet the top 10 values; `date` is a histogram (value = bucket start)',
    ),
  dateInterval: z
    .string()
    .optional()
    .describe('interval of the date facet chosen by OpenSearch (1d, 7d, ...)'),
  nextCursor: z.string().optional().describe('pass as `cursor` for the next page; absent on the last page'),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

/**
 * `filter_path` of a search: the parts of OpenSearch's answer the search API reads (totals, hits' ids, scores, sort
 * values, source and highlights; each aggregation's value, interval and buckets' keys and counts). OpenSearch then
 * leaves out shard counts, index names and per-bucket error bounds, and an empty hit list or bucket list entirely.
 */
export const SEARCH_FILTER_PATH = [
  'hits.total',
  'hits.hits._id',
  'hits.hits._score',
  'hits.hits._source',
  'hits.hits.highlight',
  'hits.hits.sort',
  'aggregations.*.value',
  'aggregations.*.interval',
  'aggregations.*.buckets.key',
  'aggregations.*.buckets.key_as_string',
  'aggregations.*.buckets.doc_count',
].join(',');

/** `filter_path` of the story details request ({@link storyDetails} reads keys, counts and the top hits). */
export const STORY_DETAILS_FILTER_PATH = [
  'aggregations.*.buckets.key',
  'aggregations.*.buckets.doc_count',
  'aggregations.*.buckets.articles.hits.hits._id',
  'aggregations.*.buckets.articles.hits.hits._source',
].join(',');

/** An answer read with a `filter_path`: OpenSearch leaves out an empty hit list, which the readers expect. */
export function withHitList(res: Partial<RawSearchResponse>): RawSearchResponse {
  const hits = res.hits ?? { hits: [] };
  return { ...res, hits: { ...hits, hits: hits.hits ?? [] } };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The fields that name a hit's article: id (the document's, else the hit's), title ('' when missing), source, url. */
function hitIdentity(hit: RawHit): { id: string; title: string; source: string | null; url: string | null } {
  const s = hit._source ?? {};
  return { id: str(s.id) ?? hit._id, title: str(s.title) ?? '', source: str(s.source), url: str(s.url) };
}

/** Maps one OpenSearch hit to the public shape; missing optional fields become null, lists become []. */
export function toArticleHit(hit: RawHit): ArticleHit {
  const s = hit._source ?? {};
  const highlights: ArticleHit['highlights'] = {};
  const title = hit.highlight?.title?.[0];
  if (title !== undefined) highlights.title = title;
  if (hit.highlight?.body?.length) highlights.body = hit.highlight.body;
  return {
    ...hitIdentity(hit),
    author: str(s.author),
    publishedAt: str(s.publishedAt),
    language: str(s.language),
    topic: str(s.topic),
    topicTags: strs(s.topicTags),
    iptcCodes: strs(s.iptcCodes),
    iptcLabels: strs(s.iptcLabels),
    pageType: str(s.pageType),
    countries: strs(s.countries),
    people: strs(s.people),
    places: strs(s.places),
    organisations: strs(s.organisations),
    summary: str(s.summary),
    storyId: str(s.storyId),
    duplicateOf: str(s.duplicateOf),
    highlights,
    score: typeof hit._score === 'number' ? hit._score : null,
  };
}

/** The matching articles of one story: how many, and the oldest few (from {@link storyDetails}). */
export interface StoryArticles {
  total: number;
  hits: RawHit[];
}

/** The answer of the story details request ({@link buildStoryDetailsBody}), by story id. */
export function storyDetails(res: RawSearchResponse): Map<string, StoryArticles> {
  const out = new Map<string, StoryArticles>();
  for (const b of res.aggregations?.[STORY_DETAILS_AGG]?.buckets ?? [])
    out.set(String(b.key), { total: b.doc_count, hits: b.articles?.hits.hits ?? [] });
  return out;
}

/**
 * A collapsed hit: the story's best article plus the count and sources of its other matching articles. Without
 * details (an article without storyId, or one whose story is gone by the time of the follow-up) it stands alone.
 */
export function toStoryHit(hit: RawHit, articles?: StoryArticles): ArticleHit {
  const out = toArticleHit(hit);
  const total = articles?.total ?? 1;
  const others = (articles?.hits ?? [])
    .filter((h) => h._id !== hit._id)
    .slice(0, 5)
    .map((h) => ({ ...hitIdentity(h), publishedAt: str(h._source?.publishedAt) }));
  const sources = [...new Set(others.map((o) => o.source).filter((x): x is string => x !== null))];
  out.story = { id: out.storyId ?? out.id, articles: Math.max(1, total), sources, others };
  return out;
}

/** The extreme dates OpenSearch uses as the sort value of a document without a date (`missing: _last/_first`). */
const LONG_MIN_DATE = '-292275055-05-16T16:47:04.192Z';
const LONG_MAX_DATE = '+292278994-08-17T07:12:55.807Z';

/**
 * OpenSearch sorts an article without `publishedAt` with Long.MIN_VALUE (or MAX). JSON numbers lose that value's
 * precision and OpenSearch then refuses it in search_after ("failed to parse date field"), so paging past an
 * undated article would fail. The same instant written as a date string is accepted; no real sort value is near it.
 */
export function cursorSafeSortValue(v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (v <= -9.2e18) return LONG_MIN_DATE;
  if (v >= 9.2e18) return LONG_MAX_DATE;
  return v;
}

/** The cursor after a page of articles: a full page may be followed by more, a short page is the last one. */
export function nextArticleCursor(hits: RawHit[], size: number): string | undefined {
  const last = hits.at(-1);
  return hits.length === size && last?.sort ? encodeCursor(last.sort.map(cursorSafeSortValue)) : undefined;
}

/** The story (near-duplicate group) a hit belongs to; an article without one is its own story. */
export function storyIdOf(hit: RawHit): string {
  const s = hit._source?.storyId;
  return typeof s === 'string' ? s : hit._id;
}

/**
 * True when a story hit read for the page after `cursor` was already shown: it is one of the previous page's
 * stories, or (date sorts, whose values are stable) its best article sorts at or before the cursor's boundary.
 */
export function storyAlreadyShown(
  hit: RawHit,
  cursor: StoryCursor,
  plan: Pick<SearchPlan, 'stableSort' | 'directions'>,
): boolean {
  if (cursor.s.includes(storyShortId(storyIdOf(hit)))) return true;
  return (
    plan.stableSort && hit.sort !== undefined && compareSortValues(hit.sort, cursor.b, plan.directions) <= 0
  );
}

/** The cursor after a page of stories, given each hit with its rank in the collapsed result. */
export function nextStoryCursor(page: Array<{ hit: RawHit; rank: number }>): string | undefined {
  const last = page.at(-1);
  if (!last?.hit.sort) return undefined;
  return encodeStoryCursor({
    o: last.rank + 1,
    b: last.hit.sort,
    s: page.map((t) => storyShortId(storyIdOf(t.hit))),
  });
}

/** Total of a search answer: matching stories (cardinality) when collapsed, else matching articles. */
export function searchTotal(res: RawSearchResponse, collapsed: boolean, shown: number): number {
  if (collapsed) {
    const v = res.aggregations?.stories?.value;
    return Math.round(typeof v === 'number' ? v : shown);
  }
  const t = res.hits.total;
  return typeof t === 'number' ? t : (t?.value ?? shown);
}

/**
 * Largest article total for which {@link everyStoryAlone} trusts the story count. Below it the cardinality
 * aggregation (precision_threshold 40,000: 2^18 registers) answers from its hash set, and even the linear-counting
 * estimate m·ln(m/(m−n)) rounds to n exactly while n < √m = 512; a hash collision only lowers the count.
 */
export const STORY_ALONE_MAX_ARTICLES = 500;

/**
 * True when the first answer of a collapsed search proves that every matching story has exactly one matching
 * article: as many stories (the `stories` cardinality) as matching articles (the exact `hits.total`). Then each
 * story hit stands alone (`articles: 1`, no others) and the story details request would add nothing.
 */
export function everyStoryAlone(res: RawSearchResponse): boolean {
  const t = res.hits.total;
  const articles = typeof t === 'number' ? t : t?.value;
  const relation = typeof t === 'object' ? (t as { relation?: string }).relation : undefined;
  const stories = res.aggregations?.stories?.value;
  return (
    typeof articles === 'number' &&
    typeof stories === 'number' &&
    (relation === undefined || relation === 'eq') &&
    articles <= STORY_ALONE_MAX_ARTICLES &&
    stories >= articles
  );
}

/** The facets asked for, from the answer's aggregations, plus the interval OpenSearch chose for `date`. */
export function shapeFacets(
  res: RawSearchResponse,
  names: readonly FacetName[],
): { facets: SearchResponse['facets']; dateInterval?: string } {
  const facets: SearchResponse['facets'] = {};
  let dateInterval: string | undefined;
  for (const name of names) {
    const agg = res.aggregations?.[name];
    facets[name] = (agg?.buckets ?? []).map((b) => ({
      value: name === 'date' ? (b.key_as_string ?? String(b.key)) : String(b.key),
      count: b.doc_count,
    }));
    if (name === 'date' && typeof agg?.interval === 'string') dateInterval = agg.interval;
  }
  return dateInterval === undefined ? { facets } : { facets, dateInterval };
}
