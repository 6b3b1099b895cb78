import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { SearchResponse } from '@newsflow/search';
import { SearchHandler } from './search.handler.js';

@Controller('v1/search')
export class SearchHttpController {
  constructor(@Inject(SearchHandler) private readonly handler: SearchHandler) {}

  @Get()
  search(@Query() query: Record<string, unknown>): Promise<SearchResponse> {
    return this.handler.search(query);
  }
}
