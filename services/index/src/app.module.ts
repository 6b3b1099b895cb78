import { Module, type DynamicModule } from '@nestjs/common';
import type { StageServiceContext } from '@newsflow/messaging';
import { stageModule } from '@newsflow/observability';
import type { IndexConfig } from './index.config.js';
import { IndexArticlesKafkaController } from './index-articles/index-articles.kafka-controller.js';
import { instrumentBulk } from './bulk-metrics.js';
import { OpenSearchAdapter } from './opensearch.adapter.js';
import { INDEX_CONFIG, LOGGER } from './tokens.js';

@Module({})
export class AppModule {
  static create(config: IndexConfig, ctx: StageServiceContext): DynamicModule {
    return stageModule(AppModule, {
      service: 'index',
      metrics: ctx.metrics,
      providers: [
        { provide: INDEX_CONFIG, useValue: config },
        { provide: LOGGER, useValue: ctx.logger },
        {
          provide: OpenSearchAdapter,
          useValue: instrumentBulk(
            new OpenSearchAdapter(config.OPENSEARCH_URL, config.alias, config.INDEX_BULK_MAX_BYTES, {
              bulkConcurrency: config.INDEX_BULK_CONCURRENCY,
              minSplitBytes: config.INDEX_BULK_MIN_SPLIT_BYTES,
              split: config.INDEX_BULK_SPLIT,
              refreshAfterMs: config.INDEX_REFRESH_AFTER_MS,
              onRefreshError: (err) =>
                ctx.logger.warn(
                  { err: err instanceof Error ? err.message : String(err) },
                  'refresh after bulk failed; the index refresh_interval still applies',
                ),
            }),
            ctx.metrics,
          ),
        },
      ],
      controllers: [IndexArticlesKafkaController],
      health: {
        inject: [OpenSearchAdapter],
        useFactory: (os: OpenSearchAdapter) =>
          ctx.transport.healthSource([
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
