import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  DEFAULT_STAGE_HEALTH_THRESHOLDS,
  STAGE_STATUSES,
  evaluateStageHealth,
  type StageHealthThresholds,
  type StageHealthVerdict,
  type StageMetrics,
} from '@newsflow/observability';
import { errorMessage } from './errors.js';
import { within } from './sleep.js';
import type { StageRunner } from './stage-runner.js';

export interface ConsumerMonitorOptions {
  stage: string;
  kafka: Kafka;
  runner: StageRunner;
  logger: Logger;
  metrics?: StageMetrics | undefined;
  thresholds?: Partial<StageHealthThresholds>;
  /** How often offsets are read and health judged (default 5 s). */
  intervalMs?: number;
  /**
   * Called once when the stage is judged `down` (stalled past the bound, consumer dead): the service exits non-zero
   * so that its supervisor (npm start, systemd, Kubernetes) restarts it. Never a live process with a dead consumer.
   */
  onDown?: (verdict: StageHealthVerdict) => void;
}

/**
 * Watches a stage consumer from the outside, through the group's committed offsets, so it sees a consumer that is
 * dead or wedged as well as a healthy one: lag per partition (gauges), progress, and the health verdict. It acts on
 * the verdict: a stall restarts the consumer in process; `down` calls `onDown`.
 */
export class ConsumerMonitor {
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastTickAt = 0;
  private committedSum: bigint | undefined;
  private lastRestartAt = 0;
  private downReported = false;
  private ticking = false;
  readonly thresholds: StageHealthThresholds;
  private readonly intervalMs: number;

  constructor(private readonly opts: ConsumerMonitorOptions) {
    this.thresholds = { ...DEFAULT_STAGE_HEALTH_THRESHOLDS, ...opts.thresholds };
    this.intervalMs = opts.intervalMs ?? 5_000;
  }

  start(): void {
    this.lastTickAt = Date.now();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** The current verdict (also what the last tick acted on). */
  verdict(now: number = Date.now()): StageHealthVerdict {
    return evaluateStageHealth(this.opts.runner.snapshot(), now, this.thresholds);
  }

  /** One round: read offsets, update gauges and progress, judge, act. Public for tests. */
  async tick(now: number = Date.now()): Promise<StageHealthVerdict> {
    // A gap much longer than the interval between two timer callbacks means this process was frozen (SIGSTOP, a
    // long GC pause, a suspended VM): give the consumer a fresh window to rejoin before calling it stalled.
    if (this.lastTickAt > 0 && now - this.lastTickAt > 3 * this.intervalMs) {
      this.opts.logger.warn(
        { gapMs: now - this.lastTickAt },
        'process was frozen; consumer gets a fresh window',
      );
      this.opts.runner.markProgress(now);
    }
    this.lastTickAt = now;
    if (this.ticking) return this.verdict(now);
    this.ticking = true;
    try {
      await this.readOffsets();
      const verdict = this.verdict(Date.now());
      this.publish(verdict);
      this.act(verdict);
      return verdict;
    } finally {
      this.ticking = false;
    }
  }

  private async readOffsets(): Promise<void> {
    const { runner, metrics, stage } = this.opts;
    const topic = runner.topic;
    const group = runner.groupId;
    try {
      if (!this.admin) {
        const admin = this.opts.kafka.admin({ retry: { retries: 1 } });
        this.admin = admin;
        await within(Math.max(2_000, 2 * this.intervalMs), admin.connect(), 'connecting');
      }
      // kafkajs retries a dead broker for a minute or more: answer within the interval instead, or health goes stale.
      const admin = this.admin;
      const [ends, committed] = await within(
        Math.max(2_000, 2 * this.intervalMs),
        Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: group, topics: [topic] }),
        ]),
        'reading offsets',
      );
      const committedBy = new Map<number, bigint>();
      for (const p of committed[0]?.partitions ?? []) {
        const o = BigInt(p.offset);
        if (o >= 0n) committedBy.set(p.partition, o);
      }
      const snap = runner.snapshot();
      const mine = new Set(snap.assigned);
      let lag = 0n;
      let sum = 0n;
      for (const e of ends) {
        const end = BigInt(e.high);
        const low = BigInt(e.low);
        const done = committedBy.get(e.partition) ?? low;
        const partLag = end > done ? end - done : 0n;
        const part = String(e.partition);
        metrics?.endOffset.set({ stage, topic, partition: part }, Number(end));
        metrics?.committedOffset.set({ stage, group, topic, partition: part }, Number(done));
        metrics?.consumerLag.set({ stage, group, topic, partition: part }, Number(partLag));
        // Only this member's partitions decide whether *this* consumer is stalled; before it joined, all of them.
        if (!snap.joined || mine.has(e.partition)) {
          lag += partLag;
          sum += done;
        }
      }
      if (this.committedSum !== undefined && sum !== this.committedSum) runner.markProgress();
      this.committedSum = sum;
      runner.observeLag(snap.joined && mine.size === 0 ? 0 : Number(lag));
    } catch (err) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      this.opts.runner.observeLag(null, errorMessage(err));
    }
  }

  private publish(verdict: StageHealthVerdict): void {
    const { metrics, stage } = this.opts;
    if (!metrics) return;
    for (const s of STAGE_STATUSES)
      metrics.stageStatus.set({ stage, status: s }, s === verdict.status ? 1 : 0);
  }

  private act(verdict: StageHealthVerdict): void {
    const { runner, logger } = this.opts;
    const now = Date.now();
    if (verdict.status === 'down') {
      if (this.downReported || runner.snapshot().shuttingDown) return;
      this.downReported = true;
      logger.fatal({ reason: verdict.reason }, 'stage is down');
      this.opts.onDown?.(verdict);
      return;
    }
    this.downReported = false;
    // A stalled consumer is replaced, at most once per stall window (not while a replacement is under way).
    if (
      verdict.status === 'stalled' &&
      !runner.replacing &&
      now - this.lastRestartAt >= this.thresholds.stallMs
    ) {
      this.lastRestartAt = now;
      logger.warn({ reason: verdict.reason }, 'stage stalled; replacing its consumer');
      void runner.restartConsumer('stalled');
    }
  }
}
