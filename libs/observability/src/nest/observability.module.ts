import { Controller, Get, Header, HttpStatus, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import { runHealthChecks, type HealthIndicator } from '../health.js';
import { isLive, isReady, type StageHealthSource } from '../stage-health.js';
import type { StageMetrics } from '../metrics.js';

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
export const STAGE_METRICS = Symbol('STAGE_METRICS');
export const STAGE_HEALTH = Symbol('STAGE_HEALTH');

@Controller()
export class HealthController {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  /** 200 when every dependency answers, 503 with the failing ones otherwise. */
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const report = await runHealthChecks(this.indicators);
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}

/**
 * A stage's liveness and readiness, from its consumer's real state (see `evaluateStageHealth`):
 * GET /health is 200 unless the stage is down (then 503: restart me); GET /ready is 200 only when it is up.
 */
@Controller()
export class StageHealthController {
  constructor(@Inject(STAGE_HEALTH) private readonly source: StageHealthSource) {}

  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const report = await this.source.report();
    res.status(isLive(report.status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.source.report();
    res.status(isReady(report.status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}

@Controller()
export class MetricsController {
  constructor(@Inject(STAGE_METRICS) private readonly metrics: StageMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.render();
  }
}

/** Adds GET /health and GET /metrics to a service, given its metrics registry and dependency checks. */
@Module({})
export class ObservabilityModule {
  static forRoot(opts: {
    metrics: StageMetrics;
    indicators: () => HealthIndicator[] | Promise<HealthIndicator[]>;
    inject?: unknown[];
  }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: STAGE_METRICS, useValue: opts.metrics },
        { provide: HEALTH_INDICATORS, useFactory: opts.indicators, inject: (opts.inject ?? []) as never[] },
      ],
      exports: [STAGE_METRICS],
    };
  }
}
