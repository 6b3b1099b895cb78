import { Module, type DynamicModule } from '@nestjs/common';
import { INGEST_TOPIC } from '@newsflow/contracts';
import { FetchQueueAdapter, HttpFetcher } from '@newsflow/fetch-url';
import { physicalTopic, redisConnectionOptions, type StageServiceContext } from '@newsflow/messaging';
import { stageModule } from '@newsflow/observability';
import type { FetchConfig } from './fetch.config.js';
import { FetchedPageHandler } from './fetched-page/fetched-page.handler.js';
import { ResolveDumpKafkaController } from './resolve-dump/resolve-dump.kafka-controller.js';
import { FETCH_CONFIG, LOGGER } from './tokens.js';

/**
 * The URL download queue (libs/fetch-url): a BullMQ worker that downloads (SSRF-guarded, per-host limited); each
 * outcome (pages → `news.raw.v1`, failures → dead letters) is published through the stage transport, which counts
 * it in the stage's metrics like the outputs of a consumed message.
 */
function fetchQueue(config: FetchConfig, ctx: StageServiceContext): FetchQueueAdapter {
  const fetcher = new HttpFetcher({
    timeoutMs: config.FETCH_URL_TIMEOUT_MS,
    maxBytes: config.FETCH_URL_MAX_BYTES,
    maxRedirects: config.FETCH_URL_MAX_REDIRECTS,
    allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
    allowedHosts: config.FETCH_ALLOWED_HOSTS,
    userAgent: 'newsflow-fetch/0.1 (+https://github.com/newsflow)',
  });
  // The page handler needs the queue (to follow feed links) and the queue needs the page handler.
  const late: { pages?: FetchedPageHandler } = {};
  const queue = new FetchQueueAdapter(
    {
      connection: redisConnectionOptions(config.REDIS_URL),
      queueName: config.queueName,
      concurrency: config.FETCH_URL_CONCURRENCY,
      maxAttempts: config.FETCH_URL_ATTEMPTS,
      perHostConcurrency: config.FETCH_URL_PER_HOST_CONCURRENCY,
      rateLimit: { max: config.FETCH_URL_RATE_PER_SECOND, durationMs: 1000 },
    },
    fetcher,
    async (outcome) => {
      await late.pages?.handle(outcome);
    },
    ctx.logger,
  );
  late.pages = new FetchedPageHandler(ctx.transport, queue, {
    maxDumpBytes: config.FETCH_MAX_DUMP_BYTES,
    ingestTopic: physicalTopic(config.NEWSFLOW_PREFIX, INGEST_TOPIC),
  });
  return queue;
}

@Module({})
export class AppModule {
  static create(config: FetchConfig, ctx: StageServiceContext): DynamicModule {
    return stageModule(AppModule, {
      service: 'fetch',
      metrics: ctx.metrics,
      providers: [
        { provide: FETCH_CONFIG, useValue: config },
        { provide: LOGGER, useValue: ctx.logger },
        { provide: FetchQueueAdapter, useFactory: () => fetchQueue(config, ctx) },
      ],
      controllers: [ResolveDumpKafkaController],
      health: {
        inject: [FetchQueueAdapter],
        useFactory: (queue: FetchQueueAdapter) =>
          ctx.transport.healthSource([
            {
              name: 'redis',
              check: async () => {
                const c = await queue.counts();
                return {
                  ok: true,
                  detail: `url queue: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed`,
                };
              },
            },
          ]),
      },
    });
  }
}
