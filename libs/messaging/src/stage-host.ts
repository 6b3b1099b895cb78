import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ALL_TOPICS } from '@newsflow/contracts';
import type { HealthIndicator, StageMetrics } from '@newsflow/observability';
import { physicalTopic } from './config.js';
import { ensureTopics } from './kafka.js';
import { KafkaProducerAdapter } from './producer.js';
import { StageRunner, type RunnerStage, type StageRunnerOptions } from './stage-runner.js';

export interface StageHostOptions {
  stage: RunnerStage;
  kafka: Kafka;
  prefix: string;
  /** Logical input topic, e.g. `news.raw.v1`. */
  inputTopic: string;
  groupId: string;
  logger: Logger;
  metrics: StageMetrics;
  handler: StageRunnerOptions['handler'];
  maxAttempts?: number;
  chunkSize?: number;
  messageConcurrency?: number;
}

/**
 * Everything a stage service runs on Kafka: topic bootstrap, one producer, one consumer-group runner,
 * graceful stop (drain the batch in flight, commit, disconnect) and a Kafka health indicator.
 */
export class StageHost {
  readonly producer: KafkaProducerAdapter;
  private readonly runner: StageRunner;

  constructor(private readonly opts: StageHostOptions) {
    this.producer = new KafkaProducerAdapter(opts.kafka, opts.prefix);
    this.runner = new StageRunner({
      stage: opts.stage,
      groupId: opts.groupId,
      topic: physicalTopic(opts.prefix, opts.inputTopic),
      kafka: opts.kafka,
      producer: this.producer,
      logger: opts.logger,
      metrics: opts.metrics,
      handler: opts.handler,
      maxAttempts: opts.maxAttempts,
      chunkSize: opts.chunkSize,
      messageConcurrency: opts.messageConcurrency,
    });
  }

  async start(): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(
        admin,
        ALL_TOPICS.map((t) => physicalTopic(this.opts.prefix, t)),
      );
      if (created.length) this.opts.logger.info({ created }, 'created topics');
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    await this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    await this.producer.disconnect();
    this.opts.logger.info('stage stopped: consumer drained and committed, producer disconnected');
  }

  kafkaHealth(): HealthIndicator {
    const kafka = this.opts.kafka;
    const runner = this.runner;
    return {
      name: 'kafka',
      async check() {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const cluster = await admin.describeCluster();
          return {
            ok: runner.isRunning,
            detail: `${cluster.brokers.length} broker(s); consumer ${runner.isRunning ? 'running' : 'stopped'}`,
          };
        } finally {
          await admin.disconnect();
        }
      },
    };
  }
}
