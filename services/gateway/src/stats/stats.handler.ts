import { CLEAN_TOPIC, ENRICHED_TOPIC, INGEST_TOPIC, RAW_TOPIC } from '@newsflow/contracts';
import { errorMessage, physicalTopic } from '@newsflow/messaging';
import type { BullQueueStatsAdapter, QueueCounts } from '../adapters/bullmq.adapter.js';
import type { KafkaAdminAdapter, PartitionLag } from '../adapters/kafka-admin.adapter.js';
import type { OpenSearchAdapter } from '../adapters/opensearch.adapter.js';
import {
  PIPELINE_SERVICES,
  consumerGroupFor,
  fetchQueueFor,
  type GatewayConfig,
  type PipelineService,
} from '../gateway.config.js';
import { histogramBuckets, histogramQuantile, sumPrometheusSamples } from './prometheus-text.js';

/** Input topic of each stage: its consumer lag is measured there. */
const INPUT_TOPIC: Record<PipelineService, string> = {
  fetch: INGEST_TOPIC,
  clean: RAW_TOPIC,
  classify: CLEAN_TOPIC,
  index: ENRICHED_TOPIC,
};

export interface StageStats {
  name: PipelineService;
  url: string;
  up: boolean;
  error?: string;
  messagesIn: number | null;
  messagesOut: number | null;
  failed: number | null;
  deadLetters: number | null;
  /** Ingest-to-this-stage latency estimated from the stage's `newsflow_end_to_end_seconds` histogram (null without samples). */
  endToEndP50Seconds: number | null;
  endToEndP99Seconds: number | null;
}

export interface GroupLag {
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

/**
 * Live pipeline figures for the dashboard: article count and cluster health from OpenSearch, per-stage counters
 * scraped from each service's /metrics, consumer lag per group and partition, and the fetch stage's BullMQ queue. Every part fails on its own:
 * a stage that does not answer shows as down, the rest still reports.
 */
export class StatsHandler {
  private readonly fetchText: FetchText;

  constructor(
    private readonly deps: {
      opensearch: Pick<OpenSearchAdapter, 'countArticles' | 'clusterHealth'>;
      kafkaAdmin: Pick<KafkaAdminAdapter, 'consumerLag'>;
      queues: Pick<BullQueueStatsAdapter, 'counts'>;
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
      Promise.all(PIPELINE_SERVICES.map((s) => this.stage(s, timeout))),
      Promise.all(PIPELINE_SERVICES.map((s) => this.lag(s, timeout))),
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

  private async stage(name: PipelineService, timeoutMs: number): Promise<StageStats> {
    const url = this.deps.config.stageUrls[name];
    const r = await settle(this.fetchText(`${url}/metrics`, timeoutMs), timeoutMs + 500);
    if (!r.ok) {
      return {
        name,
        url,
        up: false,
        error: r.error,
        messagesIn: null,
        messagesOut: null,
        failed: null,
        deadLetters: null,
        endToEndP50Seconds: null,
        endToEndP99Seconds: null,
      };
    }
    const m = sumPrometheusSamples(r.value);
    const e2e = histogramBuckets(r.value, 'newsflow_end_to_end_seconds');
    return {
      name,
      url,
      up: true,
      messagesIn: m.newsflow_messages_in_total ?? 0,
      messagesOut: m.newsflow_messages_out_total ?? 0,
      failed: m.newsflow_messages_failed_total ?? 0,
      deadLetters: m.newsflow_dead_letters_total ?? 0,
      endToEndP50Seconds: histogramQuantile(0.5, e2e) ?? null,
      endToEndP99Seconds: histogramQuantile(0.99, e2e) ?? null,
    };
  }

  private async lag(name: PipelineService, timeoutMs: number): Promise<GroupLag> {
    const group = consumerGroupFor(this.deps.config.prefix, name);
    const topic = physicalTopic(this.deps.config.prefix, INPUT_TOPIC[name]);
    const r = await settle(this.deps.kafkaAdmin.consumerLag(group, topic), timeoutMs);
    if (!r.ok) return { group, topic, total: 0, partitions: [], error: r.error };
    return {
      group,
      topic,
      total: r.value.reduce((s, p) => s + p.lag, 0),
      partitions: r.value.map(({ partition, committed, end, lag }) => ({ partition, committed, end, lag })),
    };
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

/** Awaits `p` for at most `timeoutMs` (a dead broker would otherwise hold the page through kafkajs' retries). */
async function settle<T>(p: Promise<T>, timeoutMs: number): Promise<Settled<T>> {
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
