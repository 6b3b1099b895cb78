import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ALL_TOPICS } from '@newsflow/contracts';
import {
  runHealthChecks,
  stageHealthReport,
  type HealthIndicator,
  type StageHealthReport,
  type StageHealthSource,
  type StageHealthThresholds,
  type StageHealthVerdict,
  type StageMetrics,
} from '@newsflow/observability';
import { physicalTopic } from './config.js';
import { ConsumerMonitor } from './consumer-monitor.js';
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
  /** The producer to use (default: a new one); the Nest transport shares its own with the service. */
  producer?: KafkaProducerAdapter;
  maxAttempts?: number;
  chunkSize?: number;
  /** See {@link StageRunnerOptions.maxChunkMs}. */
  maxChunkMs?: number;
  messageConcurrency?: number;
  /** See {@link StageRunnerOptions.streamBelowBacklog}. */
  streamBelowBacklog?: number;
  sessionTimeoutMs?: number;
  /** See {@link StageRunnerOptions.partitionsConsumedConcurrently}. */
  partitionsConsumedConcurrently?: number;
  /** See {@link StageRunnerOptions.fetchMaxBytes}. */
  fetchMaxBytes?: number;
  fetchMaxBytesPerPartition?: number;
  healthThresholds?: Partial<StageHealthThresholds>;
  monitorIntervalMs?: number;
  /**
   * What to do when the stage is judged down (default: log and exit the process with code 70 so that its
   * supervisor restarts it). Tests pass their own.
   */
  onDown?: (verdict: StageHealthVerdict) => void;
}

/** Exit code of a stage that found its own consumer dead (EX_SOFTWARE): the supervisor restarts it. */
export const STAGE_DOWN_EXIT_CODE = 70;

/**
 * Everything a stage service runs on Kafka: topic bootstrap, one producer, one supervised consumer-group runner, a
 * monitor that judges its health from the group's offsets, graceful stop (drain the batch in flight, commit,
 * disconnect), and the stage's health report.
 */
export class StageHost {
  readonly producer: KafkaProducerAdapter;
  readonly runner: StageRunner;
  readonly monitor: ConsumerMonitor;

  constructor(private readonly opts: StageHostOptions) {
    this.producer = opts.producer ?? new KafkaProducerAdapter(opts.kafka, opts.prefix, opts.logger);
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
      maxChunkMs: opts.maxChunkMs,
      messageConcurrency: opts.messageConcurrency,
      streamBelowBacklog: opts.streamBelowBacklog,
      sessionTimeoutMs: opts.sessionTimeoutMs,
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
      fetchMaxBytes: opts.fetchMaxBytes,
      fetchMaxBytesPerPartition: opts.fetchMaxBytesPerPartition,
    });
    this.monitor = new ConsumerMonitor({
      stage: opts.stage,
      kafka: opts.kafka,
      runner: this.runner,
      logger: opts.logger,
      metrics: opts.metrics,
      thresholds: opts.healthThresholds,
      intervalMs: opts.monitorIntervalMs,
      onDown:
        opts.onDown ??
        ((verdict) => {
          process.stderr.write(`${opts.stage}: stage down (${verdict.reason ?? 'unknown'}); exiting\n`);
          // Let the log line flush, then exit: the supervisor restarts the process from its committed offsets.
          setTimeout(() => process.exit(STAGE_DOWN_EXIT_CODE), 200).unref();
        }),
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
    this.monitor.start();
  }

  async stop(): Promise<void> {
    await this.monitor.stop();
    await this.runner.stop();
    await this.producer.disconnect();
    this.opts.logger.info('stage stopped: consumer drained and committed, producer disconnected');
  }

  /**
   * The stage's health: the consumer's verdict, plus the dependency checks. A failing dependency makes an otherwise
   * healthy stage `blocked` (it cannot do its work), never `down` (a restart would not help).
   */
  async health(indicators: readonly HealthIndicator[] = []): Promise<StageHealthReport> {
    const snapshot = this.runner.snapshot();
    let verdict = this.monitor.verdict();
    const checks = await runHealthChecks([this.producerIndicator(), ...indicators]);
    const failing = Object.entries(checks.checks).filter(([, c]) => !c.ok);
    if (verdict.status === 'up' && failing.length > 0)
      verdict = {
        status: 'blocked',
        reason: failing.map(([name, c]) => `${name}: ${c.detail ?? 'not ok'}`).join('; '),
      };
    return stageHealthReport(this.opts.stage, snapshot, verdict, checks.checks);
  }

  /** The stage's health source for `stageModule`: its consumer verdict plus these dependency checks. */
  healthSource(indicators: readonly HealthIndicator[] = []): StageHealthSource {
    return { report: () => this.health(indicators) };
  }

  private producerIndicator(): HealthIndicator {
    const producer = this.producer;
    return {
      name: 'producer',
      check: () => Promise.resolve(producer.health()),
    };
  }
}
