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
import type { ClassifyConfig } from './classify.config.js';
import { ClassifyArticleKafkaController } from './classify-article/classify-article.kafka-controller.js';
import { CLASSIFY_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: ClassifyConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CLASSIFY_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: STAGE_METRICS, useValue: new StageMetrics('classify') },
        ClassifyArticleKafkaController,
        {
          provide: HEALTH_INDICATORS,
          inject: [ClassifyArticleKafkaController],
          useFactory: (k: ClassifyArticleKafkaController): HealthIndicator[] => [k.host.kafkaHealth()],
        },
      ],
    };
  }
}
