import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import { adminKeyMiddleware } from './admin-key.middleware.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

function connectionOf(redisUrl: string) {
  const u = new URL(redisUrl);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(db ? { db } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // No offline queue: while Redis is down the board answers with an error at once instead of hanging.
    enableOfflineQueue: false,
  };
}

/**
 * Mounts @bull-board under /admin/queues behind the admin key: the fetch stage's URL queue with its jobs by state
 * (failed ones with their error), retry and clean actions. Returns a closer for the queue handles.
 */
export function mountQueueBoard(
  app: Express,
  opts: { redisUrl: string; queues: readonly string[]; adminKey: string },
): () => Promise<void> {
  const queues = opts.queues.map((name) => {
    const q = new Queue(name, { connection: connectionOf(opts.redisUrl), prefix: 'bull' });
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
  app.use(QUEUE_BOARD_PATH, adminKeyMiddleware(opts.adminKey), serverAdapter.getRouter() as never);
  return async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
  };
}
