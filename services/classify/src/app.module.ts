import { Module, type DynamicModule } from '@nestjs/common';
import type { StageServiceContext } from '@newsflow/messaging';
import { stageModule } from '@newsflow/observability';
import type { ClassifyConfig } from './classify.config.js';
import { ClassifyArticleKafkaController } from './classify-article/classify-article.kafka-controller.js';
import { CLASSIFY_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: ClassifyConfig, ctx: StageServiceContext): DynamicModule {
    return stageModule(AppModule, {
      service: 'classify',
      metrics: ctx.metrics,
      providers: [
        { provide: CLASSIFY_CONFIG, useValue: config },
        { provide: LOGGER, useValue: ctx.logger },
      ],
      controllers: [ClassifyArticleKafkaController],
      health: { inject: [], useFactory: () => ctx.transport.healthSource() },
    });
  }
}
