import { STAGES, STAGE_NAMES, type StageName } from '@newsflow/contracts';
import { errorMessage, physicalTopic } from '@newsflow/messaging';
import type { BullQueueStatsAdapter, QueueCounts } from '../adapters/bullmq.adapter.js';
import type { KafkaAdminAdapter, PartitionLag } from '../adapters/kafka-admin.adapter.js';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import { consumerGroupFor, fetchQueueFor, type GatewayConfig } from '../gateway.config.js';
import type { PipelineHealthChecker, StageHealth, StageStatus } from '../health/pipeline-health.js';
import { histogramBuckets, histogramQuantile, sumPrometheusSamples } from './prometheus-text.js';

export interface StageStats {
  name: StageName;
  url: string;
  /** True only when the stage says it is up (a live process with a stalled consumer is not up). */
  up: boolean;
  /** The stage's own verdict from its /health; `down` with the reason when it does not answer. */
  status: StageStatus;
  reason?: string;
  /** Why /metrics could not be read (the process is gone or hung). */
  error?: string;
  consumer?: StageHealth['consumer'];
  messagesIn: number | null;
  messagesOut: number | null;
  failed: number | null;
  deadLetters: number | null;
  retries: number | null;
  /** Ingest-to-this-stage latency estimated from the stage's `newsflow_end_to_end_seconds` histogram (null without samples). */
  endToEndP50Seconds: number | null;
  endToEndP99Seconds: number | null;
  /** Cumulative buckets of that histogram (the gateway's history turns them into recent quantiles). */
  endToEndBuckets: Array<{ le: number; count: number }>;
  /** Dead letters by error code, cumulative since the stage process started. */
  deadLettersByCode: Record<string, number>;
}

export interface GroupLag {
  stage: StageName;
  group: string;
  topic: string;
  total: number;
  partitions: Array<Pick<PartitionLag, 'partition' | 'committed' | 'end' | 'lag'>>;
  error?: string;
}

export interface QueueStats {
  name: string;
  ok: boolean;
  counts?: QueueCounts;
  error?: string;
}

export interface PipelineStats {
  generatedAt: string;
  articlesIndexed: number | null;
  opensearch: { ok: boolean; status: string | null; error?: string };
  stages: StageStats[];
  consumerLag: GroupLag[];
  queues: QueueStats[];
}

export type FetchText = (url: string, timeoutMs: number) => Promise<string>;

const defaultFetchText: FetchText = async (url, timeoutMs) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
};

/** Sums of one metric's samples by the value of one label (`newsflow_dead_letters_total` by `code`). */
export function samplesByLabel(text: string, metric: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = new RegExp(`^${metric}\\{(.*)\\}\\s+(\\S+)`);
  for (const raw of text.split('\n')) {
    const m = re.exec(raw.trim());
    if (!m) continue;
    const key = new RegExp(`(?:^|,)${label}="([^"]*)"`).exec(m[1] as string)?.[1];
    const value = Number(m[2]);
    if (key === undefined || !Number.isFinite(value)) continue;
    out[key] = (out[key] ?? 0) + value;
  }
  return out;
}

/**
 * Live pipeline figures for the dashboard: article count and cluster health from OpenSearch, each stage's own
 * health verdict and its counters scraped from /metrics, consumer lag per group and partition, and the fetch
 * stage's BullMQ queue. Every part fails on its own: a stage that does not answer shows as down with the reason,
 * the rest still reports.
 */
export class StatsHandler {
  private readonly fetchText: FetchText;

  constructor(
    private readonly deps: {
      opensearch: Pick<OpenSearchAdapter, 'countArticles' | 'clusterHealth'>;
      kafkaAdmin: Pick<KafkaAdminAdapter, 'consumerLag'>;
      queues: Pick<BullQueueStatsAdapter, 'counts'>;
      health: Pick<PipelineHealthChecker, 'stage'>;
      config: Pick<GatewayConfig, 'prefix' | 'stageUrls'>;
      fetchText?: FetchText;
      timeoutMs?: number;
    },
  ) {
    this.fetchText = deps.fetchText ?? defaultFetchText;
  }

