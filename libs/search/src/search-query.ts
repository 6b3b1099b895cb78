import { z } from 'zod';
import { hasTextTerms, parseQuery, queryNodeToOpenSearch } from './query-syntax.js';

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(200)).max(20));

const isoOrDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      message: 'expected an ISO 8601 date or date-time',
    },
  );

const flag = z
  .union([z.literal('true'), z.literal('false'), z.boolean()])
  .transform((v) => v === true || v === 'true');

/**
 * Facets a search can ask for (`facets=true` for the {@link DEFAULT_FACETS}, `facets=all` for every one, or a comma
 * list), with the field each counts. `date` is not a terms facet: it is a date histogram over `publishedAt` with an
 * automatic interval.
 */
export const FACET_FIELDS = {
  source: 'source',
  topic: 'topic',
  tag: 'topicTags',
  iptc: 'iptcLabels',
  iptcCode: 'iptcCodes',
  country: 'countries',
  language: 'language',
  person: 'people',
  place: 'places',
  organisation: 'organisations',
  pageType: 'pageType',
} as const;
export type TermsFacetName = keyof typeof FACET_FIELDS;
export const FACET_NAMES = [...(Object.keys(FACET_FIELDS) as TermsFacetName[]), 'date'] as const;
export type FacetName = (typeof FACET_NAMES)[number];
/**
 * What `facets=true` computes: the facets a news page shows by default. The others (entity facets person, place,
 * organisation, and tag, iptc, iptcCode, country, language, pageType) cost OpenSearch CPU for every matching
 * article (~0.5 µs per article per facet) and are computed when named or with `facets=all`; on the 100k-article
 * bench this set costs 0.73-0.83x of every facet (BENCHMARKS.md, "Search p99 work (session 7)").
 */
export const DEFAULT_FACETS = ['source', 'topic', 'date'] as const satisfies readonly FacetName[];
/** Number of buckets the date histogram aims at; OpenSearch picks the interval (hour, day, week, ...) to fit. */
export const DATE_HISTOGRAM_BUCKETS = 24;

const facetsParam = z.union([z.string(), z.boolean()]).transform((v, ctx): FacetName[] => {
  if (v === true || v === 'true') return [...DEFAULT_FACETS];
  if (v === false || v === 'false' || v === '') return [];
  const names = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const out: FacetName[] = [];
  for (const n of names) {
    if (n === 'all') out.push(...FACET_NAMES);
    else if ((FACET_NAMES as readonly string[]).includes(n)) out.push(n as FacetName);
    else
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `unknown facet "${n}" (expected true, all, false or a list of ${FACET_NAMES.join(', ')})`,
      });
  }
  return [...new Set(out)];
});

/** Sort orders; `time` is the former name of `newest`, still accepted. */
export const SORT_ORDERS = ['relevance', 'newest', 'oldest', 'time'] as const;

/**
 * Recency decay of the relevance sort: the text score is multiplied by `0.25 + gauss(publishedAt)`, where the
 * gauss is 1 for articles up to 1 day old, 0.5 at 8 days and falls towards 0 after that (origin: the current hour).
 * An article of today therefore outranks an equally relevant one of last month by up to 5x, and an undated article
 * counts as fresh (OpenSearch's decay functions score a missing date as 1).
 */
export const RECENCY_DECAY = { scale: '7d', offset: '1d', decay: 0.5, floor: 0.25 } as const;

