import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { prefixed } from '@newsflow/contracts';
import { createKafka } from '@newsflow/messaging';
import { PinoNestLogger, StageMetrics } from '@newsflow/observability';
import type { Logger } from 'pino';
import { Histogram } from 'prom-client';
import { BullQueueStatsAdapter } from './adapters/bullmq.adapter.js';
import { KafkaAdminAdapter } from './adapters/kafka-admin.adapter.js';
import { KafkaIngestProducerAdapter } from './adapters/kafka-producer.adapter.js';
import { OpenSearchAdapter } from './adapters/opensearch.adapter.js';
import { RedisAdapter } from './adapters/redis.adapter.js';
import { SubscriptionEventsAdapter } from './adapters/subscription-events.adapter.js';
import { SubscriptionsStoreAdapter } from './adapters/subscriptions-store.adapter.js';
import { WebhookQueueAdapter } from './adapters/webhook-queue.adapter.js';
import { AppModule, type GatewayDeps } from './app.module.js';
import type { GatewayConfig } from './gateway.config.js';
import { requestContextMiddleware } from './http/request-context.middleware.js';
import { ApiKeyRegistry } from './auth/api-keys.js';
import { API_KEY_HEADER, authMiddleware, routeScope } from './auth/auth.middleware.js';
import { SharedTokenBuckets } from './auth/shared-token-bucket.js';
import { installClientErrorHandler, urlLengthMiddleware } from './http/client-error.js';
import { buildOpenApiDocument } from './openapi/openapi.js';
import { ProblemFilter } from './problem/problem.filter.js';

/** Builds the adapters from the config. Nothing connects here: Kafka, OpenSearch and Redis may still be down. */
export function createGatewayDeps(config: GatewayConfig, logger: Logger): GatewayDeps {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'newsflow-gateway' }, logger);
  const metrics = new StageMetrics('gateway');
  const redis = new RedisAdapter(config.redisUrl);
  return {
    config,
    logger,
    metrics,
    opensearch: OpenSearchAdapter.create(
      config.opensearchUrl,
      config.articlesAlias,
      config.reindex.jobsIndex,
      config.opensearchTimeoutMs,
    ),
    producer: new KafkaIngestProducerAdapter(kafka, config.prefix, config.kafkaSendTimeoutMs),
    kafkaAdmin: new KafkaAdminAdapter(kafka),
    redis,
    // One bucket per key for every gateway of the deployment (Redis); per process while Redis is unreachable.
    rateLimits: new SharedTokenBuckets(redis, {
      keyPrefix: prefixed(config.prefix, 'newsflow:ratelimit'),
      logger,
      registry: metrics.registry,
    }),
    queues: new BullQueueStatsAdapter(config.redisUrl),
    subscriptions: {
      store: SubscriptionsStoreAdapter.create(
        config.opensearchUrl,
        config.subscriptions.index,
        config.articlesAlias,
        config.opensearchTimeoutMs,
      ),
      events: new SubscriptionEventsAdapter(config.redisUrl, config.subscriptions.streamKeyPrefix),
      webhooks: new WebhookQueueAdapter(
        config.redisUrl,
        config.subscriptions.webhookQueue,
        {
          signingKey: config.subscriptions.signingKey,
          attempts: config.subscriptions.webhookAttempts,
          backoffMs: config.subscriptions.webhookBackoffMs,
          timeoutMs: config.subscriptions.webhookTimeoutMs,
        },
        logger,
      ),
      kafka,
    },
  };
}

/**
 * The configured (not yet listening) gateway application: middleware order matters — trace id and timing first,
 * then keys, scopes and rate limits *before* the raw body parser (an unauthenticated client cannot make us buffer
 * a body), then the routes; every error ends in the problem filter.
 */
export async function createGatewayApp(deps: GatewayDeps): Promise<NestExpressApplication> {
  const { config, logger, metrics } = deps;
  const httpDuration = new Histogram({
    name: 'newsflow_http_request_duration_seconds',
    help: 'Gateway HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    logger: new PinoNestLogger(logger),
    // The JSON parser must not run: an ingested JSON dump is forwarded byte for byte, so every body is read raw.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  installClientErrorHandler(app.getHttpServer(), logger);
  app.use(requestContextMiddleware(httpDuration, logger));
  app.use(urlLengthMiddleware());
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      allowedHeaders: ['content-type', API_KEY_HEADER, 'authorization', 'last-event-id'],
      exposedHeaders: [
        'x-trace-id',
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'ratelimit-policy',
      ],
      maxAge: 600,
    });
  }
  // Keys, scopes and rate limits before any body is read: an unauthenticated or throttled client cannot make
  // the gateway buffer a body.
  app.use(
    authMiddleware(
      {
        registry: new ApiKeyRegistry(config.apiKeys),
        buckets: deps.rateLimits,
        anonymousRead: config.anonymousRead,
        anonymousLimit: config.anonymousLimit,
      },
      routeScope,
    ),
  );
  // Every content type is accepted as bytes; only POST /v1/ingest reads a body.
  app.useBodyParser('raw', { type: () => true, limit: config.ingestMaxBytes });
  app.useGlobalFilters(new ProblemFilter(logger, config.ingestMaxBytes));
  SwaggerModule.setup('docs', app, buildOpenApiDocument, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'newsflow gateway API',
  });
  return app;
}
