import { Inject, Injectable } from '@nestjs/common';
import {
  InvalidCursorError,
  buildStoryDetailsBody,
  everyStoryAlone,
  QuerySyntaxError,
  SEARCH_FILTER_PATH,
  STORY_DETAILS_FILTER_PATH,
  nextArticleCursor,
  nextStoryCursor,
  planSearch,
  searchParamsSchema,
  searchTotal,
  shapeFacets,
  storyAlreadyShown,
  storyDetails,
  toArticleHit,
  toStoryHit,
  type RawHit,
  type RawSearchResponse,
  type SearchPlan,
  type SearchResponse,
  type StoryArticles,
} from '@newsflow/search';
import { OpenSearchRequestError, type OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';

/** OpenSearch's index.max_result_window: collapsed pages are read by rank, so they cannot go deeper than this. */
export const MAX_STORY_WINDOW = 10_000;

/** The 400 problem of a malformed q, naming the position. */
export function querySyntaxProblem(err: QuerySyntaxError, field = 'q'): ValidationProblem {
  return new ValidationProblem([{ field, message: err.message, position: err.position }]);
}

/**
 * Validates search parameters, runs the query on the articles alias and pages it; the query itself and the shaping
 * of hits, facets, totals and cursors live in libs/search (search-query.ts, search-results.ts).
 */
@Injectable()
export class SearchHandler {
  constructor(
    @Inject(OPENSEARCH)
    private readonly opensearch: Pick<OpenSearchAdapter, 'search'> &
      Partial<Pick<OpenSearchAdapter, 'indexFeatures'>>,
  ) {}

  /** `query` is the raw query string object; every bad or unknown parameter is named in a 400 problem. */
  async search(query: Record<string, unknown>): Promise<SearchResponse> {
    const parsed = searchParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const params = parsed.data;
    const plan = this.plan(params);
    const { res, hits, next } = plan.collapse
      ? await this.storyPage(plan, params.size)
      : await this.articlePage(plan, params.size, params.cursor !== undefined);

    const total = searchTotal(res, plan.collapse, hits.length);
    const { facets, dateInterval } = shapeFacets(res, params.facets);
    const out: SearchResponse = { total, collapsed: plan.collapse, hits, facets };
    if (dateInterval) out.dateInterval = dateInterval;
    if (next) out.nextCursor = next;
    return out;
  }

  private plan(params: Parameters<typeof planSearch>[0]): SearchPlan {
    let plan: SearchPlan;
    try {
      plan = planSearch(params, this.opensearch.indexFeatures?.() ?? {});
    } catch (err) {
      if (err instanceof InvalidCursorError) throw ValidationProblem.field('cursor', err.message);
      if (err instanceof QuerySyntaxError) throw querySyntaxProblem(err);
      throw err;
    }
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

  private async run(
    body: Record<string, unknown>,
    withCursor: boolean,
    filterPath = SEARCH_FILTER_PATH,
  ): Promise<RawSearchResponse> {
    try {
      return await this.opensearch.search(body, filterPath);
    } catch (err) {
      // A well-formed cursor from another sort order can still have sort values OpenSearch cannot use.
      if (err instanceof OpenSearchRequestError && withCursor)
        throw ValidationProblem.field('cursor', 'cursor does not fit this query');
      throw err;
    }
  }

  private async articlePage(plan: SearchPlan, size: number, withCursor: boolean) {
    const res = await this.run(plan.body, withCursor);
    return { res, hits: res.hits.hits.map(toArticleHit), next: nextArticleCursor(res.hits.hits, size) };
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
        if (cursor && storyAlreadyShown(hit, cursor, plan)) return;
        taken.push({ hit, rank: from + i });
      });
      if (hits.length < chunk) break;
      from += chunk;
    }
    const page = taken.slice(0, size);
    const next = taken.length > size ? nextStoryCursor(page) : undefined;
    // Every matching story a single article (as many stories as articles): no story has others to look up.
    const details =
      first && everyStoryAlone(first)
        ? new Map<string, StoryArticles>()
        : await this.storyDetails(
            plan,
            page.map((t) => t.hit),
          );
    const storyOf = (hit: RawHit) => hit._source?.storyId;
    return {
      res: first ?? { hits: { hits: [] } },
      hits: page.map((t) => {
        const id = storyOf(t.hit);
        return toStoryHit(t.hit, typeof id === 'string' ? details.get(id) : undefined);
      }),
      next,
    };
  }

  /** The count and oldest articles of each story of a page that match the query: one request for the page. */
  private async storyDetails(plan: SearchPlan, hits: RawHit[]): Promise<Map<string, StoryArticles>> {
    // A story-less article (indexed before stories existed) stands alone: its id is no storyId to look up.
    const ids = hits.map((h) => h._source?.storyId).filter((s): s is string => typeof s === 'string');
    if (ids.length === 0) return new Map();
    return storyDetails(
      await this.run(buildStoryDetailsBody(plan.match, ids), false, STORY_DETAILS_FILTER_PATH),
    );
  }
}
