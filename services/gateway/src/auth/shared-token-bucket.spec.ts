import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RedisScript } from '../adapters/redis.adapter.js';
import { rateLimitIndicator, SharedTokenBuckets, TOKEN_BUCKET_SCRIPT } from './shared-token-bucket.js';

const limit = { rate: 2, burst: 4 };

/** Redis as the limiter sees it: answers each script run with the next reply, or fails while `down`. */
function fakeRedis(replies: unknown[]) {
  const calls: Array<{ script: RedisScript; keys: string[]; args: Array<string | number> }> = [];
  const redis = {
    down: false,
    calls,
    run(script: RedisScript, keys: string[], args: Array<string | number>) {
      calls.push({ script, keys, args });
      if (redis.down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      return Promise.resolve(replies.shift());
    },
  };
  return redis;
}

describe('SharedTokenBuckets', () => {
  it("answers from the Redis bucket under the deployment's key prefix: remaining, reset and Retry-After", async () => {
    const redis = fakeRedis([
      [1, '2.5'],
      [0, '0.4'],
    ]);
    const buckets = new SharedTokenBuckets(redis, { keyPrefix: 'test-x.newsflow:ratelimit' });
    expect(await buckets.take('key:ops', limit)).toEqual({
      allowed: true,
      limit: 4,
      remaining: 2,
      retryAfterSeconds: 0,
      resetSeconds: 1,
    });
    expect(redis.calls[0]).toEqual({
      script: TOKEN_BUCKET_SCRIPT,
      keys: ['test-x.newsflow:ratelimit:key:ops'],
      args: [2, 4],
    });
    expect(await buckets.take('key:ops', limit)).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 1,
    });
    expect(buckets.status.mode).toBe('shared');
  });

  it('decides in the process while Redis is unreachable, says so, and shares again once Redis answers', async () => {
    let now = 0;
    const redis = fakeRedis([[1, '3']]);
    redis.down = true;
    const registry = new Registry();
    const buckets = new SharedTokenBuckets(redis, {
      keyPrefix: 'p.newsflow:ratelimit',
      retryMs: 1000,
      now: () => now,
      registry,
    });
    // The in-process bucket keeps the burst and the rate.
    for (let i = 0; i < 4; i++) expect((await buckets.take('key:ops', limit)).allowed).toBe(true);
    expect(await buckets.take('key:ops', limit)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    // Redis was asked once: until retryMs has passed, the process decides without waiting on it.
    expect(redis.calls).toHaveLength(1);
    expect(buckets.status).toMatchObject({
      mode: 'per-process',
      reason: expect.stringMatching(/ECONNREFUSED/) as unknown,
    });
    const health = await rateLimitIndicator(buckets).check();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(
      /^per gateway process since .* \(Redis: connect ECONNREFUSED .*\): with N gateways/,
    );
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/^newsflow_gateway_rate_limit_shared 0$/m);
    expect(metrics).toMatch(/^newsflow_gateway_rate_limit_per_process_decisions_total 5$/m);

    redis.down = false;
    now = 1001;
    expect(await buckets.take('key:ops', limit)).toMatchObject({ allowed: true, remaining: 3 });
    expect(buckets.status.mode).toBe('shared');
    expect(await rateLimitIndicator(buckets).check()).toEqual({ ok: true, detail: 'shared through Redis' });
    expect(await registry.metrics()).toMatch(/^newsflow_gateway_rate_limit_shared 1$/m);
  });
});
