import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemResponses } from '../openapi/problem-responses.js';
import { ref } from '../openapi/openapi.schema.js';
import { StoriesHandler, type StoryResponse } from './stories.handler.js';

@ApiTags('stories')
@Controller('v1/stories')
export class StoriesHttpController {
  constructor(@Inject(StoriesHandler) private readonly handler: StoriesHandler) {}

  @Get(':id')
  @ApiOperation({
    summary: "A story's articles",
    description:
      'Every article of a story (near-duplicate group; the id is its first article), oldest first, exact duplicates included and marked with duplicateOf.',
  })
  @ApiSecurity('api-key')
  @ApiParam({
    name: 'id',
    description: 'story id: 32 lower-case hex characters',
    schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
  })
  @ApiQuery({
    name: 'size',
    required: false,
    type: Number,
    description: 'articles to list, 1..500, default 100',
  })
  @ApiOkResponse({ description: 'The story', schema: ref('StoryResponse') })
  @ProblemResponses(400, 401, 404, 429, 503)
  get(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<StoryResponse> {
    return this.handler.get(id, query);
  }
}
