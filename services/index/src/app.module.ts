import { Module, type DynamicModule } from '@nestjs/common';
import { stageModule } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { IndexConfig } from './index.config.js';
import { IndexArticlesKafkaController } from './index-articles/index-articles.kafka-controller.js';
import { OpenSearchAdapter } from './opensearch.adapter.js';
import { INDEX_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: IndexConfig, logger: Logger): DynamicModule {
    return stageModule(AppModule, {
      service: 'index',
      providers: [
        { provide: INDEX_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: OpenSearchAdapter, useValue: new OpenSearchAdapter(config.OPENSEARCH_URL, config.alias) },
        IndexArticlesKafkaController,
      ],
      health: {
        inject: [IndexArticlesKafkaController, OpenSearchAdapter],
        useFactory: (k: IndexArticlesKafkaController, os: OpenSearchAdapter) =>
          k.host.healthSource([
            {
              name: 'opensearch',
              check: async () => {
                const s = await os.ping();
                return { ok: s !== 'red', detail: `cluster ${s}` };
              },
            },
          ]),
      },
    });
  }
}
