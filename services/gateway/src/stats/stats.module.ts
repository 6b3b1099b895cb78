import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { createKafka } from '@newsflow/messaging';
import { mountQueueBoard } from '../admin/queue-board.js';
import type { GatewayDeps } from '../app.module.js';
import { fetchQueueFor } from '../gateway.config.js';
import { HealthController } from '../health/health.http-controller.js';
import { gatewayIndicators } from '../health/health-indicators.js';
import { PipelineHealthChecker } from '../health/pipeline-health.js';
import { DashboardHandler } from './dashboard.handler.js';
import { DeadLetterFeedAdapter } from './dead-letter-feed.adapter.js';
import { registerPipelineExporter } from './pipeline-exporter.js';
import { PipelineHistory } from './pipeline-history.js';
import { QualityHandler } from './quality.handler.js';
import { StatsHandler } from './stats.handler.js';
import { GATEWAY_CONFIG } from '../tokens.js';
import {
  DashboardHttpController,
  DeadLettersHttpController,
  StatsHttpController,
} from './stats.http-controller.js';

const SAMPLE_INTERVAL_MS = 5000;

/** Starts the sampler and the dead-letter feed, mounts the queue board; stops them at shutdown. */
@Injectable()
export class OperationsLifecycle implements OnModuleInit, OnApplicationShutdown {
  private closeBoard: (() => Promise<void>) | undefined;

  constructor(
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(PipelineHistory) private readonly history: PipelineHistory,
    @Inject(DeadLetterFeedAdapter) private readonly feed: DeadLetterFeedAdapter,
    @Inject('OPERATIONS_DEPS') private readonly deps: GatewayDeps,
  ) {}

  onModuleInit(): void {
    const app = this.http.httpAdapter.getInstance<Express>();
    this.closeBoard = mountQueueBoard(app, {
      redisUrl: this.deps.config.redisUrl,
      queues: [fetchQueueFor(this.deps.config.prefix)],
    });
    this.history.start();
    this.feed.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.history.stop(), this.feed.stop(), this.closeBoard?.()]);
  }
}

/**
 * Operations of the gateway: GET /health (the whole pipeline) and /ready, /v1/stats, the dashboard and its data,
 * the pipeline exporter on /metrics, dead letters with replay, and the queue board under /admin/queues.
 */
@Module({})
export class OperationsModule {
  static forRoot(deps: GatewayDeps): DynamicModule {
    const { config } = deps;
    const checker = new PipelineHealthChecker({
      stageUrls: config.stageUrls,
      servers: gatewayIndicators(deps),
      timeoutMs: config.statsTimeoutMs,
    });
    const stats = new StatsHandler({
      opensearch: deps.opensearch,
      kafkaAdmin: deps.kafkaAdmin,
      queues: deps.queues,
      health: checker,
      config,
      timeoutMs: config.statsTimeoutMs,
    });
    const feed = new DeadLetterFeedAdapter(
      createKafka({ brokers: config.kafkaBrokers, clientId: 'newsflow-gateway-dlq' }, deps.logger),
      config.prefix,
      deps.logger,
    );
    const quality = new QualityHandler(deps.opensearch);
    // the dashboard refreshes its slower parts (quality, latest articles) after each sample
    const hooks: { afterSample?: () => Promise<void> } = {};
    const history = new PipelineHistory(
      { stats: () => stats.stats(), servers: () => checker.servers() },
      { intervalMs: SAMPLE_INTERVAL_MS, keepMs: 3_600_000 },
      () => hooks.afterSample?.(),
    );
    const board = new DashboardHandler(history, quality, feed);
    hooks.afterSample = () => board.refresh();
    registerPipelineExporter(deps.metrics.registry, history, () => board.latestQuality());
    return {
      module: OperationsModule,
      controllers: [
        HealthController,
        StatsHttpController,
        DeadLettersHttpController,
        DashboardHttpController,
      ],
      providers: [
        { provide: 'OPERATIONS_DEPS', useValue: deps },
        { provide: PipelineHealthChecker, useValue: checker },
        { provide: StatsHandler, useValue: stats },
        { provide: PipelineHistory, useValue: history },
        { provide: DashboardHandler, useValue: board },
        { provide: DeadLetterFeedAdapter, useValue: feed },
        { provide: GATEWAY_CONFIG, useValue: config },
        OperationsLifecycle,
      ],
    };
  }
}
