import { Controller, Get, Inject, Query } from '@nestjs/common';
import { SuggestHandler, type SuggestResponse } from './suggest.handler.js';

@Controller('v1/suggest')
export class SuggestHttpController {
  constructor(@Inject(SuggestHandler) private readonly handler: SuggestHandler) {}

  @Get()
  suggest(@Query() query: Record<string, unknown>): Promise<SuggestResponse> {
    return this.handler.suggest(query);
  }
}
