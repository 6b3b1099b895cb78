import type { Redis } from 'ioredis';

/**
 * Counting semaphore per host, shared by every fetch worker through Redis (BullMQ's group concurrency is a
 * Pro feature). Each holder is a member of a sorted set scored by its lease expiry, so a worker that dies
 * holding a permit loses it after `leaseMs` instead of blocking the host forever. Time comes from the Redis
 * server so worker clocks do not matter.
 */
export class RedisHostSemaphore {
  private static readonly ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0`;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limit: number,
    private readonly leaseMs: number,
  ) {}

  private key(host: string): string {
    return `${this.keyPrefix}:host:${host}`;
  }

  /** Takes a permit for `host` under `holder` (idempotent for the same holder); false when the host is full. */
  async tryAcquire(host: string, holder: string): Promise<boolean> {
    const r = await this.redis.eval(
      RedisHostSemaphore.ACQUIRE,
      1,
      this.key(host),
      this.limit,
      this.leaseMs,
      holder,
    );
    return r === 1;
  }

  async release(host: string, holder: string): Promise<void> {
    await this.redis.zrem(this.key(host), holder);
  }

  /** Permits currently held for `host` (expired leases included until the next acquire prunes them). */
  async held(host: string): Promise<number> {
    return this.redis.zcard(this.key(host));
  }
}
