import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { PinoNestLogger, StageMetrics, createLogger } from '@newsflow/observability';
import { KafkaStageTransport, type KafkaStageTransportOptions } from './kafka-stage.transport.js';
import { StageErrorPassthroughFilter } from './stage-error.filter.js';

/** What a stage module gets to build its providers from. */
export interface StageServiceContext {
  logger: Logger;
  metrics: StageMetrics;
  transport: KafkaStageTransport;
}

export interface StageServiceSetup {
  logLevel: string;
  host: string;
  port: number;
  /** The stage's Kafka side (topic, group, tuning); logger and metrics are added here. */
  transport: (logger: Logger) => Omit<KafkaStageTransportOptions, 'logger' | 'metrics'> & { kafka: Kafka };
  module: (ctx: StageServiceContext) => DynamicModule;
}

/**
 * The whole `main` of a stage service: read its config (a bad environment fails here, with every bad variable named),
 * create the logger and metrics, then a hybrid Nest app: HTTP for /health, /ready and /metrics (up first, so that
 * probes see `starting`), and the {@link KafkaStageTransport} hosting the controller's `@EventPattern` handler.
 * SIGTERM drains the consumer (commit, disconnect) before the adapters close. A start-up failure prints one line and
 * exits 1.
 */
export function runStageService(service: string, setup: () => StageServiceSetup): void {
  const start = async () => {
    const s = setup();
    const logger = createLogger(service, s.logLevel);
    const metrics = new StageMetrics(service);
    const transport = new KafkaStageTransport({ ...s.transport(logger), logger, metrics });
    const app = await NestFactory.create(s.module({ logger, metrics, transport }), {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    });
    app.enableShutdownHooks();
    // Before the transport registers its handlers: their errors must reach the runner as thrown.
    app.useGlobalFilters(new StageErrorPassthroughFilter(app.getHttpAdapter()));
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.listen(s.port, s.host);
    logger.info({ url: `http://${s.host}:${s.port}` }, 'listening');
    await app.startAllMicroservices();
    process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  };
  start().catch((err: unknown) => {
    process.stderr.write(
      `${service}: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
