import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemResponses } from '../openapi/problem-responses.js';
import { ref } from '../openapi/openapi.schema.js';
import { SuggestHandler, type SuggestResponse } from './suggest.handler.js';

@ApiTags('search')
@Controller('v1/suggest')
export class SuggestHttpController {
  constructor(@Inject(SuggestHandler) private readonly handler: SuggestHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Complete a prefix',
    description:
      'Entity names and sources starting with the prefix (case-insensitive), and titles with a word starting with it.',
  })
  @ApiSecurity('api-key')
  @ApiQuery({ name: 'prefix', required: true, type: String, description: '1..100 characters' })
  @ApiQuery({
    name: 'size',
    required: false,
    type: Number,
    description: 'suggestions per kind, 1..20, default 5',
  })
  @ApiOkResponse({ description: 'Suggestions', schema: ref('SuggestResponse') })
  @ProblemResponses(400, 401, 429, 503)
  suggest(@Query() query: Record<string, unknown>): Promise<SuggestResponse> {
    return this.handler.suggest(query);
  }
}
