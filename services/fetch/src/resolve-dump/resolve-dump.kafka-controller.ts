import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INGEST_TOPIC } from '@newsflow/contracts';
import { StageHost, createKafka, physicalTopic } from '@newsflow/messaging';
import { STAGE_METRICS, type StageMetrics } from '@newsflow/observability';
import type { Logger } from 'pino';
import type { FetchConfig } from '../fetch.config.js';
import { FetchedPageHandler } from '../fetched-page/fetched-page.handler.js';
import { FetchQueueAdapter } from '../fetch-url/fetch-queue.adapter.js';
import { HttpFetcher } from '../fetch-url/http-fetcher.adapter.js';
import { BullUrlQueue } from '../fetch-url/url-queue.adapter.js';
import { FETCH_CONFIG, LOGGER } from '../tokens.js';
import { ResolveDumpHandler } from './resolve-dump.handler.js';

/**
 * Wires fetch: `news.ingest.v1` dumps are resolved into `news.raw.v1` documents; URLs go to the BullMQ queue,
 * whose worker downloads them (SSRF-guarded, per-host limited) and publishes each outcome through the same producer.
 */
@Injectable()
export class ResolveDumpKafkaController implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly host: StageHost;
  readonly queue: FetchQueueAdapter;

  constructor(
    @Inject(FETCH_CONFIG) config: FetchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
  ) {
    const redis = new URL(config.REDIS_URL);
    const fetcher = new HttpFetcher({
      timeoutMs: config.FETCH_URL_TIMEOUT_MS,
      maxBytes: config.FETCH_URL_MAX_BYTES,
      maxRedirects: config.FETCH_URL_MAX_REDIRECTS,
      allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
      allowedHosts: config.FETCH_ALLOWED_HOSTS,
      userAgent: 'newsflow-fetch/0.1 (+https://github.com/newsflow)',
    });
    // The page handler needs the producer of the stage host, built below; the queue calls it only after start.
    const late: { pages?: FetchedPageHandler } = {};
    this.queue = new FetchQueueAdapter(
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
        if (!outcome.ok) metrics.deadLetters.inc({ stage: 'fetch', code: outcome.code });
        await late.pages?.handle(outcome);
      },
      logger,
    );
    const handler = new ResolveDumpHandler(new BullUrlQueue(this.queue), {
      maxDumpBytes: config.FETCH_MAX_DUMP_BYTES,
    });
    this.host = new StageHost({
      stage: 'fetch',
      kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'newsflow-fetch' }, logger),
      prefix: config.NEWSFLOW_PREFIX,
      inputTopic: INGEST_TOPIC,
      groupId: config.groupId,
      logger,
      metrics,
      maxAttempts: config.FETCH_MAX_ATTEMPTS,
      handler: { kind: 'message', handle: (m) => handler.handle(m) },
    });
    late.pages = new FetchedPageHandler({ send: (ms) => this.host.producer.send(ms) }, this.queue, {
      maxDumpBytes: config.FETCH_MAX_DUMP_BYTES,
      ingestTopic: physicalTopic(config.NEWSFLOW_PREFIX, INGEST_TOPIC),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
    this.queue.startWorker();
    this.logger.info({ queue: this.queue.queueName }, 'url fetch worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.queue.close();
  }
}
