import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProblemResponses } from '../openapi/problem-responses.js';
import { ref } from '../openapi/openapi.schema.js';
import { SearchHandler, type SearchResponse } from './search.handler.js';

const list = 'comma-separated, or repeat the parameter';

@ApiTags('search')
@Controller('v1/search')
export class SearchHttpController {
  constructor(@Inject(SearchHandler) private readonly handler: SearchHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Search articles',
    description:
      'Full-text search (simple_query_string syntax: `+ | - " * ( )`), exact filters, facets, highlights and cursor pagination.',
  })
  @ApiQuery({
    name: 'q',
    required: false,
    type: String,
    description: 'query text; empty = all articles, newest first',
  })
  @ApiQuery({ name: 'source', required: false, type: String, description: `source labels, ${list}` })
  @ApiQuery({ name: 'topic', required: false, type: String, description: `primary topics, ${list}` })
  @ApiQuery({ name: 'tag', required: false, type: String, description: `topic tags, ${list}` })
  @ApiQuery({ name: 'entity', required: false, type: String, description: `canonical entity names, ${list}` })
  @ApiQuery({
    name: 'country',
    required: false,
    type: String,
    description: `ISO 3166-1 alpha-2 codes, ${list}`,
  })
  @ApiQuery({ name: 'language', required: false, type: String, description: `language codes, ${list}` })
  @ApiQuery({ name: 'dumpId', required: false, type: String, description: 'only articles of this dump' })
  @ApiQuery({
    name: 'from',
    required: false,
    type: String,
    description: 'published at or after (ISO 8601 date or date-time)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    type: String,
    description: 'published at or before (ISO 8601 date or date-time)',
  })
  @ApiQuery({
    name: 'sort',
    required: false,
    enum: ['relevance', 'time'],
    description: 'default relevance (time when q is empty)',
  })
  @ApiQuery({ name: 'size', required: false, type: Number, description: 'hits per page, 1..100, default 10' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    type: String,
    description: 'nextCursor of the previous page (same query and sort)',
  })
  @ApiQuery({ name: 'facets', required: false, type: Boolean, description: 'compute facets, default true' })
  @ApiOkResponse({ description: 'One page of hits', schema: ref('SearchResponse') })
  @ProblemResponses(400, 503)
  search(@Query() query: Record<string, unknown>): Promise<SearchResponse> {
    return this.handler.search(query);
  }
}
