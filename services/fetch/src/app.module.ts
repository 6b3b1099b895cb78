import { Module, type DynamicModule } from '@nestjs/common';
import {
  HEALTH_INDICATORS,
  HealthController,
  MetricsController,
  STAGE_METRICS,
  StageMetrics,
  type HealthIndicator,
} from '@newsflow/observability';
import type { Logger } from 'pino';
import type { FetchConfig } from './fetch.config.js';
import { ResolveDumpKafkaController } from './resolve-dump/resolve-dump.kafka-controller.js';
import { FETCH_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: FetchConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: FETCH_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: STAGE_METRICS, useValue: new StageMetrics('fetch') },
        ResolveDumpKafkaController,
        {
          provide: HEALTH_INDICATORS,
          inject: [ResolveDumpKafkaController],
          useFactory: (k: ResolveDumpKafkaController): HealthIndicator[] => [
            k.host.kafkaHealth(),
            {
              name: 'redis',
              check: async () => {
                const c = await k.queue.counts();
                return {
                  ok: true,
                  detail: `url queue: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed`,
                };
              },
            },
          ],
        },
      ],
    };
  }
}
