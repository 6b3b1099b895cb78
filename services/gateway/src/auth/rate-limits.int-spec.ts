import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  gatewayTestConfig,
  startGateway,
  type RunningGateway,
} from '../../../../test/support/gateway-app.js';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { testName } from '../../../../test/support/test-names.js';
import { RedisAdapter } from '../adapters/redis.adapter.js';
import { hashApiKey } from './api-keys.js';
import { SharedTokenBuckets } from './shared-token-bucket.js';

const SECRET = 'test-rate-limits-shared-key-01';
const BURST = 10;
// One token per 100 s: no refill worth counting while the test runs, however loaded the machine is.
const RATE = 0.01;

describe('rate limits shared by gateway instances through Redis (real Redis)', () => {
  const prefix = testName('rate-limits');
  const gateways: RunningGateway[] = [];
  let redis: Redis;

  beforeAll(async () => {
    const config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEYS: `shared:${hashApiKey(SECRET)}:read:${RATE}:${BURST}`,
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
    });
    gateways.push(await startGateway(config), await startGateway(config));
    redis = new Redis(stackEndpoints().redisUrl);
  }, 120_000);

  afterAll(async () => {
    for (const gw of gateways) await gw.app.close();
    redis?.disconnect();
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
  }, 60_000);

  it('gives one key its limit across two gateways, not twice it, with the limit headers and 429 problems', async () => {
    const answers: Array<{
      gw: number;
      status: number;
      remaining: string | null;
      retryAfter: string | null;
      type: string | null;
      body: unknown;
    }> = [];
    for (let i = 0; i < 2 * BURST + 4; i++) {
      const gw = i % 2;
      // Any route under /v1 needs the read scope: the limit is taken before routing (this one answers 404).
      const res = await fetch(`${gateways[gw]?.base ?? ''}/v1/rate-limit-probe`, {
        headers: { 'x-api-key': SECRET },
      });
      answers.push({
        gw,
        status: res.status,
        remaining: res.headers.get('ratelimit-remaining'),
        retryAfter: res.headers.get('retry-after'),
        type: res.headers.get('content-type'),
        body: await res.json(),
      });
    }
    const allowed = answers.filter((a) => a.status !== 429);
    expect(allowed).toHaveLength(BURST);
    // Both gateways served part of the one burst, counting down one bucket.
    expect(new Set(allowed.map((a) => a.gw))).toEqual(new Set([0, 1]));
    expect(allowed.map((a) => a.remaining)).toEqual(
      Array.from({ length: BURST }, (_, i) => String(BURST - 1 - i)),
    );
    const refused = answers.slice(BURST);
    expect(refused.every((a) => a.status === 429)).toBe(true);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.remaining).toBe('0');
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 429 });
    }
    // One Redis key for the key, under the deployment's prefix, expiring once the bucket would be full again.
    const key = `${prefix}.newsflow:ratelimit:key:shared`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((BURST / RATE) * 1000 + 1000);
  });

  it('decides in the process at once when Redis is unreachable, and says so', async () => {
    const unreachable = new RedisAdapter('redis://127.0.0.1:1');
    const limiter = new SharedTokenBuckets(unreachable, { keyPrefix: `${prefix}.newsflow:ratelimit` });
    try {
      const started = Date.now();
      const limit = { rate: RATE, burst: 2 };
      expect((await limiter.take('key:x', limit)).allowed).toBe(true);
      expect((await limiter.take('key:x', limit)).allowed).toBe(true);
      expect(await limiter.take('key:x', limit)).toMatchObject({ allowed: false, remaining: 0 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(limiter.status).toMatchObject({ mode: 'per-process' });
    } finally {
      await unreachable.close();
    }
  });
});
