import { Queue } from 'bullmq';
import { redisConnectionOptions } from '@newsflow/messaging';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
export type QueueCounts = Record<(typeof QUEUE_STATES)[number], number>;

/**
 * Read-only job counts of BullMQ queues (the fetch stage's URL queue) for the dashboard. Queue handles are opened
 * on first use; nothing is written to Redis.
 */
export class BullQueueStatsAdapter {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    private readonly keyPrefix: string = 'bull',
  ) {}

  async counts(name: string): Promise<QueueCounts> {
    let q = this.queues.get(name);
    if (!q) {
      // No offline queue: while Redis is down a count fails at once instead of piling up behind a reconnect.
      q = new Queue(name, {
        connection: { ...redisConnectionOptions(this.redisUrl), enableOfflineQueue: false },
        prefix: this.keyPrefix,
      });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    const c = await q.getJobCounts(...QUEUE_STATES);
    return Object.fromEntries(QUEUE_STATES.map((s) => [s, c[s] ?? 0])) as QueueCounts;
  }

  async close(): Promise<void> {
    const qs = [...this.queues.values()];
    this.queues.clear();
    await Promise.allSettled(qs.map((q) => closeQueue(q)));
  }
}

/**
 * Closes a BullMQ queue handle once its connection has finished initialising (at most `readyWithinMs`). Closed while
 * BullMQ still reads the Redis version, its initialisation rejects with nothing to catch it (an unhandled rejection,
 * seen when a gateway stopped right after its first dashboard count).
 */
export async function closeQueue(
  q: Pick<Queue, 'waitUntilReady' | 'close'>,
  readyWithinMs = 2000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    q.waitUntilReady().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, readyWithinMs);
    }),
  ]);
  clearTimeout(timer);
  await q.close();
}
