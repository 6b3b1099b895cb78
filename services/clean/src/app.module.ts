import { Module, type DynamicModule } from '@nestjs/common';
import { stageModule } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { CleanConfig } from './clean.config.js';
import { CleanDocumentKafkaController } from './clean-document/clean-document.kafka-controller.js';
import { RedisDedupAdapter } from './dedup.adapter.js';
import { CLEAN_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: CleanConfig, logger: Logger): DynamicModule {
    const keyPrefix = `${config.NEWSFLOW_PREFIX ? `${config.NEWSFLOW_PREFIX}.` : ''}newsflow:clean:`;
    return stageModule(AppModule, {
      service: 'clean',
      providers: [
        { provide: CLEAN_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: RedisDedupAdapter,
          useFactory: () =>
            RedisDedupAdapter.connect(config.REDIS_URL, keyPrefix, config.CLEAN_DEDUP_TTL_SECONDS),
        },
        CleanDocumentKafkaController,
      ],
      health: {
        inject: [CleanDocumentKafkaController, RedisDedupAdapter],
        useFactory: (k: CleanDocumentKafkaController, r: RedisDedupAdapter) =>
          k.host.healthSource([{ name: 'redis', check: async () => ({ ok: (await r.ping()) === 'PONG' }) }]),
      },
    });
  }
}
