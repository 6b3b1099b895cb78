import { Module, type DynamicModule } from '@nestjs/common';
import { prefixed } from '@newsflow/contracts';
import type { StageServiceContext } from '@newsflow/messaging';
import { stageModule } from '@newsflow/observability';
import type { CleanConfig } from './clean.config.js';
import { CleanDocumentKafkaController } from './clean-document/clean-document.kafka-controller.js';
import { RedisDedupAdapter } from './dedup.adapter.js';
import { CLEAN_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: CleanConfig, ctx: StageServiceContext): DynamicModule {
    const keyPrefix = `${prefixed(config.NEWSFLOW_PREFIX, 'newsflow')}:clean:`;
    return stageModule(AppModule, {
      service: 'clean',
      metrics: ctx.metrics,
      providers: [
        { provide: CLEAN_CONFIG, useValue: config },
        { provide: LOGGER, useValue: ctx.logger },
        {
          provide: RedisDedupAdapter,
          useFactory: () =>
            RedisDedupAdapter.connect(config.REDIS_URL, keyPrefix, config.CLEAN_DEDUP_TTL_SECONDS),
        },
      ],
      controllers: [CleanDocumentKafkaController],
      health: {
        inject: [RedisDedupAdapter],
        useFactory: (r: RedisDedupAdapter) =>
          ctx.transport.healthSource([
            { name: 'redis', check: async () => ({ ok: (await r.ping()) === 'PONG' }) },
          ]),
      },
    });
  }
}
