import { describe, expect, it, vi } from 'vitest';
import type { PartitionLag } from '../adapters/kafka-admin.adapter.js';
import { histogramBuckets, histogramQuantile, sumPrometheusSamples } from './prometheus-text.js';
import type { StageHealth } from '../health/pipeline-health.js';
import { StatsHandler, samplesByLabel, type FetchText } from './stats.handler.js';

const METRICS = `# HELP newsflow_messages_in_total Messages consumed
# TYPE newsflow_messages_in_total counter
newsflow_messages_in_total{service="clean",stage="clean",topic="news.raw.v1"} 120
newsflow_messages_in_total{service="clean",stage="clean",topic="other"} 5
newsflow_messages_out_total{service="clean",stage="clean",topic="news.articles.clean.v1"} 118
newsflow_dead_letters_total{service="clean",stage="clean",code="unsupported_format"} 2
newsflow_process_cpu_seconds_total 1.5e-3
newsflow_end_to_end_seconds_bucket{le="0.5",service="clean",stage="clean"} 50
newsflow_end_to_end_seconds_bucket{le="1",service="clean",stage="clean"} 90
newsflow_end_to_end_seconds_bucket{le="2",service="clean",stage="clean"} 100
newsflow_end_to_end_seconds_bucket{le="+Inf",service="clean",stage="clean"} 100
newsflow_end_to_end_seconds_sum{service="clean",stage="clean"} 60
newsflow_end_to_end_seconds_count{service="clean",stage="clean"} 100
`;

describe('sumPrometheusSamples', () => {
  it('sums each metric over its label sets and skips comments', () => {
    const m = sumPrometheusSamples(METRICS);
    expect(m.newsflow_messages_in_total).toBe(125);
    expect(m.newsflow_messages_out_total).toBe(118);
    expect(m.newsflow_dead_letters_total).toBe(2);
    expect(m.newsflow_process_cpu_seconds_total).toBeCloseTo(0.0015);
    expect(m['# HELP']).toBeUndefined();
  });
});

describe('histogramQuantile', () => {
  it('interpolates inside the bucket holding the rank, like histogram_quantile', () => {
    const b = histogramBuckets(METRICS, 'newsflow_end_to_end_seconds');
    expect(b).toEqual([
      { le: 0.5, count: 50 },
      { le: 1, count: 90 },
      { le: 2, count: 100 },
      { le: Infinity, count: 100 },
    ]);
    expect(histogramQuantile(0.5, b)).toBeCloseTo(0.5);
    expect(histogramQuantile(0.7, b)).toBeCloseTo(0.75);
    expect(histogramQuantile(0.99, b)).toBeCloseTo(1.9);
  });

  it('has no estimate without observations and caps at the last finite bound', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeUndefined();
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(1);
  });
});

describe('samplesByLabel', () => {
  it('sums one metric by the value of one label', () => {
    expect(samplesByLabel(METRICS, 'newsflow_dead_letters_total', 'code')).toEqual({ unsupported_format: 2 });
    expect(samplesByLabel(METRICS, 'newsflow_messages_in_total', 'topic')).toEqual({
      'news.raw.v1': 120,
      other: 5,
    });
  });
});

