import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { buildSimilarBody, toArticleHit } from '@newsflow/search';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { OPENSEARCH } from '../tokens.js';
import { articleIdParams, type Article, type SimilarResponse } from '../openapi/api-schemas.js';

export type { Article, SimilarResponse };

export const similarParamsSchema = z
  .object({
    size: z.coerce.number().int().min(1).max(50).default(10).describe('number of hits, 1..50, default 10'),
  })
  .strict();

/** Reads one article by id and finds articles like it. */
@Injectable()
export class ArticlesHandler {
  constructor(
    @Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'getArticle' | 'search'>,
  ) {}

  async get(id: string): Promise<Article> {
    const found = await this.find(id);
    // The stored document as the index stage wrote it (every article has a title and a body).
    return { ...found.source, id } as Article;
  }

  /** more_like_this over text, entities and tags of the article; 404 when the article itself does not exist. */
  async similar(id: string, query: Record<string, unknown>): Promise<SimilarResponse> {
    const parsed = similarParamsSchema.safeParse(query);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const found = await this.find(id);
    const res = await this.opensearch.search(buildSimilarBody(found.index, id, parsed.data.size));
    return { id, hits: res.hits.hits.map(toArticleHit) };
  }

  private async find(id: string): Promise<{ index: string; source: Record<string, unknown> }> {
    ValidationProblem.parse(articleIdParams, { id });
    const found = await this.opensearch.getArticle(id);
    if (!found) throw new NotFoundProblem(`no article with id ${id}`);
    return found;
  }
}
