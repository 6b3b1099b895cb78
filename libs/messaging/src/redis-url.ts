/** Connection options of a Redis URL in the shape ioredis and BullMQ take (host, port, db, credentials, TLS). */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

/**
 * Parses `REDIS_URL` (`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS) once for every client
 * built from options rather than from the URL itself (BullMQ queues and workers). Throws on anything else.
 */
export function redisConnectionOptions(url: string): RedisConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new Error(`expected a redis:// or rediss:// URL, got ${u.protocol}//…`);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`the Redis database must be a number, got "${dbText}"`);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || 6379),
    ...(db ? { db } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
