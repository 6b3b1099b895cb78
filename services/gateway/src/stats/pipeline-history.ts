import { STAGE_NAMES, type StageName } from '@newsflow/contracts';
import { errorMessage } from '@newsflow/messaging';
import type { ServerHealth, StageStatus } from '../health/pipeline-health.js';
import { histogramQuantile } from './prometheus-text.js';
import type { PipelineStats, StageStats } from './stats.handler.js';

/** Dead-letter codes that mean "this dump (or page) held no article". */
export const NO_ARTICLE_CODES = ['empty', 'no_content', 'no_documents'] as const;

export interface StageRates {
  inPerSec: number | null;
  outPerSec: number | null;
  failedPerSec: number | null;
  deadLettersPerSec: number | null;
  lag: number | null;
  status: StageStatus;
}

/** One sample of the pipeline, every few seconds, kept for the last hour. */
export interface HistoryPoint {
  /** Epoch ms. */
  t: number;
  /** Articles indexed per second (the index stage's output rate). */
  articlesPerSec: number | null;
  /** Consumer lag summed over every stage's group. */
  lag: number | null;
  /** p99 of ingest→indexed latency over this interval (null without new observations). */
  e2eP99Seconds: number | null;
  deadLettersPerSec: number | null;
  /** Dumps the fetch stage consumed in this interval. */
  dumps: number;
  /** Dead letters in this interval that mean "no article" ({@link NO_ARTICLE_CODES}, fetch and clean). */
  noArticle: number;
  stages: Record<StageName, StageRates>;
}

/** Counters since the gateway started, summed across stage restarts (a restarted stage starts its own at 0). */
export interface StageTotals {
  in: number;
  out: number;
  failed: number;
  deadLetters: number;
  deadLettersByCode: Record<string, number>;
}

interface Raw {
  t: number;
  stages: Record<StageName, StageStats>;
}

/** Increase of a counter between two scrapes; a smaller value means the process restarted and counts from 0. */
export function counterDelta(cur: number | null, prev: number | null | undefined): number | null {
  if (cur === null) return null;
  if (prev === null || prev === undefined) return null;
  return cur >= prev ? cur - prev : cur;
}

function bucketDelta(
  cur: Array<{ le: number; count: number }>,
  prev: Array<{ le: number; count: number }> | undefined,
): Array<{ le: number; count: number }> {
  if (!prev || prev.length !== cur.length) return [];
  const reset = (cur.at(-1)?.count ?? 0) < (prev.at(-1)?.count ?? 0);
  return cur.map((b, i) => ({ le: b.le, count: reset ? b.count : b.count - (prev[i]?.count ?? 0) }));
}

export interface HistoryOptions {
  intervalMs: number;
  /** How much history to keep. */
  keepMs: number;
}

/**
 * Samples the pipeline every few seconds (in the gateway process) and keeps the last hour: rates per stage, lag,
 * recent e2e p99, dead-letter rate, plus totals that survive stage restarts. The dashboard and the exporter read
 * the latest sample; nothing waits on the stages at request time.
 */
export class PipelineHistory {
  private readonly points: HistoryPoint[] = [];
  private prev: Raw | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private latestStats: PipelineStats | undefined;
  private latestServers: ServerHealth[] = [];
  private lastError: string | undefined;
  /** Epoch ms of the last increase of each stage's committed offsets (seen by the gateway). */
  private readonly lastProgress = new Map<StageName, number>();
  private readonly committedSum = new Map<StageName, number>();
  readonly totals: Record<StageName, StageTotals> = Object.fromEntries(
    STAGE_NAMES.map((s) => [s, { in: 0, out: 0, failed: 0, deadLetters: 0, deadLettersByCode: {} }]),
  ) as Record<StageName, StageTotals>;

