import { Module, type DynamicModule } from '@nestjs/common';
import { INGEST_TOPIC } from '@newsflow/contracts';
import { physicalTopic, type StageServiceContext } from '@newsflow/messaging';
import { stageModule } from '@newsflow/observability';
import type { FetchConfig } from './fetch.config.js';
import { FetchedPageHandler } from './fetched-page/fetched-page.handler.js';
import { FetchQueueAdapter } from './fetch-url/fetch-queue.adapter.js';
import { HttpFetcher } from './fetch-url/http-fetcher.adapter.js';
import { ResolveDumpKafkaController } from './resolve-dump/resolve-dump.kafka-controller.js';
import { FETCH_CONFIG, LOGGER } from './tokens.js';

/**
 * The URL download queue: a BullMQ worker that downloads (SSRF-guarded, per-host limited) and publishes each
 * outcome (pages → `news.raw.v1`, failures → dead letters) with the stage transport's producer.
 */
function fetchQueue(config: FetchConfig, ctx: StageServiceContext): FetchQueueAdapter {
  const redis = new URL(config.REDIS_URL);
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
      connection: {
        host: redis.hostname,
        port: Number(redis.port || 6379),
        ...(redis.password ? { password: decodeURIComponent(redis.password) } : {}),
      },
      queueName: config.queueName,
      concurrency: config.FETCH_URL_CONCURRENCY,
      maxAttempts: config.FETCH_URL_ATTEMPTS,
      perHostConcurrency: config.FETCH_URL_PER_HOST_CONCURRENCY,
      rateLimit: { max: config.FETCH_URL_RATE_PER_SECOND, durationMs: 1000 },
    },
    fetcher,
    async (outcome) => {
      if (!outcome.ok) ctx.metrics.deadLetters.inc({ stage: 'fetch', code: outcome.code });
      await late.pages?.handle(outcome);
    },
    ctx.logger,
  );
  late.pages = new FetchedPageHandler({ send: (ms) => ctx.transport.producer.send(ms) }, queue, {
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
