import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ref } from '../openapi/openapi.schema.js';
import { DASHBOARD_HTML } from './dashboard.html.js';
import { StatsHandler, type PipelineStats } from './stats.handler.js';

@ApiTags('operations')
@Controller('v1/stats')
export class StatsHttpController {
  constructor(@Inject(StatsHandler) private readonly handler: StatsHandler) {}

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
