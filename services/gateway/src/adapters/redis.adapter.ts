import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** A Lua script run with EVALSHA (sent once, then by its SHA-1; sent again if Redis lost it). */
export interface RedisScript {
  lua: string;
  sha1: string;
}

export function redisScript(lua: string): RedisScript {
  return { lua, sha1: createHash('sha1').update(lua).digest('hex') };
}

/**
 * Redis as far as the gateway needs it: a liveness check (BullMQ queues of the fetch stage live there) and atomic
 * scripts (the shared rate limits, see SharedTokenBuckets).
 */
export class RedisAdapter {
  private readonly client: Redis;

  constructor(url: string, opts: { commandTimeoutMs?: number } = {}) {
    // No offline queue: while Redis is down a command fails at once instead of waiting for a reconnect; a command
    // Redis does not answer within the timeout fails too (the rate limiter then decides in the process).
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // ioredis emits connection errors as events; the health check reports them, so they must not crash the process.
    this.client.on('error', () => undefined);
  }

  private connecting: Promise<void> | undefined;

  /** Connects on first use; concurrent first callers share one connect (ioredis rejects a second one meanwhile). */
  private async connected(): Promise<void> {
    if (this.client.status === 'wait') this.connecting ??= this.client.connect();
    if (this.connecting) {
      const attempt = this.connecting;
      try {
        await attempt;
      } finally {
        if (this.connecting === attempt) this.connecting = undefined;
      }
    }
  }

  async ping(): Promise<string> {
    await this.connected();
    return this.client.ping();
  }

  /** Runs `script` atomically on `keys` with `args` (EVALSHA, falling back to EVAL when Redis does not know it). */
  async run(script: RedisScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    await this.connected();
    try {
      return await this.client.evalsha(script.sha1, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.client.eval(script.lua, keys.length, ...keys, ...args);
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