  async stats(): Promise<PipelineStats> {
    const timeout = this.deps.timeoutMs ?? 2000;
    const fetchQueue = fetchQueueFor(this.deps.config.prefix);
    const [count, health, stages, lag, queue] = await Promise.all([
      settle(this.deps.opensearch.countArticles(), timeout),
      settle(this.deps.opensearch.clusterHealth(), timeout),
      Promise.all(STAGE_NAMES.map((s) => this.stage(s, timeout))),
      Promise.all(STAGE_NAMES.map((s) => this.lag(s, timeout))),
      settle(this.deps.queues.counts(fetchQueue), timeout),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      articlesIndexed: count.ok ? count.value : null,
      opensearch: health.ok
        ? { ok: health.value.status !== 'red', status: health.value.status }
        : { ok: false, status: null, error: health.error },
      stages,
      consumerLag: lag,
      queues: [
        queue.ok
          ? { name: fetchQueue, ok: true, counts: queue.value }
          : { name: fetchQueue, ok: false, error: queue.error },
      ],
    };
  }

  private async stage(name: StageName, timeoutMs: number): Promise<StageStats> {
    const url = this.deps.config.stageUrls[name];
    const [h, r] = await Promise.all([
      this.deps.health.stage(name),
      settle(this.fetchText(`${url}/metrics`, timeoutMs), timeoutMs + 500),
    ]);
    const verdict = {
      status: h.status,
      up: h.status === 'up',
      ...(h.reason !== undefined ? { reason: h.reason } : {}),
      ...(h.consumer ? { consumer: h.consumer } : {}),
    };
    if (!r.ok) {
      return {
        name,
        url,
        ...verdict,
        error: r.error,
        messagesIn: null,
        messagesOut: null,
        failed: null,
        deadLetters: null,
        retries: null,
        endToEndP50Seconds: null,
        endToEndP99Seconds: null,
        endToEndBuckets: [],
        deadLettersByCode: {},
      };
    }
    const m = sumPrometheusSamples(r.value);
    const e2e = histogramBuckets(r.value, 'newsflow_end_to_end_seconds');
    return {
      name,
      url,
      ...verdict,
      messagesIn: m.newsflow_messages_in_total ?? 0,
      messagesOut: m.newsflow_messages_out_total ?? 0,
      failed: m.newsflow_messages_failed_total ?? 0,
      deadLetters: m.newsflow_dead_letters_total ?? 0,
      retries: m.newsflow_retries_total ?? 0,
      endToEndP50Seconds: histogramQuantile(0.5, e2e) ?? null,
      endToEndP99Seconds: histogramQuantile(0.99, e2e) ?? null,
      endToEndBuckets: e2e,
      deadLettersByCode: samplesByLabel(r.value, 'newsflow_dead_letters_total', 'code'),
    };
  }

  private async lag(name: StageName, timeoutMs: number): Promise<GroupLag> {
    const group = consumerGroupFor(this.deps.config.prefix, name);
    const topic = physicalTopic(this.deps.config.prefix, STAGES[name].input);
    const r = await settle(this.deps.kafkaAdmin.consumerLag(group, topic), timeoutMs);
    if (!r.ok) return { stage: name, group, topic, total: 0, partitions: [], error: r.error };
    return {
      stage: name,
      group,
      topic,
      total: r.value.reduce((s, p) => s + p.lag, 0),
      partitions: r.value.map(({ partition, committed, end, lag }) => ({ partition, committed, end, lag })),
    };
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

/** Awaits `p` for at most `timeoutMs` (a dead broker would otherwise hold the page through kafkajs' retries). */
export async function settle<T>(p: Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([p.then((value): Settled<T> => ({ ok: true, value })), timeout]);
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}
