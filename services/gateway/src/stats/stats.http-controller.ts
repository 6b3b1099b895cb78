import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { adminKeyOf } from '../admin/admin-key.middleware.js';
import { apiKeyMatches } from '../ingest/api-key.middleware.js';
import { ref } from '../openapi/openapi.schema.js';
import { NotFoundProblem, UnauthorizedProblem, ValidationProblem } from '../problem/problem.exception.js';
import { GATEWAY_CONFIG } from '../tokens.js';
import type { GatewayConfig } from '../gateway.config.js';
import { DASHBOARD_HTML } from './dashboard.html.js';
import { DashboardHandler, type DashboardView } from './dashboard.handler.js';
import { DeadLetterFeedAdapter, type DeadLetterView } from './dead-letter-feed.adapter.js';
import { StatsHandler, type PipelineStats } from './stats.handler.js';

@ApiTags('operations')
@Controller('v1/stats')
export class StatsHttpController {
  constructor(
    @Inject(StatsHandler) private readonly handler: StatsHandler,
    @Inject(DashboardHandler) private readonly dashboard: DashboardHandler,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Live pipeline figures: articles indexed, per-stage counters, consumer lag, OpenSearch health',
  })
  @ApiOkResponse({
    description: 'Each part reports on its own; a stage that does not answer has up=false',
    schema: ref('PipelineStats'),
  })
  stats(): Promise<PipelineStats> {
    return this.handler.stats();
  }

  /** What the dashboard page polls: the latest sample, the history since `since` (epoch ms), quality, dead letters. */
  @Get('dashboard')
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  view(@Query('since') since?: string): DashboardView {
    const t = since === undefined ? 0 : Number(since);
    if (!Number.isFinite(t) || t < 0) throw ValidationProblem.field('since', 'expected epoch milliseconds');
    return this.dashboard.view(t);
  }
}

@Controller('v1/dead-letters')
export class DeadLettersHttpController {
  constructor(
    @Inject(DeadLetterFeedAdapter) private readonly feed: DeadLetterFeedAdapter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  latest(): { records: DeadLetterView[]; error?: string } {
    return this.feed.latest(50);
  }

  /** Re-produces one dead letter (by its DLQ partition and offset) to its original topic. Admin key required. */
  @Post(':partition/:offset/replay')
  @HttpCode(202)
  @ApiExcludeEndpoint()
  async replay(
    @Req() req: Request,
    @Param('partition') partition: string,
    @Param('offset') offset: string,
  ): Promise<DeadLetterView> {
    const key = adminKeyOf(req);
    if (key === undefined) throw new UnauthorizedProblem('the admin key is required (x-api-key header)');
    if (!apiKeyMatches(key, this.config.apiKey)) throw new UnauthorizedProblem('the admin key is not valid');
    if (!/^\d+$/.test(partition)) throw ValidationProblem.field('partition', 'expected a partition number');
    if (!/^\d+$/.test(offset)) throw ValidationProblem.field('offset', 'expected an offset');
    const replayed = await this.feed.replay(Number(partition), offset);
    if (!replayed)
      throw new NotFoundProblem(`no dead letter at partition ${partition} offset ${offset} among the latest`);
    return replayed;
  }
}

@ApiTags('operations')
@Controller('dashboard')
export class DashboardHttpController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  // Inline script and style only, data only from this origin: the page can load nothing from elsewhere.
  @Header(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'",
  )
  @ApiOperation({ summary: 'Self-contained live dashboard page (polls /v1/stats every 2 s)' })
  @ApiProduces('text/html')
  page(): string {
    return DASHBOARD_HTML;
  }
}
