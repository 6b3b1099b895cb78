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
import type { CleanConfig } from './clean.config.js';
import { CleanDocumentKafkaController } from './clean-document/clean-document.kafka-controller.js';
import { RedisDedupAdapter } from './dedup.adapter.js';
import { CLEAN_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: CleanConfig, logger: Logger): DynamicModule {
    const keyPrefix = `${config.NEWSFLOW_PREFIX ? `${config.NEWSFLOW_PREFIX}.` : ''}newsflow:clean:`;
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CLEAN_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: STAGE_METRICS, useValue: new StageMetrics('clean') },
        {
          provide: RedisDedupAdapter,
          useFactory: () =>
            RedisDedupAdapter.connect(config.REDIS_URL, keyPrefix, config.CLEAN_DEDUP_TTL_SECONDS),
        },
        CleanDocumentKafkaController,
        {
          provide: HEALTH_INDICATORS,
          inject: [CleanDocumentKafkaController, RedisDedupAdapter],
          useFactory: (k: CleanDocumentKafkaController, r: RedisDedupAdapter): HealthIndicator[] => [
            k.host.kafkaHealth(),
            { name: 'redis', check: async () => ({ ok: (await r.ping()) === 'PONG' }) },
          ],
        },
      ],
    };
  }
}
