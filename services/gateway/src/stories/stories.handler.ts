import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { toArticleHit, type ArticleHit } from '../search/article-hit.js';
import { OPENSEARCH } from '../tokens.js';

const STORY_ID = /^[0-9a-f]{32}$/;

export const storyParamsSchema = z
  .object({ size: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();

export interface StoryResponse {
  id: string;
  /** Articles of the story, exact duplicates included. */
  total: number;
  /** Distinct sources of the story's articles. */
  sources: string[];
  /** Oldest first; an exact duplicate carries `duplicateOf`. */
  articles: ArticleHit[];
}

/** Lists the articles of one story (near-duplicate group; its id is the id of its first article). */
@Injectable()
export class StoriesHandler {
  constructor(@Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'search'>) {}

  async get(id: string, query: Record<string, unknown>): Promise<StoryResponse> {
    if (!STORY_ID.test(id)) throw ValidationProblem.field('id', 'expected 32 lower-case hex characters');
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
