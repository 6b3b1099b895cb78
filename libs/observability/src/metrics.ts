import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics every stage exposes, on one registry per process. */
/**
 * Upper bounds of the `newsflow_end_to_end_seconds` buckets. A quantile that falls above the last one can only be
 * read as "at least" that bound (Prometheus' histogram_quantile returns the bound itself), so displays say so.
 */
export const END_TO_END_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] as const;

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
    // The event-loop lag histogram samples with a libuv timer: at prom-client's default 10 ms resolution that is 100
    // wake-ups a second in every process, ~3 ms of CPU per second idle or not; 100 ms still shows a blocked loop.
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'newsflow_',
      eventLoopMonitoringPrecision: 100,
    });
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Gauge<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) =>
      new Histogram<L>({ name, help, labelNames, buckets, registers });

    this.messagesIn = counter('newsflow_messages_in_total', 'Messages consumed', ['stage', 'topic']);
    this.messagesOut = counter('newsflow_messages_out_total', 'Messages produced', ['stage', 'topic']);
    this.messagesFailed = counter('newsflow_messages_failed_total', 'Failed processing attempts', [
      'stage',
      'reason',
    ]);
    this.deadLetters = counter('newsflow_dead_letters_total', 'Messages sent to the dead-letter topic', [
      'stage',
      'code',
    ]);
    this.retries = counter('newsflow_retries_total', 'Retries of transient failures', ['stage']);
    this.processingSeconds = histogram(
      'newsflow_processing_seconds',
      'Processing time per message',
      ['stage'],
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.batchSize = histogram(
      'newsflow_batch_size',
      'Messages per consumed batch',
      ['stage'],
      [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    );
    this.endToEndSeconds = histogram(
      'newsflow_end_to_end_seconds',
      'Time from ingest to this stage output',
      ['stage'],
      [...END_TO_END_BUCKETS_SECONDS],
    );
    this.inFlight = gauge('newsflow_in_flight', 'Messages being processed', ['stage']);
    this.stageStatus = gauge(
      'newsflow_stage_status',
      'Stage status, one-hot over starting/up/stalled/blocked/down (see /health for the reason)',
      ['stage', 'status'],
    );
    this.consumerLag = gauge(
      'newsflow_consumer_lag',
      'Messages not yet committed by the consumer group, per partition of the input topic',
      ['stage', 'group', 'topic', 'partition'],
    );
    this.committedOffset = gauge(
      'newsflow_consumer_committed_offset',
      'Committed offset of the consumer group, per partition',
      ['stage', 'group', 'topic', 'partition'],
    );
    this.endOffset = gauge(
      'newsflow_topic_end_offset',
      'End (high-water) offset of the input topic, per partition',
      ['stage', 'topic', 'partition'],
    );
    this.lastProgress = gauge(
      'newsflow_stage_last_progress_timestamp_seconds',
      'Unix time of the last commit or finished message of the stage consumer',
      ['stage'],
    );
    this.consumerRestarts = counter(
      'newsflow_consumer_restarts_total',
      'In-process restarts of the stage consumer, by reason (crash, stalled, ...)',
      ['stage', 'reason'],
    );
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
