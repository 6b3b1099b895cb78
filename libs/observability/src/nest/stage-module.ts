import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { StageMetrics } from '../metrics.js';
import type { StageHealthSource } from '../stage-health.js';
import {
  MetricsController,
  STAGE_HEALTH,
  STAGE_METRICS,
  StageHealthController,
} from './observability.module.js';

export interface StageModuleOptions {
  /** Service name, the `service` label of its metrics. */
  service: string;
  /** The service's own providers (config and logger values, adapters, its Kafka controller). */
  providers: Provider[];
  /** What GET /health and GET /ready report (the stage host, with its dependency checks), from injected providers. */
  health: { inject: InjectionToken[]; useFactory: (...deps: never[]) => StageHealthSource };
}

/** The module of a stage service: its providers plus /health, /ready, /metrics and a metrics registry. */
export function stageModule(module: Type, opts: StageModuleOptions): DynamicModule {
  return {
    module,
    controllers: [StageHealthController, MetricsController],
    providers: [
      { provide: STAGE_METRICS, useValue: new StageMetrics(opts.service) },
      ...opts.providers,
      { provide: STAGE_HEALTH, inject: opts.health.inject, useFactory: opts.health.useFactory },
    ],
  };
}
