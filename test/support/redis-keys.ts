import { Redis } from 'ioredis';

/**
 * Every Redis key whose name contains `fragment` (a test resource name such as `test-<runid>-e2e-1a2b3c`, unique to
 * one test). Covers what services and libraries derive from it: dedup keys (`<prefix>.newsflow:clean:...`), BullMQ
 * queues (`bull:<prefix>.newsflow-fetch-url:...`), host semaphores, subscription streams. SCAN, never KEYS: the
 * Redis is shared.
 */
export async function findRedisKeys(redisUrl: string, fragment: string): Promise<string[]> {
  if (fragment.length < 8)
    throw new Error(`refusing to match Redis keys on the short fragment "${fragment}"`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${fragment}*`, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}

/**
 * Removes the Redis keys a test created, by its unique test name (see {@link findRedisKeys}); for `afterAll`.
 * Never a FLUSHDB: the Redis on 6379 is shared with other runs and people. Returns how many keys were removed.
 */
export async function removeRedisKeys(redisUrl: string, fragment: string): Promise<number> {
  const keys = await findRedisKeys(redisUrl, fragment);
  if (keys.length === 0) return 0;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
  return keys.length;
}

/**
 * Keys left under a run's prefix, counted per test name (`test-<runid>-<what>-<hex>` -> `<what>`), for the
 * global teardown's leak check.
 */
export function leaksByTest(keys: readonly string[], runPrefix: string): Map<string, number> {
  const byTest = new Map<string, number>();
  const escaped = runPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = new RegExp(`${escaped}([a-z0-9-]+?)-[0-9a-f]{6}(?![0-9a-f])`);
  for (const key of keys) {
    const what = name.exec(key)?.[1] ?? '(unnamed)';
    byTest.set(what, (byTest.get(what) ?? 0) + 1);
  }
  return byTest;
}
