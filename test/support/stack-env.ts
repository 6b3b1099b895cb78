import { inject } from 'vitest';
import type { StackEndpoints } from './stack/stack-provider.js';

/** The real servers the tests talk to (set up by the global setup, which refuses to run without them). */
export function stackEndpoints(): StackEndpoints {
  return inject('stack');
}

/** host/port of the Redis endpoint, in the shape ioredis and BullMQ take. */
export function redisConnection(): { host: string; port: number } {
  const url = new URL(stackEndpoints().redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379) };
}
