import { toArticleHit } from '@newsflow/search';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';
import { storyIdParams, type StoryResponse } from '../openapi/api-schemas.js';

export type { StoryResponse };

export const storyParamsSchema = z
  .object({
    size: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(100)
      .describe('articles to list, 1..500, default 100'),
  })
  .strict();

/** Lists the articles of one story (near-duplicate group; its id is the id of its first article). */
@Injectable()
export class StoriesHandler {
  constructor(@Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'search'>) {}

  async get(id: string, query: Record<string, unknown>): Promise<StoryResponse> {
    ValidationProblem.parse(storyIdParams, { id });
    const parsed = storyParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const res = await this.opensearch.search({
      size: parsed.data.size,
      track_total_hits: true,
      query: { bool: { filter: [{ term: { storyId: id } }] } },
      sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
      _source: { excludes: ['body', 'entities', 'keywordWeights', 'topicScores'] },
      aggs: { sources: { terms: { field: 'source', size: 100 } } },
    });
    const total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
    if (total === 0) throw new NotFoundProblem(`no story with id ${id}`);
    return {
      id,
      total,
      sources: (res.aggregations?.sources?.buckets ?? []).map((b) => String(b.key)),
      articles: res.hits.hits.map(toArticleHit),
    };
  }
}
