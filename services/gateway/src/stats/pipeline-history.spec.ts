import { describe, expect, it } from 'vitest';
import { STAGE_NAMES } from '@newsflow/contracts';
import { PipelineHistory, counterDelta } from './pipeline-history.js';
import type { PipelineStats, StageStats } from './stats.handler.js';

function stage(name: StageStats['name'], c: Partial<StageStats>): StageStats {
  return {
    name,
    url: 'http://h',
    up: true,
    status: 'up',
    messagesIn: 0,
    messagesOut: 0,
    failed: 0,
    deadLetters: 0,
    retries: 0,
    endToEndP50Seconds: null,
    endToEndP99Seconds: null,
    endToEndBuckets: [],
    deadLettersByCode: {},
    ...c,
  };
}

function stats(
  over: Partial<Record<StageStats['name'], Partial<StageStats>>>,
  lag = 0,
  committed = 0,
): PipelineStats {
  return {
    generatedAt: new Date().toISOString(),
    articlesIndexed: 0,
    opensearch: { ok: true, status: 'green' },
    stages: STAGE_NAMES.map((n) => stage(n, over[n] ?? {})),
    consumerLag: STAGE_NAMES.map((n) => ({
      stage: n,
      group: `g-${n}`,
      topic: `t-${n}`,
      total: lag,
      partitions: [{ partition: 0, committed, end: committed + lag, lag }],
    })),
    queues: [],
  };
}

const source = { stats: () => Promise.reject(new Error('unused')), servers: () => Promise.resolve([]) };

describe('counterDelta', () => {
  it('treats a smaller value as a restarted process counting from zero', () => {
    expect(counterDelta(15, 10)).toBe(5);
    expect(counterDelta(3, 10)).toBe(3);
    expect(counterDelta(3, undefined)).toBeNull();
    expect(counterDelta(null, 3)).toBeNull();
  });
});

describe('PipelineHistory', () => {
  it('turns counters into rates and keeps totals across a stage restart', () => {
    const h = new PipelineHistory(source, { intervalMs: 5000, keepMs: 60_000 });
    h.record(stats({ index: { messagesIn: 100, messagesOut: 100 } }), 0);
    const p1 = h.record(stats({ index: { messagesIn: 150, messagesOut: 140 } }), 5000);
    expect(p1.stages.index.inPerSec).toBe(10);
    expect(p1.articlesPerSec).toBe(8);
    // index restarted: its counters start again from 0
    const p2 = h.record(stats({ index: { messagesIn: 20, messagesOut: 10 } }), 10_000);
    expect(p2.stages.index.outPerSec).toBe(2);
    expect(h.totals.index.out).toBe(50);
    expect(h.series(5000).map((p) => p.t)).toEqual([10_000]);
  });

  it('shows a stage that stopped answering as down with no rates, and keeps only the configured window', () => {
    const h = new PipelineHistory(source, { intervalMs: 5000, keepMs: 10_000 });
    h.record(stats({}), 0);
    const p = h.record(
      stats({ clean: { status: 'down', up: false, messagesIn: null, messagesOut: null } }),
      5000,
    );
    expect(p.stages.clean).toMatchObject({ status: 'down', inPerSec: null, outPerSec: null });
    h.record(stats({}), 20_000);
    expect(h.series().map((x) => x.t)).toEqual([20_000]);
  });

  it('measures the share of dumps that yielded no article from dead-letter codes over dumps consumed', () => {
    const h = new PipelineHistory(source, { intervalMs: 5000, keepMs: 600_000 });
    h.record(stats({ fetch: { messagesIn: 0 } }), 0);
    h.record(
      stats({
        fetch: { messagesIn: 40, deadLettersByCode: { empty: 2 } },
        clean: { deadLettersByCode: { no_content: 8, too_large: 5 } },
      }),
      5000,
    );
    // the first sample of a code counts from zero only once a previous scrape exists
    const s = h.emptyDumpShare(600_000);
    expect(s).toEqual({ share: 10 / 40, dumps: 40, empty: 10 });
  });

  it('records when committed offsets last advanced, and the recent p99 from histogram bucket deltas', () => {
    const h = new PipelineHistory(source, { intervalMs: 5000, keepMs: 60_000 });
    const b = (a: number, b2: number, inf: number) => [
      { le: 1, count: a },
      { le: 10, count: b2 },
      { le: Infinity, count: inf },
    ];
    h.record(stats({ index: { endToEndBuckets: b(100, 100, 100) } }, 5, 10), 0);
    const p = h.record(stats({ index: { endToEndBuckets: b(100, 200, 200) } }, 5, 10), 5000);
    // the 100 new observations all fell between 1 s and 10 s: p99 is near 10 s, not the cumulative ~9.9
    expect(p.e2eP99Seconds).toBeCloseTo(9.91);
    expect(h.lastProgressAt('index')).toBe(0);
    h.record(stats({}, 0, 15), 10_000);
    expect(h.lastProgressAt('index')).toBe(10_000);
  });
});
