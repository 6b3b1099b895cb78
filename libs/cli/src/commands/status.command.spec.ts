import { describe, expect, it } from 'vitest';
import { renderStatus, table, type DashboardBody, type HealthBody } from './status.command.js';
import { pipelineTopics, renderTopics } from './topics.command.js';

const stage = { inPerSec: 1.5, outPerSec: 1.5, failedPerSec: 0, deadLettersPerSec: 0, lag: 0 };

describe('newsflow status', () => {
  it('shows each stage with its state and why, the servers, rates and lag', () => {
    const health: HealthBody = {
      status: 'degraded',
      unhealthy: [
        {
          part: 'classify',
          status: 'down',
          reason: 'no answer from http://127.0.0.1:3003/health: connection refused',
        },
      ],
      stages: [
        { stage: 'fetch', status: 'up', consumer: { restarts: 0 } },
        {
          stage: 'clean',
          status: 'stalled',
          reason: 'no progress for 20 s with lag 12',
          consumer: { restarts: 1 },
        },
        {
          stage: 'classify',
          status: 'down',
          reason: 'no answer from http://127.0.0.1:3003/health: connection refused',
        },
        { stage: 'index', status: 'up' },
      ],
      servers: [
        { name: 'kafka', ok: true, detail: '1 broker(s)' },
        { name: 'redis', ok: false, detail: 'connect ECONNREFUSED' },
      ],
    };
    const dash: DashboardBody = {
      stats: { articlesIndexed: 1234, opensearch: { status: 'green' } },
      series: [
        {
          articlesPerSec: 12.4,
          lag: 12,
          e2eP99Seconds: 1.234,
          deadLettersPerSec: 0.05,
          stages: { fetch: stage, clean: { ...stage, lag: 12, outPerSec: 0 }, classify: stage, index: stage },
        },
      ],
    };
    const text = renderStatus('http://127.0.0.1:3000', health, dash);
    const lines = text.split('\n');
    expect(lines[0]).toContain('1 part(s) not healthy');
    expect(lines[0]).toContain('articles indexed: 1234');
    expect(lines[0]).toContain('ingest→indexed p99: 1.23 s');
    expect(lines.find((l) => l.startsWith('clean'))).toMatch(
      /^clean\s+stalled\s+1\.50\s+0\.00\s+.*\s12\s+1\s+no progress for 20 s with lag 12$/,
    );
    expect(lines.find((l) => l.startsWith('classify'))).toMatch(/down .*connection refused$/);
    expect(lines.find((l) => l.startsWith('redis'))).toMatch(/^redis\s+down\s+connect ECONNREFUSED$/);
  });

  it('says the gateway is down when it does not answer', () => {
    expect(renderStatus('http://127.0.0.1:3000', { error: 'ECONNREFUSED' }, undefined)).toMatch(
      /^gateway {2}http:\/\/127\.0\.0\.1:3000 {2}DOWN: ECONNREFUSED/,
    );
  });

  it('aligns columns', () => {
    expect(
      table([
        ['a', 'bb', 'c'],
        ['ccc', 'd', ''],
      ]),
    ).toBe('a    bb  c\nccc  d');
  });
});

describe('newsflow topics', () => {
  it('lists every topology topic once, with the group consuming it', () => {
    const t = pipelineTopics('p');
    expect(t.find((x) => x.topic === 'p.news.ingest.v1')?.group).toBe('p.newsflow-fetch');
    expect(t.find((x) => x.topic === 'p.news.dlq.v1')?.group).toBeNull();
    expect(new Set(t.map((x) => x.topic)).size).toBe(t.length);
  });

  it('shows offsets, committed offsets, lag per partition and by group, and topics not created yet', () => {
    const text = renderTopics(
      [
        {
          topic: 'news.ingest.v1',
          partition: 0,
          low: 0,
          high: 10,
          group: 'newsflow-fetch',
          committed: 7,
          lag: 3,
        },
        {
          topic: 'news.ingest.v1',
          partition: 1,
          low: 2,
          high: 5,
          group: 'newsflow-fetch',
          committed: -1,
          lag: 3,
        },
        { topic: 'news.dlq.v1', partition: 0, low: 0, high: 4, group: null, committed: null, lag: null },
      ],
      ['news.indexed.v1'],
    );
    expect(text).toMatch(/news\.ingest\.v1\s+1\s+2\s+5\s+3\s+newsflow-fetch\s+none\s+3/);
    expect(text).toContain('lag by group: newsflow-fetch 6');
    expect(text).toContain('not created yet: news.indexed.v1');
  });
});
