import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler } from './refresh-scheduler.js';

describe('RefreshScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(gapMs = 250) {
    const calls: number[] = [];
    const pending: Array<() => void> = [];
    const errors: unknown[] = [];
    const s = new RefreshScheduler(
      gapMs,
      () => {
        calls.push(Date.now());
        return new Promise<void>((resolve) => pending.push(resolve));
      },
      (err) => errors.push(err),
    );
    /** Ends the refresh in flight and lets its continuation run. */
    const finish = async () => {
      pending.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    };
    return { s, calls, finish, errors };
  }

  it('refreshes at once after a write when none ran within the gap', async () => {
    const { s, calls, finish } = setup();
    expect(calls).toHaveLength(0);
    s.written();
    expect(calls).toHaveLength(1);
    await finish();
    await vi.advanceTimersByTimeAsync(1_000);
    s.written();
    expect(calls).toHaveLength(2);
  });

  it('folds the writes within the gap into one refresh at the end of the gap', async () => {
    const { s, calls, finish } = setup(250);
    const t0 = Date.now();
    s.written();
    await finish();
    await vi.advanceTimersByTimeAsync(50);
    s.written();
    s.written();
    await vi.advanceTimersByTimeAsync(100);
    s.written();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(2);
    expect(calls[1]! - t0).toBe(250);
    await finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
  });

  it('refreshes again after a refresh in flight when a write arrived meanwhile', async () => {
    const { s, calls, finish } = setup(10);
    s.written();
    await vi.advanceTimersByTimeAsync(100);
    s.written(); // this write may not be in the refresh that started before it
    expect(calls).toHaveLength(1);
    await finish();
    expect(calls).toHaveLength(2);
    await finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
  });

  it('reports a failed refresh and goes on', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const s = new RefreshScheduler(
      1,
      () => (n++ === 0 ? Promise.reject(new Error('503')) : Promise.resolve()),
      (err) => errors.push(err),
    );
    s.written();
    await vi.advanceTimersByTimeAsync(10);
    s.written();
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(1);
    expect(s.requested).toBe(2);
  });

  it('does nothing once closed, not even a refresh that was due', async () => {
    const { s, calls, finish } = setup(250);
    s.written();
    await finish();
    s.written();
    s.close();
    await vi.advanceTimersByTimeAsync(1_000);
    s.written();
    expect(calls).toHaveLength(1);
  });
});
