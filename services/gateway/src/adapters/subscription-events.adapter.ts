import { Redis } from 'ioredis';

/** One match as kept in a subscription's stream: the Redis stream id is the SSE event id. */
export interface SubscriptionEvent {
  id: string;
  data: string;
}

/** Longest backlog kept per subscription for resuming (approximate trim). */
export const STREAM_MAX_LENGTH = 10_000;

/**
 * A Redis stream per saved search holding its matches: appended by percolation (any gateway instance), read by
 * each SSE client from its Last-Event-ID, so a client that reconnects (to any instance) resumes without loss.
 */
export class SubscriptionEventsAdapter {
  private readonly writer: Redis;
  private readonly readers = new Set<Redis>();

  constructor(
    private readonly url: string,
    private readonly keyPrefix: string,
  ) {
    this.writer = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.writer.on('error', () => undefined);
  }

  key(subscriptionId: string): string {
    return `${this.keyPrefix}:${subscriptionId}`;
  }

  /** Appends matches (one pipeline round trip for a batch). */
  async append(events: Array<{ subscriptionId: string; data: string }>): Promise<void> {
    if (!events.length) return;
    const p = this.writer.pipeline();
    for (const e of events)
      p.xadd(this.key(e.subscriptionId), 'MAXLEN', '~', String(STREAM_MAX_LENGTH), '*', 'data', e.data);
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async remove(subscriptionId: string): Promise<void> {
    await this.writer.del(this.key(subscriptionId));
  }

  /** Id of the newest entry, or `0-0` for an empty stream: "from now on" for a client without Last-Event-ID. */
  async lastId(subscriptionId: string): Promise<string> {
    const r = (await this.writer.xrevrange(this.key(subscriptionId), '+', '-', 'COUNT', 1)) as Array<
      [string, string[]]
    >;
    return r[0]?.[0] ?? '0-0';
  }

  /**
   * A blocking reader for one SSE client (blocking reads need their own connection). `next` waits up to
   * `blockMs` for entries after `afterId`; an empty array means nothing arrived in that time.
   */
  reader(subscriptionId: string): {
    next(afterId: string, blockMs: number): Promise<SubscriptionEvent[]>;
    close(): void;
  } {
    const conn = new Redis(this.url, { maxRetriesPerRequest: 2 });
    conn.on('error', () => undefined);
    this.readers.add(conn);
    const key = this.key(subscriptionId);
    return {
      next: async (afterId, blockMs) => {
        const r = await conn.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', key, afterId);
        const entries = r?.[0]?.[1] ?? [];
        return entries.map(([id, fields]) => ({ id, data: fields[1] ?? '' }));
      },
      close: () => {
        this.readers.delete(conn);
        conn.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.disconnect();
    this.readers.clear();
    if (this.writer.status === 'wait' || this.writer.status === 'end') return;
    await this.writer.quit().catch(() => this.writer.disconnect());
  }
}
