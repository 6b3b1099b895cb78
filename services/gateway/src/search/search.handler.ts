import { Inject, Injectable } from '@nestjs/common';
import {
  FACET_NAMES,
  InvalidCursorError,
  QuerySyntaxError,
  compareSortValues,
  encodeCursor,
  encodeStoryCursor,
  storyShortId,
  planSearch,
  searchParamsSchema,
  type FacetName,
  type SearchPlan,
} from '@newsflow/search';
import {
  OpenSearchRequestError,
  type OpenSearchAdapter,
  type RawHit,
  type RawSearchResponse,
} from '../adapters/opensearch.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';
import { toArticleHit, toStoryHit, type ArticleHit } from './article-hit.js';

export type { FacetName };

export interface FacetBucket {
  value: string;
  count: number;
}

export interface SearchResponse {
  /** Matching articles, or matching stories when `collapsed`. */
  total: number;
  collapsed: boolean;
  hits: ArticleHit[];
  facets: Partial<Record<FacetName, FacetBucket[]>>;
  /** Interval OpenSearch chose for the `date` facet (`1d`, `7d`, `1M`, ...). */
  dateInterval?: string;
  nextCursor?: string;
}

/** OpenSearch's index.max_result_window: collapsed pages are read by rank, so they cannot go deeper than this. */
export const MAX_STORY_WINDOW = 10_000;

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

/** The 400 problem of a malformed q, naming the position. */
export function querySyntaxProblem(err: QuerySyntaxError, field = 'q'): ValidationProblem {
  return new ValidationProblem([{ field, message: err.message, position: err.position }]);
}

/** Validates search parameters, runs the query on the articles alias and shapes hits, facets and the next cursor. */
@Injectable()
export class SearchHandler {
  constructor(@Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'search'>) {}

  /** `query` is the raw query string object; every bad or unknown parameter is named in a 400 problem. */
  async search(query: Record<string, unknown>): Promise<SearchResponse> {
    const parsed = searchParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const params = parsed.data;
    const plan = this.plan(params);
    const { res, hits, next } = plan.collapse
      ? await this.storyPage(plan, params.size)
      : await this.articlePage(plan, params.size, params.cursor !== undefined);

    const total = plan.collapse
      ? Math.round(aggValue(res, 'stories') ?? hits.length)
      : typeof res.hits.total === 'number'
        ? res.hits.total
        : (res.hits.total?.value ?? hits.length);
    const facets: SearchResponse['facets'] = {};
    let dateInterval: string | undefined;
    for (const name of params.facets) {
      const agg = res.aggregations?.[name];
      const buckets = agg?.buckets ?? [];
      facets[name] = buckets.map((b) => ({
        value: name === 'date' ? (b.key_as_string ?? String(b.key)) : String(b.key),
        count: b.doc_count,
      }));
      if (name === 'date' && typeof agg?.interval === 'string') dateInterval = agg.interval;
    }
    const out: SearchResponse = { total, collapsed: plan.collapse, hits, facets };
    if (dateInterval) out.dateInterval = dateInterval;
    if (next) out.nextCursor = next;
    return out;
  }

  private plan(params: Parameters<typeof planSearch>[0]): SearchPlan {
    let plan: SearchPlan;
    try {
      plan = planSearch(params);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw ValidationProblem.field('cursor', err.message);
      if (err instanceof QuerySyntaxError) throw querySyntaxProblem(err);
      throw err;
    }
    // Hits never carry the body (clients read it via /v1/articles/:id); highlighting still reads it from _source.
    const source = plan.body._source as { excludes?: string[] } | undefined;
    plan.body._source = { excludes: [...new Set([...(source?.excludes ?? []), 'body'])] };
    // A cursor holds one value per sort key; one from a different sort order is rejected here rather than by OpenSearch.
    const after = plan.body.search_after;
    if (Array.isArray(after) && Array.isArray(plan.body.sort) && after.length !== plan.body.sort.length) {
      throw ValidationProblem.field(
        'cursor',
        'cursor does not fit this query (was it returned for another sort or query?)',
      );
    }
    return plan;
  }

