import { errorMessage } from '@newsflow/messaging';
import type { DeadLetterFeedAdapter, DeadLetterView } from './dead-letter-feed.adapter.js';
import type { HistoryPoint, PipelineHistory, StageTotals } from './pipeline-history.js';
import type { LatestArticle, QualityHandler, QualityReport } from './quality.handler.js';
import { EMPTY_DUMP_WINDOW_MS } from './pipeline-exporter.js';
import type { PipelineStats } from './stats.handler.js';
import type { ServerHealth, UnhealthyPart } from '../health/pipeline-health.js';
import type { StageName } from '@newsflow/contracts';

/** Everything the dashboard page shows, in one answer (the page polls it). */
export interface DashboardView {
  generatedAt: string;
  /** The latest sample (at most one sampling interval old); absent until the first sample. */
  stats: PipelineStats | null;
  servers: ServerHealth[];
  unhealthy: UnhealthyPart[];
  totals: Record<StageName, StageTotals>;
  /** History points newer than the `since` the page asked for. */
  series: HistoryPoint[];
  quality: (QualityReport & { emptyDumpShare: number | null }) | null;
  qualityError?: string;
  latestArticles: LatestArticle[];
  latestArticlesError?: string;
  deadLetters: DeadLetterView[];
  deadLettersError?: string;
  samplerError?: string;
}

/**
 * Keeps the slower parts of the dashboard (quality aggregations, latest articles) fresh from the sampler's tick,
 * and assembles the page's answer from memory: a request never waits on a stage, Kafka or OpenSearch.
 */
export class DashboardHandler {
  private quality: QualityReport | undefined;
  private qualityError: string | undefined;
  private articles: LatestArticle[] = [];
  private articlesError: string | undefined;
  private ticks = 0;

  constructor(
    private readonly history: PipelineHistory,
    private readonly qualityHandler: QualityHandler,
    private readonly deadLetters: Pick<DeadLetterFeedAdapter, 'latest'>,
    /** Refresh the quality aggregations every this many samples. */
    private readonly qualityEvery = 3,
  ) {}

  latestQuality(): QualityReport | undefined {
    return this.quality;
  }

  /** Called after each sample. */
  async refresh(): Promise<void> {
    const withQuality = this.ticks++ % this.qualityEvery === 0;
    await Promise.all([
      this.qualityHandler.latestArticles().then(
        (a) => {
          this.articles = a;
          this.articlesError = undefined;
        },
        (err: unknown) => {
          this.articlesError = errorMessage(err);
        },
      ),
      withQuality
        ? this.qualityHandler.quality().then(
            (q) => {
              this.quality = q;
              this.qualityError = undefined;
            },
            (err: unknown) => {
              this.qualityError = errorMessage(err);
            },
          )
        : Promise.resolve(),
    ]);
  }

  view(since = 0): DashboardView {
    const latest = this.history.latest();
    const unhealthy: UnhealthyPart[] = [
      ...latest.servers
        .filter((s) => !s.ok)
        .map((s) => ({ part: s.name, status: 'down', reason: s.detail ?? 'check failed' })),
      ...(latest.stats?.stages ?? [])
        .filter((s) => s.status !== 'up')
        .map((s) => ({ part: s.name, status: s.status, reason: s.reason ?? s.error ?? s.status })),
    ];
    const dl = this.deadLetters.latest(20);
    const empty = this.history.emptyDumpShare(EMPTY_DUMP_WINDOW_MS);
    return {
      generatedAt: new Date().toISOString(),
      stats: latest.stats ?? null,
      servers: latest.servers,
      unhealthy,
      totals: this.history.totals,
      series: this.history.series(since),
      quality: this.quality ? { ...this.quality, emptyDumpShare: empty?.share ?? null } : null,
      ...(this.qualityError ? { qualityError: this.qualityError } : {}),
      latestArticles: this.articles,
      ...(this.articlesError ? { latestArticlesError: this.articlesError } : {}),
      deadLetters: dl.records,
      ...(dl.error ? { deadLettersError: dl.error } : {}),
      ...(latest.error ? { samplerError: latest.error } : {}),
    };
  }
}
