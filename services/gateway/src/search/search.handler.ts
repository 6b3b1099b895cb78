import { Inject, Injectable } from '@nestjs/common';
import {
  FACET_FIELDS,
  InvalidCursorError,
  buildSearchBody,
  encodeCursor,
  searchParamsSchema,
  type SearchParams,
} from '@newsflow/search';
import { OpenSearchRequestError, type OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';
import { toArticleHit, type ArticleHit } from './article-hit.js';

export type FacetName = keyof typeof FACET_FIELDS;

export interface SearchResponse {
  total: number;
  hits: ArticleHit[];
  facets: Partial<Record<FacetName, Array<{ value: string; count: number }>>>;
  nextCursor?: string;
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

/** Validates search parameters, runs the query on the articles alias and shapes hits, facets and the next cursor. */
@Injectable()
export class SearchHandler {
  constructor(@Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'search'>) {}

  /** `query` is the raw query string object; every bad or unknown parameter is named in a 400 problem. */
  async search(query: Record<string, unknown>): Promise<SearchResponse> {
    const parsed = searchParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const params = parsed.data;
    const body = this.buildBody(params);

    let res;
    try {
      res = await this.opensearch.search(body);
    } catch (err) {
      // A well-formed cursor from another sort order can still have sort values OpenSearch cannot use.
      if (err instanceof OpenSearchRequestError && params.cursor)
        throw ValidationProblem.field('cursor', 'cursor does not fit this query');
      throw err;
    }

    const hits = res.hits.hits.map(toArticleHit);
    const total =
      typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? hits.length);
    const facets: SearchResponse['facets'] = {};
    if (params.facets) {
      for (const name of Object.keys(FACET_FIELDS) as FacetName[]) {
        const buckets = res.aggregations?.[name]?.buckets ?? [];
        facets[name] = buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
      }
    }
    const out: SearchResponse = { total, hits, facets };
    const last = res.hits.hits.at(-1);
    // A full page may be followed by more; a short page is the last one.
    if (hits.length === params.size && last?.sort)
      out.nextCursor = encodeCursor(last.sort.map(cursorSafeSortValue));
    return out;
  }

  private buildBody(params: SearchParams): Record<string, unknown> {
    let body: Record<string, unknown>;
    try {
      body = buildSearchBody(params);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw ValidationProblem.field('cursor', err.message);
      throw err;
    }
    // A cursor holds one value per sort key; one from a different sort order is rejected here rather than by OpenSearch.
    // Hits never carry the body (clients read it via /v1/articles/:id); highlighting still reads it from _source.
    const source = body._source as { excludes?: string[] } | undefined;
    body._source = { excludes: [...new Set([...(source?.excludes ?? []), 'body'])] };
    const after = body.search_after;
    if (Array.isArray(after) && Array.isArray(body.sort) && after.length !== body.sort.length) {
      throw ValidationProblem.field(
        'cursor',
        'cursor does not fit this query (was it returned for another sort or query?)',
      );
    }
    return body;
  }
}
