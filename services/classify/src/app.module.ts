import { Module, type DynamicModule } from '@nestjs/common';
import { stageModule } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { ClassifyConfig } from './classify.config.js';
import { ClassifyArticleKafkaController } from './classify-article/classify-article.kafka-controller.js';
import { CLASSIFY_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: ClassifyConfig, logger: Logger): DynamicModule {
    return stageModule(AppModule, {
      service: 'classify',
      providers: [
        { provide: CLASSIFY_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        ClassifyArticleKafkaController,
      ],
      health: {
        inject: [ClassifyArticleKafkaController],
        useFactory: (k: ClassifyArticleKafkaController) => k.host.healthSource(),
      },
    });
  }
}
