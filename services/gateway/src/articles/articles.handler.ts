import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { buildSimilarBody } from '@newsflow/search';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { toArticleHit, type ArticleHit } from '../search/article-hit.js';
import { OPENSEARCH } from '../tokens.js';

const ARTICLE_ID = /^[0-9a-f]{32}$/;

export const similarParamsSchema = z
  .object({ size: z.coerce.number().int().min(1).max(50).default(10) })
  .strict();

/** A full stored article: the search hit fields plus body, keywords, sentiment and pipeline timestamps. */
export type Article = Record<string, unknown> & { id: string };

export interface SimilarResponse {
  id: string;
  hits: ArticleHit[];
}

/** Reads one article by id and finds articles like it. */
@Injectable()
export class ArticlesHandler {
  constructor(
    @Inject(OPENSEARCH) private readonly opensearch: Pick<OpenSearchAdapter, 'getArticle' | 'search'>,
  ) {}

  async get(id: string): Promise<Article> {
    const found = await this.find(id);
    return { ...found.source, id };
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
    if (!ARTICLE_ID.test(id)) throw ValidationProblem.field('id', 'expected 32 lower-case hex characters');
    const found = await this.opensearch.getArticle(id);
    if (!found) throw new NotFoundProblem(`no article with id ${id}`);
    return found;
  }
}
