import { inject } from 'vitest';
import { redisConnectionOptions, type RedisConnectionOptions } from '@newsflow/messaging';
import type { StackEndpoints } from './stack/stack-provider.js';

/** The real servers the tests talk to (set up by the global setup, which refuses to run without them). */
export function stackEndpoints(): StackEndpoints {
  return inject('stack');
}

/** The Redis endpoint's connection options, in the shape ioredis and BullMQ take (the services' own parser). */
export function redisConnection(): RedisConnectionOptions {
  return redisConnectionOptions(stackEndpoints().redisUrl);
}