/** Query parameters of GET /v1/search, validated; unknown parameters are rejected so typos are not silently ignored. */
export const searchParamsSchema = z
  .object({
    q: z
      .string()
      .max(1000)
      .optional()
      .describe(
        'query (at most 1000 characters); empty = all articles, newest first; a syntax error is a 400 naming the position',
      ),
    source: csv.optional().describe('source labels, comma-separated, or repeat the parameter'),
    topic: csv.optional().describe('primary topics, comma-separated, or repeat the parameter'),
    tag: csv.optional().describe('topic tags, comma-separated, or repeat the parameter'),
    iptc: csv
      .optional()
      .describe('IPTC Media Topic codes or labels, comma-separated, or repeat the parameter'),
    pageType: csv.optional().describe('page types, comma-separated, or repeat the parameter'),
    entity: csv.optional().describe('canonical entity names, comma-separated, or repeat the parameter'),
    country: csv
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[A-Za-z]{2}$/, 'expected ISO 3166-1 alpha-2 codes')
            .transform((c) => c.toUpperCase()),
        ),
      )
      .optional()
      .describe('ISO 3166-1 alpha-2 codes, comma-separated, or repeat the parameter'),
    language: csv.optional().describe('language codes, comma-separated, or repeat the parameter'),
    dumpId: z.string().max(128).optional().describe('only articles of this dump'),
    from: isoOrDate.optional().describe('published at or after (ISO 8601 date or date-time)'),
    to: isoOrDate.optional().describe('published at or before (ISO 8601 date or date-time)'),
    sort: z
      .enum(SORT_ORDERS)
      .default('relevance')
      .describe(
        'relevance (default; text score x (0.25 + gauss recency decay: 1 up to 1 day old, 0.5 at 8 days)), newest, oldest; ' +
          '`time` = newest. Without text terms relevance falls back to newest.',
      ),
    /** `story`: one hit per story (default when q has text), `none`: every article. */
    collapse: z
      .enum(['story', 'none'])
      .optional()
      .describe(
        'story: one hit per story with its other articles (default when q has text); none: every article',
      ),
    size: z.coerce.number().int().min(1).max(100).default(10).describe('hits per page, 1..100, default 10'),
    cursor: z.string().max(4000).optional().describe('nextCursor of the previous page (same query and sort)'),
    facets: facetsParam
      .default('false')
      .describe(
        `false (default); true: ${DEFAULT_FACETS.join(', ')}; all: every facet; or a list of ${FACET_NAMES.join(', ')} ` +
          '(date: auto-interval histogram). Only the facets asked for are computed: the entity facets (person, place, ' +
          'organisation) and the other long-tail ones cost per matching article, so name them only when shown',
      ),
    highlight: flag.default('true').describe('highlight matches, default true'),
  })
  .strict()
  .refine((p) => !p.from || !p.to || Date.parse(p.from) <= Date.parse(p.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

export type SearchParams = z.infer<typeof searchParamsSchema>;

/** Opaque cursor of an article list: the sort values of the last hit, base64url JSON. */
export function encodeCursor(sortValues: unknown[]): string {
  return Buffer.from(JSON.stringify(sortValues), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.every((x) => ['string', 'number'].includes(typeof x)) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cursor of a story list. OpenSearch cannot combine collapse with search_after, so a story page is read by rank:
 * `o` is how many stories came before, `b` the sort values of the last story returned and `s` short ids (last
 * 8 hex digits) of the stories of that page. The next page is read from rank `o` minus some slack, skipping every
 * story of the last page (`s`) and, for the date sorts, every story whose best article sorts at or before `b`.
 * Relevance scores change as articles arrive (term statistics), so they are not compared.
 */
export interface StoryCursor {
  o: number;
  b: unknown[];
  s: string[];
}

export function storyShortId(storyId: string): string {
  return storyId.slice(-8);
}

export function encodeStoryCursor(c: StoryCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeStoryCursor(cursor: string): StoryCursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<StoryCursor> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    if (typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0 || !Array.isArray(v.b)) return undefined;
    if (!v.b.every((x) => ['string', 'number'].includes(typeof x))) return undefined;
    if (!Array.isArray(v.s) || v.s.length > 100 || !v.s.every((x) => typeof x === 'string' && x.length <= 8))
      return undefined;
    return { o: v.o, b: v.b, s: v.s };
  } catch {
    return undefined;
  }
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
}

/** The parsed query plus the decisions derived from it (collapse, sort) that the gateway needs to page. */
export interface SearchPlan {
  body: Record<string, unknown>;
  collapse: boolean;
  /** Direction of each sort key (`desc`/`asc`), for comparing sort values against a story cursor. */
  directions: Array<'asc' | 'desc'>;
  /** Sort values are stable between requests (date sorts), so a story cursor may compare them. */
  stableSort: boolean;
  storyCursor?: StoryCursor;
  /** The matching part of the query (no scoring): what {@link buildStoryDetailsBody} restricts to a page's stories. */
  match: Record<string, unknown>;
}

/** Filters shared by search and saved searches: exact keyword terms and a publication date range. */
export function buildFilters(p: Partial<SearchParams>): unknown[] {
  const filter: unknown[] = [];
  const terms = (field: string, values: string[] | undefined) => {
    if (values && values.length) filter.push({ terms: { [field]: values } });
  };
  terms('source', p.source);
  terms('topic', p.topic);
  terms('topicTags', p.tag);
  if (p.iptc?.length)
    filter.push({
      bool: {
        should: [{ terms: { iptcCodes: p.iptc } }, { terms: { iptcLabels: p.iptc } }],
        minimum_should_match: 1,
      },
    });
  terms('pageType', p.pageType);
  terms('entityNames', p.entity);
  terms('countries', p.country);
  terms('language', p.language);
  if (p.dumpId) filter.push({ term: { dumpId: p.dumpId } });
  if (p.from || p.to)
    filter.push({
      range: { publishedAt: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lte: p.to } : {}) } },
    });
  return filter;
}