  private async run(body: Record<string, unknown>, withCursor: boolean): Promise<RawSearchResponse> {
    try {
      return await this.opensearch.search(body);
    } catch (err) {
      // A well-formed cursor from another sort order can still have sort values OpenSearch cannot use.
      if (err instanceof OpenSearchRequestError && withCursor)
        throw ValidationProblem.field('cursor', 'cursor does not fit this query');
      throw err;
    }
  }

  private async articlePage(plan: SearchPlan, size: number, withCursor: boolean) {
    const res = await this.run(plan.body, withCursor);
    const hits = res.hits.hits.map(toArticleHit);
    const last = res.hits.hits.at(-1);
    // A full page may be followed by more; a short page is the last one.
    const next =
      hits.length === size && last?.sort ? encodeCursor(last.sort.map(cursorSafeSortValue)) : undefined;
    return { res, hits, next };
  }

  /**
   * One page of stories. The first page is the collapsed query itself. A later page is read by rank from the
   * cursor's offset minus some slack, skipping the stories of the previous page and (date sorts) every story whose
   * best article sorts at or before the cursor's boundary: stories pushed down because new ones arrived are not
   * repeated, stories pulled up because some were removed are not skipped. With relevance sort this holds while
   * fewer than half a page of stories arrive or disappear ahead of the cursor between two requests.
   */
  private async storyPage(plan: SearchPlan, size: number) {
    const cursor = plan.storyCursor;
    const slack = cursor ? Math.min(Math.floor(size / 2), cursor.o) : 0;
    let from = cursor ? cursor.o - slack : 0;
    const previous = new Set(cursor?.s ?? []);
    // One more than needed tells whether another page follows without a second query.
    const chunk = size + slack + 1;
    const taken: Array<{ hit: RawHit; rank: number }> = [];
    let first: RawSearchResponse | undefined;
    // Each round reads the next chunk of ranks; more than one only when many new stories arrived meanwhile.
    for (let round = 0; round < 5 && taken.length <= size; round++) {
      if (from + chunk > MAX_STORY_WINDOW)
        throw ValidationProblem.field(
          'cursor',
          `collapsed results can be paged ${MAX_STORY_WINDOW} stories deep; narrow the query or use collapse=none`,
        );
      const body: Record<string, unknown> = { ...plan.body, from, size: chunk };
      if (round > 0) {
        delete body.aggs;
        body.track_total_hits = false;
      }
      const res = await this.run(body, cursor !== undefined);
      first ??= res;
      const hits = res.hits.hits;
      hits.forEach((hit, i) => {
        if (taken.length > size) return;
        if (cursor && this.seen(hit, cursor.b, previous, plan)) return;
        taken.push({ hit, rank: from + i });
      });
      if (hits.length < chunk) break;
      from += chunk;
    }
    const more = taken.length > size;
    const page = taken.slice(0, size);
    const last = page.at(-1);
    const next =
      more && last?.hit.sort
        ? encodeStoryCursor({
            o: last.rank + 1,
            b: last.hit.sort,
            s: page.map((t) => storyShortId(storyIdOf(t.hit))),
          })
        : undefined;
    return {
      res: first ?? { hits: { hits: [] } },
      hits: page.map((t) => toStoryHit(t.hit)),
      next,
    };
  }

  private seen(hit: RawHit, boundary: unknown[], previous: Set<string>, plan: SearchPlan): boolean {
    if (previous.has(storyShortId(storyIdOf(hit)))) return true;
    return (
      plan.stableSort && hit.sort !== undefined && compareSortValues(hit.sort, boundary, plan.directions) <= 0
    );
  }
}

function storyIdOf(hit: RawHit): string {
  const s = hit._source?.storyId;
  return typeof s === 'string' ? s : hit._id;
}

function aggValue(res: RawSearchResponse, name: string): number | undefined {
  const v = res.aggregations?.[name]?.value;
  return typeof v === 'number' ? v : undefined;
}

export const ALL_FACETS = FACET_NAMES;
