import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { DASHBOARD_HTML } from './dashboard.html.js';
import { DashboardHandler, type DashboardView } from './dashboard.handler.js';
import { DeadLetterFeedAdapter, type DeadLetterView } from './dead-letter-feed.adapter.js';
import { StatsHandler, type PipelineStats } from './stats.handler.js';

@Controller('v1/stats')
export class StatsHttpController {
  constructor(
    @Inject(StatsHandler) private readonly handler: StatsHandler,
    @Inject(DashboardHandler) private readonly dashboard: DashboardHandler,
  ) {}

  @Get()
  stats(): Promise<PipelineStats> {
    return this.handler.stats();
  }

  /** What the dashboard page polls: the latest sample, the history since `since` (epoch ms), quality, dead letters. */
  @Get('dashboard')
  @Header('Cache-Control', 'no-store')
  view(@Query('since') since?: string): DashboardView {
    const t = since === undefined ? 0 : Number(since);
    if (!Number.isFinite(t) || t < 0) throw ValidationProblem.field('since', 'expected epoch milliseconds');
    return this.dashboard.view(t);
  }
}

@Controller('v1/dead-letters')
export class DeadLettersHttpController {
  constructor(@Inject(DeadLetterFeedAdapter) private readonly feed: DeadLetterFeedAdapter) {}

  @Get()
  latest(): { records: DeadLetterView[]; error?: string } {
    return this.feed.latest(50);
  }

  /**
   * Re-produces one dead letter (by its DLQ partition and offset) to its original topic. Needs a key with the
   * `admin` scope (checked by the auth middleware, see routeScope).
   */
  @Post(':partition/:offset/replay')
  @HttpCode(202)
  async replay(
    @Param('partition') partition: string,
    @Param('offset') offset: string,
  ): Promise<DeadLetterView> {
    if (!/^\d+$/.test(partition)) throw ValidationProblem.field('partition', 'expected a partition number');
    if (!/^\d+$/.test(offset)) throw ValidationProblem.field('offset', 'expected an offset');
    const replayed = await this.feed.replay(Number(partition), offset);
    if (!replayed)
      throw new NotFoundProblem(`no dead letter at partition ${partition} offset ${offset} among the latest`);
    return replayed;
  }
}

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
  page(): string {
    return DASHBOARD_HTML;
  }
}
