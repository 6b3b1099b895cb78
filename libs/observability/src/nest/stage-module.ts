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
  /** The service's own providers (config and logger values, adapters). */
  providers: Provider[];
  /** The service's controllers (the Kafka controller with its `@EventPattern` handler). */
  controllers?: Type[];
  /** The metrics registry shared with the stage's transport (default: a new one). */
  metrics?: StageMetrics;
  /** What GET /health and GET /ready report (the stage host, with its dependency checks), from injected providers. */
  health: { inject: InjectionToken[]; useFactory: (...deps: never[]) => StageHealthSource };
}

/** The module of a stage service: its providers plus /health, /ready, /metrics and a metrics registry. */
export function stageModule(module: Type, opts: StageModuleOptions): DynamicModule {
  return {
    module,
    controllers: [StageHealthController, MetricsController, ...(opts.controllers ?? [])],
    providers: [
      { provide: STAGE_METRICS, useValue: opts.metrics ?? new StageMetrics(opts.service) },
      ...opts.providers,
      { provide: STAGE_HEALTH, inject: opts.health.inject, useFactory: opts.health.useFactory },
    ],
  };
}
