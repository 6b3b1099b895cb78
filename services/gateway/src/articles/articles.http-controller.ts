import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ArticlesHandler, type Article, type SimilarResponse } from './articles.handler.js';

@Controller('v1/articles')
export class ArticlesHttpController {
  constructor(@Inject(ArticlesHandler) private readonly handler: ArticlesHandler) {}

  @Get(':id')
  get(@Param('id') id: string): Promise<Article> {
    return this.handler.get(id);
  }

  @Get(':id/similar')
  similar(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<SimilarResponse> {
    return this.handler.similar(id, query);
  }
}