describe('StatsHandler', () => {
  const stageUrls = { fetch: 'http://h:1', clean: 'http://h:2', classify: 'http://h:3', index: 'http://h:4' };
  /** Stage verdicts as the health checker gives them: clean up, classify stalled, the others unreachable. */
  const health = {
    stage: (stage: StageHealth['stage']): Promise<StageHealth> =>
      Promise.resolve(
        stage === 'clean'
          ? { stage, url: stageUrls[stage], status: 'up', reachable: true }
          : stage === 'classify'
            ? {
                stage,
                url: stageUrls[stage],
                status: 'stalled',
                reachable: true,
                reason: 'no progress for 20 s with lag 7',
              }
            : {
                stage,
                url: stageUrls[stage],
                status: 'down',
                reachable: false,
                reason: 'connection refused',
              },
      ),
  };

  it('reports counters of the stages that answer, marks the others down, and lag per prefixed group', async () => {
    const fetchText = vi.fn<FetchText>((url) =>
      url === 'http://h:2/metrics' ? Promise.resolve(METRICS) : Promise.reject(new Error('ECONNREFUSED')),
    );
    const consumerLag = vi.fn((group: string, topic: string): Promise<PartitionLag[]> =>
      Promise.resolve(
        group === 'p.newsflow-clean'
          ? [
              { group, topic, partition: 0, committed: 10, end: 15, lag: 5 },
              { group, topic, partition: 1, committed: -1, end: 3, lag: 3 },
            ]
          : [],
      ),
    );
    const handler = new StatsHandler({
      opensearch: {
        countArticles: () => Promise.resolve(321),
        clusterHealth: () => Promise.resolve({ status: 'green', nodes: 1 }),
      },
      kafkaAdmin: { consumerLag },
      queues: {
        counts: (name) =>
          name === 'p.newsflow-fetch-url'
            ? Promise.resolve({ waiting: 4, active: 1, delayed: 0, prioritized: 0, failed: 2, completed: 9 })
            : Promise.reject(new Error(`unexpected queue ${name}`)),
      },
      health,
      config: { prefix: 'p', stageUrls },
      fetchText,
    });
    const s = await handler.stats();
    expect(s.articlesIndexed).toBe(321);
    expect(s.opensearch).toEqual({ ok: true, status: 'green' });
    const clean = s.stages.find((x) => x.name === 'clean');
    expect(clean).toMatchObject({ up: true, messagesIn: 125, messagesOut: 118, failed: 0, deadLetters: 2 });
    expect(clean?.endToEndP50Seconds).toBeCloseTo(0.5);
    expect(clean?.endToEndP99Seconds).toBeCloseTo(1.9);
    expect(clean?.deadLettersByCode).toEqual({ unsupported_format: 2 });
    expect(s.stages.find((x) => x.name === 'fetch')).toMatchObject({
      up: false,
      status: 'down',
      reason: 'connection refused',
      messagesIn: null,
      error: 'ECONNREFUSED',
    });
    // a live process whose consumer is stalled is not "up", whatever its /metrics says
    expect(s.stages.find((x) => x.name === 'classify')).toMatchObject({
      up: false,
      status: 'stalled',
      reason: 'no progress for 20 s with lag 7',
    });
    expect(consumerLag).toHaveBeenCalledWith('p.newsflow-fetch', 'p.news.ingest.v1');
    expect(consumerLag).toHaveBeenCalledWith('p.newsflow-index', 'p.news.articles.enriched.v1');
    expect(s.consumerLag.find((g) => g.group === 'p.newsflow-clean')).toMatchObject({
      topic: 'p.news.raw.v1',
      total: 8,
    });
    expect(s.queues).toEqual([
      {
        name: 'p.newsflow-fetch-url',
        ok: true,
        counts: { waiting: 4, active: 1, delayed: 0, prioritized: 0, failed: 2, completed: 9 },
      },
    ]);
  });

  it('still answers when OpenSearch and Kafka fail or hang', async () => {
    const handler = new StatsHandler({
      opensearch: {
        countArticles: () => Promise.reject(new Error('down')),
        clusterHealth: () => new Promise(() => undefined),
      },
      kafkaAdmin: { consumerLag: () => new Promise(() => undefined) },
      queues: { counts: () => Promise.reject(new Error('Connection is closed.')) },
      health: {
        stage: (stage) =>
          Promise.resolve({
            stage,
            url: stageUrls[stage],
            status: 'down',
            reachable: false,
            reason: 'timed out',
          }),
      },
      config: { prefix: '', stageUrls },
      fetchText: () => Promise.reject(new Error('down')),
      timeoutMs: 20,
    });
    const s = await handler.stats();
    expect(s.articlesIndexed).toBeNull();
    expect(s.opensearch.ok).toBe(false);
    expect(s.consumerLag.map((g) => g.group)).toEqual([
      'newsflow-fetch',
      'newsflow-clean',
      'newsflow-classify',
      'newsflow-index',
    ]);
    expect(s.consumerLag.every((g) => g.error?.includes('no answer'))).toBe(true);
    expect(s.stages.every((x) => !x.up)).toBe(true);
    expect(s.queues).toEqual([{ name: 'newsflow-fetch-url', ok: false, error: 'Connection is closed.' }]);
  });
});
