import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics every stage exposes, on one registry per process. */
export class StageMetrics {
  readonly registry = new Registry();
  readonly messagesIn: Counter<'stage' | 'topic'>;
  readonly messagesOut: Counter<'stage' | 'topic'>;
  readonly messagesFailed: Counter<'stage' | 'reason'>;
  readonly deadLetters: Counter<'stage' | 'code'>;
  readonly retries: Counter<'stage'>;
  readonly processingSeconds: Histogram<'stage'>;
  readonly batchSize: Histogram<'stage'>;
  readonly endToEndSeconds: Histogram<'stage'>;
  readonly inFlight: Gauge<'stage'>;
  /** One-hot: 1 for the stage's current status (starting, up, stalled, blocked, down), 0 for the others. */
  readonly stageStatus: Gauge<'stage' | 'status'>;
  readonly consumerLag: Gauge<'stage' | 'group' | 'topic' | 'partition'>;
  readonly committedOffset: Gauge<'stage' | 'group' | 'topic' | 'partition'>;
  readonly endOffset: Gauge<'stage' | 'topic' | 'partition'>;
  readonly lastProgress: Gauge<'stage'>;
  readonly consumerRestarts: Counter<'stage' | 'reason'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'newsflow_' });
    const registers = [this.registry];
    this.messagesIn = new Counter({
      name: 'newsflow_messages_in_total',
      help: 'Messages consumed',
      labelNames: ['stage', 'topic'],
      registers,
    });
    this.messagesOut = new Counter({
      name: 'newsflow_messages_out_total',
      help: 'Messages produced',
      labelNames: ['stage', 'topic'],
      registers,
    });
    this.messagesFailed = new Counter({
      name: 'newsflow_messages_failed_total',
      help: 'Failed processing attempts',
      labelNames: ['stage', 'reason'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'newsflow_dead_letters_total',
      help: 'Messages sent to the dead-letter topic',
      labelNames: ['stage', 'code'],
      registers,
    });
    this.retries = new Counter({
      name: 'newsflow_retries_total',
      help: 'Retries of transient failures',
      labelNames: ['stage'],
      registers,
    });
    this.processingSeconds = new Histogram({
      name: 'newsflow_processing_seconds',
      help: 'Processing time per message',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'newsflow_batch_size',
      help: 'Messages per consumed batch',
      labelNames: ['stage'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    this.endToEndSeconds = new Histogram({
      name: 'newsflow_end_to_end_seconds',
      help: 'Time from ingest to this stage output',
      labelNames: ['stage'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'newsflow_in_flight',
      help: 'Messages being processed',
      labelNames: ['stage'],
      registers,
    });
    this.stageStatus = new Gauge({
      name: 'newsflow_stage_status',
      help: 'Stage status, one-hot over starting/up/stalled/blocked/down (see /health for the reason)',
      labelNames: ['stage', 'status'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'newsflow_consumer_lag',
      help: 'Messages not yet committed by the consumer group, per partition of the input topic',
      labelNames: ['stage', 'group', 'topic', 'partition'],
      registers,
    });
    this.committedOffset = new Gauge({
      name: 'newsflow_consumer_committed_offset',
      help: 'Committed offset of the consumer group, per partition',
      labelNames: ['stage', 'group', 'topic', 'partition'],
      registers,
    });
    this.endOffset = new Gauge({
      name: 'newsflow_topic_end_offset',
      help: 'End (high-water) offset of the input topic, per partition',
      labelNames: ['stage', 'topic', 'partition'],
      registers,
    });
    this.lastProgress = new Gauge({
      name: 'newsflow_stage_last_progress_timestamp_seconds',
      help: 'Unix time of the last commit or finished message of the stage consumer',
      labelNames: ['stage'],
      registers,
    });
    this.consumerRestarts = new Counter({
      name: 'newsflow_consumer_restarts_total',
      help: 'In-process restarts of the stage consumer, by reason (crash, stalled, ...)',
      labelNames: ['stage', 'reason'],
      registers,
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
