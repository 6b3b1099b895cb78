import { Redis } from 'ioredis';

/** Redis as far as the gateway needs it: a liveness check (BullMQ queues of the fetch stage live there). */
export class RedisAdapter {
  private readonly client: Redis;

  constructor(url: string) {
    // No offline queue: while Redis is down a PING fails at once instead of waiting for a reconnect.
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // ioredis emits connection errors as events; the health check reports them, so they must not crash the process.
    this.client.on('error', () => undefined);
  }

  private connecting: Promise<void> | undefined;

  async ping(): Promise<string> {
    // Concurrent first callers share one connect (ioredis rejects a second connect() while connecting).
    if (this.client.status === 'wait') this.connecting ??= this.client.connect();
    if (this.connecting) {
      const attempt = this.connecting;
      try {
        await attempt;
      } finally {
        if (this.connecting === attempt) this.connecting = undefined;
      }
    }
    return this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
