import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with Retry-After until tokens refill at the rate', () => {
    let now = 0;
    const b = new TokenBuckets(() => now);
    const limit = { rate: 50, burst: 100 };
    for (let i = 0; i < 100; i++) expect(b.take('k', limit).allowed).toBe(true);
    const refused = b.take('k', limit);
    expect(refused).toMatchObject({ allowed: false, limit: 100, remaining: 0, retryAfterSeconds: 1 });
    now += 100; // 0.1 s = 5 tokens
    for (let i = 0; i < 5; i++) expect(b.take('k', limit).allowed).toBe(true);
    expect(b.take('k', limit).allowed).toBe(false);
    now += 10_000;
    expect(b.take('k', limit)).toMatchObject({ allowed: true, remaining: 99 });
  });

  it('keeps one bucket per client', () => {
    const b = new TokenBuckets(() => 0);
    const limit = { rate: 1, burst: 1 };
    expect(b.take('a', limit).allowed).toBe(true);
    expect(b.take('a', limit).allowed).toBe(false);
    expect(b.take('b', limit).allowed).toBe(true);
  });

  it('says how long to wait at a slow rate', () => {
    const b = new TokenBuckets(() => 0);
    const limit = { rate: 0.1, burst: 1 };
    b.take('a', limit);
    expect(b.take('a', limit).retryAfterSeconds).toBe(10);
  });

  it('forgets idle clients instead of growing without bound', () => {
    let now = 0;
    const b = new TokenBuckets(() => now, 10);
    const limit = { rate: 1000, burst: 1 };
    for (let i = 0; i < 50; i++) {
      now += 1;
      expect(b.take(`c${i}`, limit).allowed).toBe(true);
    }
    expect((b as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(10);
  });
});
