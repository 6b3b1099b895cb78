import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { STAGES, prefixed, type StageName } from '@newsflow/contracts';
import { PinoNestLogger, StageMetrics, createLogger } from '@newsflow/observability';
import { commonEnvSchema, fetchBoundsFromEnv, loadConfig } from '../config.js';
import { createKafka } from '../kafka.js';
import { KafkaStageTransport, type KafkaStageTransportOptions } from './kafka-stage.transport.js';
import { StageErrorPassthroughFilter } from './stage-error.filter.js';

/** What a stage module gets to build its providers from. */
export interface StageServiceContext {
  logger: Logger;
  metrics: StageMetrics;
  transport: KafkaStageTransport;
}

/** Tuning of a stage's consumer (everything else comes from the topology). */
export type StageTuning = Partial<
  Pick<
    KafkaStageTransportOptions,
    | 'maxAttempts'
    | 'chunkSize'
    | 'maxChunkMs'
    | 'messageConcurrency'
    | 'streamBelowBacklog'
    | 'sessionTimeoutMs'
    | 'partitionsConsumedConcurrently'
    | 'fetchMaxBytes'
    | 'fetchMaxBytesPerPartition'
    | 'healthThresholds'
    | 'monitorIntervalMs'
  >
>;

export interface StageServiceSetup {
  logLevel: string;
  host: string;
  port: number;
  brokers: string[];
  /** NEWSFLOW_PREFIX: topics, consumer group and index alias of this pipeline. */
  prefix: string;
  tuning?: StageTuning;
  module: (ctx: StageServiceContext) => DynamicModule;
}

/**
 * The whole `main` of a stage service: its input topic, consumer group and client id come from the topology. Read
 * its config (a bad environment fails here, with every bad variable named),
 * create the logger and metrics, then a hybrid Nest app: HTTP for /health, /ready and /metrics (up first, so that
 * probes see `starting`), and the {@link KafkaStageTransport} hosting the controller's `@EventPattern` handler.
 * SIGTERM drains the consumer (commit, disconnect) before the adapters close. A start-up failure prints one line and
 * exits 1.
 */
export function runStageService(stage: StageName, setup: () => StageServiceSetup): void {
  const service = stage;
  const start = async () => {
    const s = setup();
    const logger = createLogger(service, s.logLevel);
    const metrics = new StageMetrics(service);
    const topology = STAGES[stage];
    const env = loadConfig(
      commonEnvSchema.pick({
        KAFKA_SESSION_TIMEOUT_MS: true,
        STAGE_MAX_CHUNK_MS: true,
        STAGE_STREAM_BELOW_BACKLOG: true,
        STAGE_FETCH_MAX_BYTES: true,
        STAGE_FETCH_MAX_BYTES_PER_PARTITION: true,
      }),
    );
    const transport = new KafkaStageTransport({
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      maxChunkMs: env.STAGE_MAX_CHUNK_MS,
      streamBelowBacklog: env.STAGE_STREAM_BELOW_BACKLOG,
      ...s.tuning,
      // an operator's fetch bounds win over the stage's own tuning
      ...fetchBoundsFromEnv(env),
      stage,
      kafka: createKafka({ brokers: s.brokers, clientId: `newsflow-${stage}` }, logger),
      prefix: s.prefix,
      inputTopic: topology.input,
      groupId: prefixed(s.prefix, topology.group),
      logger,
      metrics,
    });
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
