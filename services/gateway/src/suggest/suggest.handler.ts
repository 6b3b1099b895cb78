import { Inject, Injectable } from '@nestjs/common';
import { buildSuggestBody, suggestParamsSchema } from '@newsflow/search';
import type { RawHit } from '@newsflow/search';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';
import type { SuggestResponse } from '../openapi/api-schemas.js';

export type { SuggestResponse };

/** Completions of a prefix over entity names, sources and titles. */
@Injectable()
export class SuggestHandler {
  constructor(@Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'search'>) {}

  async suggest(query: Record<string, unknown>): Promise<SuggestResponse> {
    const parsed = suggestParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const res = await this.opensearch.search(buildSuggestBody(parsed.data));
    const buckets = (name: string) =>
      (res.aggregations?.[name]?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));
    const top =
      (res.aggregations?.titles as { top?: { hits?: { hits?: RawHit[] } } } | undefined)?.top?.hits?.hits ??
      [];
    return {
      prefix: parsed.data.prefix,
      entities: buckets('entities'),
      sources: buckets('sources'),
      titles: top.map((h) => ({
        id: typeof h._source?.id === 'string' ? h._source.id : h._id,
        title: typeof h._source?.title === 'string' ? h._source.title : '',
      })),
    };
  }
}
