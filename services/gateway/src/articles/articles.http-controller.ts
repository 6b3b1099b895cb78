import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProblemResponses } from '../openapi/problem-responses.js';
import { ref } from '../openapi/openapi.schema.js';
import { ArticlesHandler, type Article, type SimilarResponse } from './articles.handler.js';

const idParam = {
  name: 'id',
  description: 'article id: 32 lower-case hex characters',
  schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
} as const;

@ApiTags('articles')
@Controller('v1/articles')
export class ArticlesHttpController {
  constructor(@Inject(ArticlesHandler) private readonly handler: ArticlesHandler) {}

  @Get(':id')
  @ApiOperation({ summary: 'One article with its full text and enrichment' })
  @ApiParam(idParam)
  @ApiOkResponse({ description: 'The article', schema: ref('Article') })
  @ProblemResponses(400, 401, 404, 429, 503)
  get(@Param('id') id: string): Promise<Article> {
    return this.handler.get(id);
  }

  @Get(':id/similar')
  @ApiOperation({ summary: 'Articles similar to this one (more_like_this over text, entities and tags)' })
  @ApiParam(idParam)
  @ApiQuery({ name: 'size', required: false, type: Number, description: 'number of hits, 1..50, default 10' })
  @ApiOkResponse({ description: 'Similar articles, most similar first', schema: ref('SimilarResponse') })
  @ProblemResponses(400, 401, 404, 429, 503)
  similar(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<SimilarResponse> {
    return this.handler.similar(id, query);
  }
}
