import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { StoriesHandler, type StoryResponse } from './stories.handler.js';

@Controller('v1/stories')
export class StoriesHttpController {
  constructor(@Inject(StoriesHandler) private readonly handler: StoriesHandler) {}

  @Get(':id')
  get(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<StoryResponse> {
    return this.handler.get(id, query);
  }
}