/**
 * The `_source` fields `toArticleHit` (search-results.ts) reads: what a search asks OpenSearch to return per hit (`_source`
 * includes), so that neither OpenSearch nor the gateway handles the rest (body, keywords, hashes, timestamps).
 */
export const ARTICLE_HIT_FIELDS = [
  'id',
  'title',
  'source',
  'url',
  'author',
  'publishedAt',
  'language',
  'topic',
  'topicTags',
  'iptcCodes',
  'iptcLabels',
  'pageType',
  'countries',
  'people',
  'places',
  'organisations',
  'summary',
  'storyId',
  'duplicateOf',
] as const;

/** Exact duplicates (`duplicateOf` set) are never separate hits: the original stands for them. */
export const NOT_A_DUPLICATE = { exists: { field: 'duplicateOf' } } as const;

/** Fields of the other articles of a story returned with a collapsed hit. */
export const STORY_INNER_FIELDS = ['id', 'source', 'title', 'url', 'publishedAt'] as const;
export const STORY_INNER_HITS = 5;

/** How the index behind the alias can be queried (facts about its documents, not about the request). */
export interface SearchIndexFeatures {
  /**
   * Every document has `storyKey` ({@link storyKeyComplete}): the story total counts it instead of the keyword
   * `storyId`. False (the default) for an index created before the key existed, until it is reindexed.
   */
  storyKey?: boolean;
}

/**
 * OpenSearch request for a search. User text goes through the query parser ({@link parseQuery}: multi_match and
 * term queries only, never Lucene syntax or scripts); filters are exact keyword terms; facets are terms
 * aggregations plus an auto-interval date histogram; articles page with search_after, stories with collapse.
 * Throws {@link QuerySyntaxError} for a malformed q and {@link InvalidCursorError} for a foreign cursor.
 */
export function planSearch(p: SearchParams, index: SearchIndexFeatures = {}): SearchPlan {
  const node = p.q === undefined ? undefined : parseQuery(p.q);
  const text = hasTextTerms(node);
  const collapse = (p.collapse ?? (text ? 'story' : 'none')) === 'story';
  const matched = node ? queryNodeToOpenSearch(node) : { match_all: {} };
  const base = { bool: { must: [matched], filter: buildFilters(p), must_not: [NOT_A_DUPLICATE] } };
  const order = p.sort === 'time' ? 'newest' : p.sort === 'relevance' && !text ? 'newest' : p.sort;
  const query =
    order === 'relevance'
      ? {
          function_score: {
            query: base,
            functions: [
              {
                gauss: {
                  publishedAt: {
                    origin: 'now/h',
                    scale: RECENCY_DECAY.scale,
                    offset: RECENCY_DECAY.offset,
                    decay: RECENCY_DECAY.decay,
                  },
                },
              },
              { weight: RECENCY_DECAY.floor },
            ],
            score_mode: 'sum',
            boost_mode: 'multiply',
          },
        }
      : base;
  const sort =
    order === 'relevance'
      ? [{ _score: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }]
      : order === 'oldest'
        ? [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }]
        : [{ publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }];
  const directions: Array<'asc' | 'desc'> =
    order === 'relevance' ? ['desc', 'desc', 'asc'] : order === 'oldest' ? ['asc', 'asc'] : ['desc', 'asc'];

  const body: Record<string, unknown> = {
    size: p.size,
    track_total_hits: true,
    query,
    sort,
    // Only what the answer shows (the body never: clients read it via /v1/articles/:id; highlighting reads it
    // from the stored source on its own).
    _source: { includes: [...ARTICLE_HIT_FIELDS] },
  };
  if (text && p.highlight)
    body.highlight = {
      pre_tags: ['<mark>'],
      post_tags: ['</mark>'],
      encoder: 'html',
      fields: { title: { number_of_fragments: 0 }, body: { fragment_size: 160, number_of_fragments: 3 } },
    };
  const plan: SearchPlan = { body, collapse, directions, stableSort: order !== 'relevance', match: base };
  if (collapse) {
    // No inner_hits: OpenSearch would run one more search per story hit (11 for a page of 10); the page's stories
    // are filled in by one follow-up request instead (buildStoryDetailsBody).
    body.collapse = { field: 'storyId' };
    // Stories counted, not articles: total then says how many hits the pages hold. The numeric key is hashed as
    // it is; the keyword would be looked up through its ordinals, term by term.
    body.aggs = {
      stories: {
        cardinality: { field: index.storyKey ? 'storyKey' : 'storyId', precision_threshold: 40000 },
      },
    };
    if (p.cursor) {
      const c = decodeStoryCursor(p.cursor);
      if (!c || c.b.length !== sort.length)
        throw new InvalidCursorError('cursor is not one this API returned for this query');
      plan.storyCursor = c;
    }
  } else if (p.cursor) {
    const after = decodeCursor(p.cursor);
    if (!after) throw new InvalidCursorError('cursor is not one this API returned');
    body.search_after = after;
  }
  if (p.facets.length) {
    const aggs = (body.aggs ?? {}) as Record<string, unknown>;
    for (const name of p.facets) {
      aggs[name] =
        name === 'date'
          ? { auto_date_histogram: { field: 'publishedAt', buckets: DATE_HISTOGRAM_BUCKETS } }
          : { terms: { field: FACET_FIELDS[name], size: 10 } };
    }
    body.aggs = aggs;
  }
  return plan;
}

