import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
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
      'Full-text search with the query syntax people type (quoted phrases, AND, OR, NOT, -term, parentheses, ' +
      'field:value for source, topic, iptc, entity, country, language; see the README), exact filters, facets on ' +
      'request, highlights and cursor pagination. Text searches return one hit per story unless collapse=none; ' +
      'exact duplicates never appear as hits.',
  })
  @ApiSecurity('api-key')
  @ApiQuery({
    name: 'q',
    required: false,
    type: String,
    description:
      'query (at most 1000 characters); empty = all articles, newest first; a syntax error is a 400 naming the position',
  })
  @ApiQuery({ name: 'source', required: false, type: String, description: `source labels, ${list}` })
  @ApiQuery({ name: 'topic', required: false, type: String, description: `primary topics, ${list}` })
  @ApiQuery({ name: 'tag', required: false, type: String, description: `topic tags, ${list}` })
  @ApiQuery({
    name: 'iptc',
    required: false,
    type: String,
    description: `IPTC Media Topic codes or labels, ${list}`,
  })
  @ApiQuery({ name: 'pageType', required: false, type: String, description: `page types, ${list}` })
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
    enum: ['relevance', 'newest', 'oldest', 'time'],
    description:
      'relevance (default; text score x (0.25 + gauss recency decay: 1 up to 1 day old, 0.5 at 8 days)), newest, oldest; ' +
      '`time` = newest. Without text terms relevance falls back to newest.',
  })
  @ApiQuery({
    name: 'collapse',
    required: false,
    enum: ['story', 'none'],
    description:
      'story: one hit per story with its other articles (default when q has text); none: every article',
  })
  @ApiQuery({ name: 'size', required: false, type: Number, description: 'hits per page, 1..100, default 10' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    type: String,
    description: 'nextCursor of the previous page (same query and sort)',
  })
  @ApiQuery({
    name: 'facets',
    required: false,
    type: String,
    description:
      'true (all), false (default) or a list of source, topic, tag, iptc, iptcCode, country, language, person, place, organisation, pageType, date (auto-interval histogram)',
  })
  @ApiQuery({
    name: 'highlight',
    required: false,
    type: Boolean,
    description: 'highlight matches, default true',
  })
  @ApiOkResponse({ description: 'One page of hits', schema: ref('SearchResponse') })
  @ProblemResponses(400, 401, 429, 503)
  search(@Query() query: Record<string, unknown>): Promise<SearchResponse> {
    return this.handler.search(query);
  }
}
