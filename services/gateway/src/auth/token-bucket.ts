import type { RateLimit } from './api-keys.js';

export interface TakeResult {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until a token is available again (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

/** A client's answer from the state of its bucket after the take (`tokens` left, fractional). */
export function takeResult(allowed: boolean, tokens: number, limit: RateLimit): TakeResult {
  return {
    allowed,
    limit: limit.burst,
    remaining: Math.max(0, Math.floor(tokens)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / limit.rate)),
    resetSeconds: Math.max(0, Math.ceil((limit.burst - tokens) / limit.rate)),
  };
}

/** Takes a token from a client's bucket: in this process ({@link TokenBuckets}) or shared (SharedTokenBuckets). */
export interface RateLimiter {
  take(client: string, limit: RateLimit): TakeResult | Promise<TakeResult>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per client (an API key's name, or an anonymous client's address): each holds up to `burst`
 * tokens and refills at `rate` per second; a request takes one. In memory: with several gateway instances each
 * enforces the limit on its own share of the traffic, so the gateway uses it only as the fallback of
 * SharedTokenBuckets (Redis) while Redis is unreachable. Idle buckets (full again) are dropped so the map stays small.
 */
export class TokenBuckets implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxClients = 100_000,
  ) {}

  take(client: string, limit: RateLimit): TakeResult {
    const t = this.now();
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.sweep(t, limit);
      b = { tokens: limit.burst, at: t };
      this.buckets.set(client, b);
    } else {
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.rate);
      b.at = t;
    }
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    return takeResult(allowed, b.tokens, limit);
  }

  private sweep(t: number, limit: RateLimit): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * limit.rate >= limit.burst) this.buckets.delete(k);
    // Still full of active clients: forget the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxClients) {
      let n = Math.floor(this.maxClients / 2);
      for (const k of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}
