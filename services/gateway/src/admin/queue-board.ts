import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import { redisConnectionOptions } from '@newsflow/messaging';
import { ADMIN_UI_PATH } from '../auth/auth.middleware.js';

export const QUEUE_BOARD_PATH = `${ADMIN_UI_PATH}/queues`;

/**
 * Mounts @bull-board under /admin/queues: the fetch stage's URL queue with its jobs by state (failed ones with
 * their error), retry and clean actions. The gateway's auth middleware lets only keys with the `admin` scope in
 * (`x-api-key`, or the password of HTTP Basic auth for a browser). Returns a closer for the queue handles.
 */
export function mountQueueBoard(
  app: Express,
  opts: { redisUrl: string; queues: readonly string[] },
): () => Promise<void> {
  const queues = opts.queues.map((name) => {
    const q = new Queue(name, {
      // No offline queue: while Redis is down the board answers with an error at once instead of hanging.
      connection: { ...redisConnectionOptions(opts.redisUrl), enableOfflineQueue: false },
      prefix: 'bull',
    });
    q.on('error', () => undefined);
    return q;
  });
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 next to our 9.10.2: same shape, two
    // declarations of a private field, so the types differ while the objects are compatible.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  app.use(QUEUE_BOARD_PATH, serverAdapter.getRouter() as never);
  return async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
  };
}