  constructor(
    private readonly source: {
      stats: () => Promise<PipelineStats>;
      servers: () => Promise<ServerHealth[]>;
    },
    private readonly opts: HistoryOptions = { intervalMs: 5000, keepMs: 3_600_000 },
    private readonly onSample?: (stats: PipelineStats) => void | Promise<void>,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.sampleNow();
    this.timer = setInterval(() => void this.sampleNow(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Takes one sample now (concurrent callers share it). */
  sampleNow(): Promise<void> {
    this.running ??= this.takeSample().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async takeSample(): Promise<void> {
    try {
      const [stats, servers] = await Promise.all([this.source.stats(), this.source.servers()]);
      this.record(stats, Date.now());
      this.latestServers = servers;
      this.lastError = undefined;
      await this.onSample?.(stats);
    } catch (err) {
      this.lastError = errorMessage(err);
    }
  }

  /** Adds one sample (public for tests: the timer calls it with the live stats). */
  record(stats: PipelineStats, t: number): HistoryPoint {
    const stages = Object.fromEntries(stats.stages.map((s) => [s.name, s])) as Record<StageName, StageStats>;
    const prev = this.prev;
    const dt = prev ? (t - prev.t) / 1000 : 0;
    const rate = (d: number | null) => (d === null || dt <= 0 ? null : d / dt);
    const point: HistoryPoint = {
      t,
      articlesPerSec: null,
      lag: null,
      e2eP99Seconds: null,
      deadLettersPerSec: null,
      dumps: 0,
      noArticle: 0,
      stages: {} as Record<StageName, StageRates>,
    };
    let lagSum = 0;
    let lagKnown = false;
    let dlqSum: number | null = null;
    for (const name of STAGE_NAMES) {
      const cur = stages[name];
      const before = prev?.stages[name];
      const group = stats.consumerLag.find((g) => g.stage === name);
      const lag = group && !group.error ? group.total : null;
      if (lag !== null) {
        lagSum += lag;
        lagKnown = true;
      }
      if (group && !group.error) {
        const committed = group.partitions.reduce((s, p) => s + Math.max(0, p.committed), 0);
        const was = this.committedSum.get(name);
        if (was === undefined || committed > was) this.lastProgress.set(name, t);
        this.committedSum.set(name, committed);
      }
      const dIn = counterDelta(cur?.messagesIn ?? null, before?.messagesIn);
      const dOut = counterDelta(cur?.messagesOut ?? null, before?.messagesOut);
      const dFailed = counterDelta(cur?.failed ?? null, before?.failed);
      const dDlq = counterDelta(cur?.deadLetters ?? null, before?.deadLetters);
      const tot = this.totals[name];
      tot.in += dIn ?? 0;
      tot.out += dOut ?? 0;
      tot.failed += dFailed ?? 0;
      tot.deadLetters += dDlq ?? 0;
      for (const [code, n] of Object.entries(cur?.deadLettersByCode ?? {})) {
        const d = counterDelta(n, before ? (before.deadLettersByCode[code] ?? 0) : undefined) ?? 0;
        tot.deadLettersByCode[code] = (tot.deadLettersByCode[code] ?? 0) + d;
        if ((name === 'fetch' || name === 'clean') && (NO_ARTICLE_CODES as readonly string[]).includes(code))
          point.noArticle += d;
      }
      if (name === 'fetch') point.dumps += dIn ?? 0;
      if (dDlq !== null) dlqSum = (dlqSum ?? 0) + dDlq;
      point.stages[name] = {
        inPerSec: rate(dIn),
        outPerSec: rate(dOut),
        failedPerSec: rate(dFailed),
        deadLettersPerSec: rate(dDlq),
        lag,
        status: cur?.status ?? 'down',
      };
    }
    point.lag = lagKnown ? lagSum : null;
    point.articlesPerSec = point.stages.index.outPerSec;
    point.deadLettersPerSec = rate(dlqSum);
    const idx = stages.index;
    if (idx && idx.endToEndBuckets.length > 0) {
      point.e2eP99Seconds =
        histogramQuantile(0.99, bucketDelta(idx.endToEndBuckets, prev?.stages.index?.endToEndBuckets)) ??
        null;
    }
    this.prev = { t, stages };
    this.latestStats = stats;
    this.points.push(point);
    while (this.points.length > 0 && (this.points[0]?.t ?? t) < t - this.opts.keepMs) this.points.shift();
    return point;
  }

  latest(): { stats?: PipelineStats; servers: ServerHealth[]; point?: HistoryPoint; error?: string } {
    return {
      ...(this.latestStats ? { stats: this.latestStats } : {}),
      servers: this.latestServers,
      ...(this.points.length > 0 ? { point: this.points.at(-1) } : {}),
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  /** Points newer than `since` (epoch ms), oldest first. */
  series(since = 0): HistoryPoint[] {
    return this.points.filter((p) => p.t > since);
  }

  lastProgressAt(stage: StageName): number | undefined {
    return this.lastProgress.get(stage);
  }

  /**
   * Share of dumps that yielded no article over the last `windowMs`: dead letters coded empty / no content / no
   * documents (fetch and clean) over the dumps the fetch stage consumed. Undefined before any dump was consumed.
   */
  emptyDumpShare(windowMs: number): { share: number; dumps: number; empty: number } | undefined {
    const now = this.points.at(-1)?.t ?? 0;
    let dumps = 0;
    let empty = 0;
    for (const p of this.points) {
      if (p.t <= now - windowMs) continue;
      dumps += p.dumps;
      empty += p.noArticle;
    }
    if (dumps <= 0) return undefined;
    return { share: Math.min(1, empty / dumps), dumps, empty };
  }
}
