import type { HealthIndicator } from '@newsflow/observability';
import { Counter, Gauge, type Registry } from 'prom-client';
import { redisScript, type RedisAdapter } from '../adapters/redis.adapter.js';
import type { RateLimit } from './api-keys.js';
import { takeResult, TokenBuckets, type RateLimiter, type TakeResult } from './token-bucket.js';

/**
 * One token bucket in a Redis hash (`tokens`, `at` in ms of Redis's own clock, so the gateways' clocks never
 * matter): refill since `at`, take one token if there is one, store, and expire the key once the bucket would be
 * full again (an expired key reads as a full bucket). Atomic: one script, one key.
 * ARGV: rate (tokens/s), burst. Returns {allowed 0|1, tokens left as a string (Lua numbers become integers)}.
 */
export const TOKEN_BUCKET_SCRIPT = redisScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
elseif now > at then
  tokens = tokens + (now - at) / 1000 * rate
end
if tokens > burst then tokens = burst end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return { allowed, tostring(tokens) }
`);

/** Where the limits are enforced: `shared` through Redis, `per-process` while Redis is unreachable. */
export type RateLimitMode = 'unused' | 'shared' | 'per-process';

export interface RateLimitState {
  mode: RateLimitMode;
  /** Since when (ISO time) the mode holds. */
  since?: string;
  /** Why limits are per process (the Redis error). */
  reason?: string;
}

interface Warner {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface SharedTokenBucketsOptions {
  /** Prefix of the bucket keys: one per deployment (`<NEWSFLOW_PREFIX>.newsflow:ratelimit`). */
  keyPrefix: string;
  /** The in-process buckets used while Redis is unreachable. */
  fallback?: TokenBuckets;
  /** After a Redis failure, decide in the process for this long before asking Redis again (default 1 s). */
  retryMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
  logger?: Warner;
  /** Registry of the gateway's metrics (see rate-limit metrics below). */
  registry?: Registry;
}

/**
 * Token buckets shared by every gateway instance of a deployment: each key's (or anonymous address's) bucket is a
 * Redis hash updated by one atomic script, so N gateways together allow a key its configured limit, not N times
 * it. When Redis does not answer (down, or slower than the adapter's command timeout), the request is decided by
 * the in-process {@link TokenBuckets} instead (serving on, each gateway enforcing the limit on its own share), which
 * the `rate-limits` health check, the `newsflow_gateway_rate_limit_shared` gauge and a warning in the log say.
 */
export class SharedTokenBuckets implements RateLimiter {
  private readonly fallback: TokenBuckets;
  private readonly now: () => number;
  private retryAt = 0;
  private state: RateLimitState = { mode: 'unused' };
  private readonly shared: Gauge | undefined;
  private readonly perProcess: Counter | undefined;

  constructor(
    private readonly redis: Pick<RedisAdapter, 'run'>,
    private readonly opts: SharedTokenBucketsOptions,
  ) {
    this.fallback = opts.fallback ?? new TokenBuckets(opts.now);
    this.now = opts.now ?? (() => performance.now());
    if (opts.registry) {
      this.shared = new Gauge({
        name: 'newsflow_gateway_rate_limit_shared',
        help: '1 while rate limits are shared through Redis; 0 while Redis is unreachable and each gateway process enforces them alone',
        registers: [opts.registry],
      });
      this.perProcess = new Counter({
        name: 'newsflow_gateway_rate_limit_per_process_decisions_total',
        help: 'Requests whose rate limit was decided in this process because Redis did not answer',
        registers: [opts.registry],
      });
    }
  }

  /** The Redis key of a client's bucket. */
  keyOf(client: string): string {
    return `${this.opts.keyPrefix}:${client}`;
  }

  get status(): RateLimitState {
    return this.state;
  }

  async take(client: string, limit: RateLimit): Promise<TakeResult> {
    if (this.now() >= this.retryAt) {
      try {
        const reply = await this.redis.run(
          TOKEN_BUCKET_SCRIPT,
          [this.keyOf(client)],
          [limit.rate, limit.burst],
        );
        const [allowed, tokens] = reply as [number, string];
        this.enter({ mode: 'shared' });
        return takeResult(allowed === 1, Number(tokens), limit);
      } catch (err) {
        this.retryAt = this.now() + (this.opts.retryMs ?? 1000);
        this.enter({ mode: 'per-process', reason: err instanceof Error ? err.message : String(err) });
      }
    }
    this.perProcess?.inc();
    return this.fallback.take(client, limit);
  }

  private enter(next: { mode: 'shared' | 'per-process'; reason?: string }): void {
    if (this.state.mode === next.mode) return;
    const was = this.state.mode;
    this.state = { ...next, since: new Date().toISOString() };
    this.shared?.set(next.mode === 'shared' ? 1 : 0);
    if (next.mode === 'per-process')
      this.opts.logger?.warn(
        { err: next.reason },
        'Redis did not answer the rate limiter: rate limits are per gateway process until it does',
      );
    else if (was === 'per-process') this.opts.logger?.info({}, 'rate limits are shared through Redis again');
  }
}

/** `rate-limits` in /health and /ready: not ok while limits are per process (each gateway allows a key its limit). */
export function rateLimitIndicator(limiter: Pick<SharedTokenBuckets, 'status'>): HealthIndicator {
  return {
    name: 'rate-limits',
    check() {
      const s = limiter.status;
      if (s.mode === 'per-process')
        return Promise.resolve({
          ok: false,
          detail:
            `per gateway process since ${s.since ?? '?'} (Redis: ${s.reason ?? 'no answer'}): ` +
            'with N gateways a key gets up to N times its limit',
        });
      return Promise.resolve({
        ok: true,
        detail:
          s.mode === 'shared' ? 'shared through Redis' : 'shared through Redis (no request limited yet)',
      });
    },
  };
}
