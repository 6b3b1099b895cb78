import { Gauge, type Registry } from 'prom-client';
import { STAGE_NAMES } from '@newsflow/contracts';
import { QUEUE_STATES } from '../adapters/bullmq.adapter.js';
import { STAGE_STATUSES } from '../health/pipeline-health.js';
import type { PipelineHistory } from './pipeline-history.js';
import type { QualityReport } from './quality.handler.js';

export const OPENSEARCH_STATUSES = ['green', 'yellow', 'red'] as const;

/** Window of the empty-dump share (the same as the quality window). */
export const EMPTY_DUMP_WINDOW_MS = 15 * 60_000;

/**
 * The gateway as the pipeline's exporter: gauges computed from its latest sample (stage verdicts, lag per
 * partition, queue depths, OpenSearch and server health) and its quality report. They exist even when a stage
 * process is gone (then it has no /metrics of its own), which is what the alert rules need. Nothing is queried at
 * scrape time: the gauges read what the sampler collected at most one interval ago.
 */
export function registerPipelineExporter(
  registry: Registry,
  history: Pick<PipelineHistory, 'latest' | 'lastProgressAt' | 'emptyDumpShare'>,
  quality: () => QualityReport | undefined,
): void {
  const registers = [registry];
  const latest = () => history.latest();

  new Gauge({
    name: 'newsflow_pipeline_stage_status',
    help: "Each stage's state as the gateway sees it (1 for the current state): a stage whose process is gone is down",
    labelNames: ['stage', 'status'] as const,
    registers,
    collect() {
      this.reset();
      const stats = latest().stats;
      if (!stats) return;
      for (const s of stats.stages)
        for (const status of STAGE_STATUSES) this.set({ stage: s.name, status }, s.status === status ? 1 : 0);
    },
  });

  type PartitionRow = {
    stage: string;
    group: string;
    topic: string;
    partition: string;
    p: { lag: number; committed: number; end: number };
  };
  const partitions = (): PartitionRow[] =>
    (latest().stats?.consumerLag ?? []).flatMap((g) =>
      g.partitions.map((p) => ({
        stage: g.stage,
        group: g.group,
        topic: g.topic,
        partition: String(p.partition),
        p,
      })),
    );
  new Gauge({
    name: 'newsflow_pipeline_consumer_lag',
    help: 'Consumer lag of each stage group per partition of its input topic (end offset minus committed offset)',
    labelNames: ['stage', 'group', 'topic', 'partition'] as const,
    registers,
    collect() {
      this.reset();
      for (const { p, ...labels } of partitions()) this.set(labels, p.lag);
    },
  });
  new Gauge({
    name: 'newsflow_pipeline_consumer_committed_offset',
    help: 'Committed offset of each stage group per partition (-1: nothing committed yet)',
    labelNames: ['stage', 'group', 'topic', 'partition'] as const,
    registers,
    collect() {
      this.reset();
      for (const { p, ...labels } of partitions()) this.set(labels, p.committed);
    },
  });
  new Gauge({
    name: 'newsflow_pipeline_topic_end_offset',
    help: 'End (high watermark) offset of each stage input topic per partition',
    labelNames: ['stage', 'topic', 'partition'] as const,
    registers,
    collect() {
      this.reset();
      for (const r of partitions())
        this.set({ stage: r.stage, topic: r.topic, partition: r.partition }, r.p.end);
    },
  });

  new Gauge({
    name: 'newsflow_pipeline_last_progress_timestamp_seconds',
    help: "When the gateway last saw a stage group's committed offsets advance (unix seconds)",
    labelNames: ['stage'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of STAGE_NAMES) {
        const t = history.lastProgressAt(s);
        if (t !== undefined) this.set({ stage: s }, t / 1000);
      }
    },
  });

  new Gauge({
    name: 'newsflow_queue_jobs',
    help: 'BullMQ jobs by queue and state (failed jobs are kept for a day so they show here)',
    labelNames: ['queue', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const q of latest().stats?.queues ?? [])
        if (q.ok && q.counts)
          for (const s of QUEUE_STATES) this.set({ queue: q.name, state: s }, q.counts[s]);
    },
  });

  new Gauge({
    name: 'newsflow_opensearch_cluster_status',
    help: 'OpenSearch cluster health (1 for the current status; all 0 when the cluster does not answer)',
    labelNames: ['status'] as const,
    registers,
    collect() {
      this.reset();
      const os = latest().stats?.opensearch;
      if (!os) return;
      for (const s of OPENSEARCH_STATUSES) this.set({ status: s }, os.status === s ? 1 : 0);
    },
  });

  new Gauge({
    name: 'newsflow_server_up',
    help: 'Whether the gateway reaches each server (kafka, opensearch, redis): 1 up, 0 down',
    labelNames: ['server'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of latest().servers) this.set({ server: s.name }, s.ok ? 1 : 0);
    },
  });

  new Gauge({
    name: 'newsflow_articles_indexed',
    help: 'Documents behind the articles alias',
    registers,
    collect() {
      this.reset();
      const n = latest().stats?.articlesIndexed;
      if (n !== null && n !== undefined) this.set(n);
    },
  });

  new Gauge({
    name: 'newsflow_quality_empty_dump_share',
    help: 'Share of dumps consumed in the last 15 min that yielded no article (dead letters empty/no_content/no_documents over dumps)',
    registers,
    collect() {
      this.reset();
      const s = history.emptyDumpShare(EMPTY_DUMP_WINDOW_MS);
      if (s) this.set(s.share);
    },
  });

  const q = (name: string, help: string, pick: (r: QualityReport) => number | null) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.reset();
        const r = quality();
        const v = r ? pick(r) : null;
        if (v !== null) this.set(v);
      },
    });
  q(
    'newsflow_quality_window_articles',
    'Articles indexed in the quality window (last hour)',
    (r) => r.articles,
  );
  q(
    'newsflow_quality_articles_per_dump',
    'Articles per dump over the quality window',
    (r) => r.articlesPerDump,
  );
  q(
    'newsflow_quality_empty_body_share',
    'Share of empty bodies (latest articles of the window)',
    (r) => r.emptyBodyShare,
  );
  q(
    'newsflow_quality_short_body_share',
    'Share of very short bodies (latest articles of the window)',
    (r) => r.shortBodyShare,
  );
  q(
    'newsflow_quality_missing_date_share',
    'Share of articles without a publication date',
    (r) => r.missingDateShare,
  );
  q(
    'newsflow_quality_missing_author_share',
    'Share of articles without an author',
    (r) => r.missingAuthorShare,
  );
  q(
    'newsflow_quality_duplicate_share',
    'Share of exact duplicates (same content hash)',
    (r) => r.duplicateShare,
  );
  q(
    'newsflow_quality_near_duplicate_share',
    'Share of near-duplicates (joined an existing story)',
    (r) => r.nearDuplicateShare,
  );
  const mix = (
    name: string,
    label: 'language' | 'topic',
    pick: (r: QualityReport) => QualityReport['languages'],
  ) =>
    new Gauge({
      name,
      help: `Share of articles by ${label} over the quality window`,
      labelNames: [label],
      registers,
      collect() {
        this.reset();
        const r = quality();
        for (const b of r ? pick(r) : []) this.set({ [label]: b.key }, b.share);
      },
    });
  mix('newsflow_quality_language_share', 'language', (r) => r.languages);
  mix('newsflow_quality_topic_share', 'topic', (r) => r.topics);
}
