import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import type { HealthIndicator } from '../health.js';
import { StageMetrics } from '../metrics.js';
import {
  HEALTH_INDICATORS,
  HealthController,
  MetricsController,
  STAGE_METRICS,
} from './observability.module.js';

export interface StageModuleOptions {
  /** Service name, the `service` label of its metrics. */
  service: string;
  /** The service's own providers (config and logger values, adapters, its Kafka controller). */
  providers: Provider[];
  /** What GET /health checks, built from injected providers. */
  health: { inject: InjectionToken[]; useFactory: (...deps: never[]) => HealthIndicator[] };
}

/** The module of a stage service: its providers plus /health, /metrics and a metrics registry. */
export function stageModule(module: Type, opts: StageModuleOptions): DynamicModule {
  return {
    module,
    controllers: [HealthController, MetricsController],
    providers: [
      { provide: STAGE_METRICS, useValue: new StageMetrics(opts.service) },
      ...opts.providers,
      { provide: HEALTH_INDICATORS, inject: opts.health.inject, useFactory: opts.health.useFactory },
    ],
  };
}
