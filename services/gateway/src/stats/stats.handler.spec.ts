import { describe, expect, it, vi } from 'vitest';
import type { PartitionLag } from '../adapters/kafka-admin.adapter.js';
import { sumPrometheusSamples } from './prometheus-text.js';
import { StatsHandler, type FetchText } from './stats.handler.js';

const METRICS = `# HELP newsflow_messages_in_total Messages consumed
# TYPE newsflow_messages_in_total counter
newsflow_messages_in_total{service="clean",stage="clean",topic="news.raw.v1"} 120
newsflow_messages_in_total{service="clean",stage="clean",topic="other"} 5
newsflow_messages_out_total{service="clean",stage="clean",topic="news.articles.clean.v1"} 118
newsflow_dead_letters_total{service="clean",stage="clean",code="unsupported_format"} 2
newsflow_process_cpu_seconds_total 1.5e-3
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

describe('StatsHandler', () => {
  const stageUrls = { fetch: 'http://h:1', clean: 'http://h:2', classify: 'http://h:3', index: 'http://h:4' };

  it('reports counters of the stages that answer, marks the others down, and lag per prefixed group', async () => {
    const fetchText = vi.fn<FetchText>((url) => (url === 'http://h:2/metrics' ? Promise.resolve(METRICS) : Promise.reject(new Error('ECONNREFUSED'))));
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
      opensearch: { countArticles: () => Promise.resolve(321), clusterHealth: () => Promise.resolve({ status: 'green', nodes: 1 }) },
      kafkaAdmin: { consumerLag },
      queues: {
        counts: (name) =>
          name === 'p.newsflow-fetch-url'
            ? Promise.resolve({ waiting: 4, active: 1, delayed: 0, prioritized: 0, failed: 2, completed: 9 })
            : Promise.reject(new Error(`unexpected queue ${name}`)),
      },
      config: { prefix: 'p', stageUrls },
      fetchText,
    });
    const s = await handler.stats();
    expect(s.articlesIndexed).toBe(321);
    expect(s.opensearch).toEqual({ ok: true, status: 'green' });
    const clean = s.stages.find((x) => x.name === 'clean');
    expect(clean).toMatchObject({ up: true, messagesIn: 125, messagesOut: 118, failed: 0, deadLetters: 2 });
    expect(s.stages.find((x) => x.name === 'fetch')).toMatchObject({ up: false, messagesIn: null, error: 'ECONNREFUSED' });
    expect(consumerLag).toHaveBeenCalledWith('p.newsflow-fetch', 'p.news.ingest.v1');
    expect(consumerLag).toHaveBeenCalledWith('p.newsflow-index', 'p.news.articles.enriched.v1');
    expect(s.consumerLag.find((g) => g.group === 'p.newsflow-clean')).toMatchObject({ topic: 'p.news.raw.v1', total: 8 });
    expect(s.queues).toEqual([{ name: 'p.newsflow-fetch-url', ok: true, counts: { waiting: 4, active: 1, delayed: 0, prioritized: 0, failed: 2, completed: 9 } }]);
  });

  it('still answers when OpenSearch and Kafka fail or hang', async () => {
    const handler = new StatsHandler({
      opensearch: { countArticles: () => Promise.reject(new Error('down')), clusterHealth: () => new Promise(() => undefined) },
      kafkaAdmin: { consumerLag: () => new Promise(() => undefined) },
      queues: { counts: () => Promise.reject(new Error('Connection is closed.')) },
      config: { prefix: '', stageUrls },
      fetchText: () => Promise.reject(new Error('down')),
      timeoutMs: 20,
    });
    const s = await handler.stats();
    expect(s.articlesIndexed).toBeNull();
    expect(s.opensearch.ok).toBe(false);
    expect(s.consumerLag.map((g) => g.group)).toEqual(['newsflow-fetch', 'newsflow-clean', 'newsflow-classify', 'newsflow-index']);
    expect(s.consumerLag.every((g) => g.error?.includes('no answer'))).toBe(true);
    expect(s.stages.every((x) => !x.up)).toBe(true);
    expect(s.queues).toEqual([{ name: 'newsflow-fetch-url', ok: false, error: 'Connection is closed.' }]);
  });
});
