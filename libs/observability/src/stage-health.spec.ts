import { describe, expect, it } from 'vitest';
import {
  evaluateStageHealth,
  isLive,
  isReady,
  stageHealthReport,
  type ConsumerSnapshot,
  type StageHealthThresholds,
} from './stage-health.js';

const T: StageHealthThresholds = {
  stallMs: 15_000,
  downMs: 45_000,
  startGraceMs: 60_000,
  busyBoundMs: 90_000,
};
const NOW = 1_000_000_000;

function snap(over: Partial<ConsumerSnapshot> = {}): ConsumerSnapshot {
  return {
    group: 'newsflow-classify',
    topic: 'news.articles.clean.v1',
    state: 'running',
    shuttingDown: false,
    startedAt: NOW - 120_000,
    assigned: [0, 1, 2],
    joined: true,
    lag: 0,
    lastProgressAt: NOW - 1_000,
    lastCommitAt: NOW - 1_000,
    restarts: 0,
    failingSince: 0,
    ...over,
  };
}

describe('evaluateStageHealth', () => {
  it('says up for a joined consumer that is keeping up', () => {
    expect(evaluateStageHealth(snap(), NOW, T)).toEqual({ status: 'up' });
  });

  it('says up for an idle consumer with no lag, however long ago its last progress was', () => {
    expect(evaluateStageHealth(snap({ lastProgressAt: NOW - 3_600_000 }), NOW, T).status).toBe('up');
  });

  it('says stalled once lag stays above zero with no progress for the stall window, with the lag in the reason', () => {
    const v = evaluateStageHealth(snap({ lag: 42, lastProgressAt: NOW - 16_000 }), NOW, T);
    expect(v.status).toBe('stalled');
    expect(v.reason).toMatch(/no progress for 16 s with lag 42/);
  });

  it('is not stalled just before the window ends', () => {
    expect(evaluateStageHealth(snap({ lag: 42, lastProgressAt: NOW - 14_000 }), NOW, T).status).toBe('up');
  });

  it('says down once a stall lasts past the bound', () => {
    const v = evaluateStageHealth(snap({ lag: 5, lastProgressAt: NOW - 61_000 }), NOW, T);
    expect(v.status).toBe('down');
  });

  it('says blocked, not stalled, while a handler call is still running within its bound (a slow dependency)', () => {
    const v = evaluateStageHealth(
      snap({ lag: 400, lastProgressAt: NOW - 40_000, busySince: NOW - 40_000 }),
      NOW,
      T,
    );
    expect(v.status).toBe('blocked');
    expect(v.reason).toBe(
      'no progress for 40 s with lag 400: a handler call has been running for 40 s (a slow dependency or a starved machine)',
    );
  });

  it('judges a handler call past its bound stalled at once, then down a down-window later', () => {
    const wedged = (busyFor: number) =>
      evaluateStageHealth(snap({ lag: 5, lastProgressAt: NOW - busyFor, busySince: NOW - busyFor }), NOW, T)
        .status;
    expect(wedged(89_000)).toBe('blocked');
    expect(wedged(90_000)).toBe('stalled');
    expect(wedged(90_000 + T.downMs - 1)).toBe('stalled');
    expect(wedged(90_000 + T.downMs)).toBe('down');
  });

  it('keeps the stall rule when no handler call is running', () => {
    const v = evaluateStageHealth(snap({ lag: 9, lastProgressAt: NOW - 20_000, busySince: 0 }), NOW, T);
    expect(v).toEqual({ status: 'stalled', reason: 'no progress for 20 s with lag 9' });
  });

  it('says down for a consumer that stopped while the service is not shutting down, with its last error', () => {
    const v = evaluateStageHealth(
      snap({ state: 'stopped', lastError: 'KafkaJSNonRetriableError: boom' }),
      NOW,
      T,
    );
    expect(v).toEqual({ status: 'down', reason: 'consumer stopped: KafkaJSNonRetriableError: boom' });
  });

  it('says blocked (not down) while a dependency is unavailable, even when the consumer has been failing', () => {
    const v = evaluateStageHealth(
      snap({
        blockedReason: 'OpenSearch unavailable',
        lag: 100,
        lastProgressAt: NOW - 120_000,
        failingSince: NOW - 100_000,
      }),
      NOW,
      T,
    );
    expect(v).toEqual({ status: 'blocked', reason: 'OpenSearch unavailable' });
  });

  it('says down when the consumer has been failing to restart for longer than the bound', () => {
    const v = evaluateStageHealth(
      snap({ state: 'restarting', joined: false, failingSince: NOW - 50_000, lastError: 'x' }),
      NOW,
      T,
    );
    expect(v.status).toBe('down');
    expect(v.reason).toMatch(/failing to restart for 50 s: x/);
  });

  it('says stalled while the consumer restarts within the bound', () => {
    const v = evaluateStageHealth(
      snap({ state: 'restarting', joined: false, failingSince: NOW - 5_000 }),
      NOW,
      T,
    );
    expect(v.status).toBe('stalled');
  });

  it('gives a starting consumer its grace, then calls it stalled and finally down', () => {
    const s = (age: number) => snap({ state: 'starting', joined: false, startedAt: NOW - age, lag: null });
    expect(evaluateStageHealth(s(10_000), NOW, T).status).toBe('starting');
    expect(evaluateStageHealth(s(70_000), NOW, T).status).toBe('stalled');
    expect(evaluateStageHealth(s(110_000), NOW, T).status).toBe('down');
  });
});

describe('stage health report', () => {
  it('carries the verdict, the consumer state with ISO times and the checks', () => {
    const r = stageHealthReport(
      'classify',
      snap({ lag: 3 }),
      { status: 'up' },
      { producer: { ok: true, ms: 1 } },
    );
    expect(r.status).toBe('up');
    expect(r.consumer.lag).toBe(3);
    expect(r.consumer.lastCommitAt).toBe(new Date(NOW - 1_000).toISOString());
    expect(r.checks.producer?.ok).toBe(true);
    expect(r).not.toHaveProperty('reason');
  });

  it('is live unless down, and ready only when up', () => {
    expect([isLive('stalled'), isLive('blocked'), isLive('down')]).toEqual([true, true, false]);
    expect([isReady('up'), isReady('starting'), isReady('blocked')]).toEqual([true, false, false]);
  });
});