/**
 * The second request of a collapsed page: for the page's stories only, how many of their articles match the query
 * and the oldest {@link STORY_INNER_HITS} + 1 of them (one may be the hit itself). One terms aggregation over the
 * page's story ids, in filter context (no scores), where collapse inner_hits ran one search per story hit.
 */
export function buildStoryDetailsBody(
  match: Record<string, unknown>,
  storyIds: readonly string[],
): Record<string, unknown> {
  return {
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [match, { terms: { storyId: storyIds } }] } },
    aggs: {
      [STORY_DETAILS_AGG]: {
        // By the terms' bytes (map), not through global ordinals of every storyId: a handful of stories match, and
        // the ordinals would be rebuilt after each refresh for this request alone.
        terms: { field: 'storyId', size: Math.max(1, storyIds.length), execution_hint: 'map' },
        aggs: {
          articles: {
            top_hits: {
              size: STORY_INNER_HITS + 1,
              _source: [...STORY_INNER_FIELDS],
              sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
            },
          },
        },
      },
    },
  };
}

/** Name of the terms aggregation of {@link buildStoryDetailsBody}; its buckets carry the `articles` top hits. */
export const STORY_DETAILS_AGG = 'stories';

/** The OpenSearch body of a search's first page (what the gateway sends; benchmarks send it directly). */
export function buildSearchBody(p: SearchParams, index: SearchIndexFeatures = {}): Record<string, unknown> {
  return planSearch(p, index).body;
}

/**
 * Compares two sort-value tuples under the given directions: negative when `a` comes first. Numbers compare as
 * numbers, strings as strings (the id tie-breaker), so the order is the one OpenSearch produced.
 */
export function compareSortValues(a: unknown[], b: unknown[], directions: Array<'asc' | 'desc'>): number {
  for (let i = 0; i < directions.length; i++) {
    const x = a[i];
    const y = b[i];
    let c = 0;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    if (c !== 0) return directions[i] === 'desc' ? -c : c;
  }
  return 0;
}

/** A more_like_this clause on `fields` like the stored document `id` of `index` (every term counts once), plus `extra`. */
function moreLikeDocument(
  index: string,
  id: string,
  fields: string[],
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    more_like_this: {
      fields,
      like: [{ _index: index, _id: id }],
      min_term_freq: 1,
      min_doc_freq: 1,
      ...extra,
    },
  };
}

/** more_like_this body for GET /v1/articles/:id/similar: same story first, then shared text and entities. */
export function buildSimilarBody(index: string, id: string, size: number): Record<string, unknown> {
  return {
    size,
    query: {
      bool: {
        must_not: [{ ids: { values: [id] } }],
        should: [
          moreLikeDocument(index, id, ['title', 'body'], {
            max_query_terms: 40,
            minimum_should_match: '20%',
          }),
          moreLikeDocument(index, id, ['entityNames', 'topicTags'], { boost: 0.5 }),
        ],
        minimum_should_match: 1,
      },
    },
    _source: { excludes: ['entities', 'keywordWeights', 'topicScores', 'body'] },
  };
}
