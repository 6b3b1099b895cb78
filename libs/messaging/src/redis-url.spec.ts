import { describe, expect, it } from 'vitest';
import { redisConnectionOptions } from './redis-url.js';

describe('redisConnectionOptions', () => {
  it('reads host and the default port', () => {
    expect(redisConnectionOptions('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('reads port, database, decoded credentials and TLS', () => {
    expect(redisConnectionOptions('rediss://app:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      db: 2,
      username: 'app',
      password: 'p@ss',
      tls: {},
    });
    expect(redisConnectionOptions('redis://[::1]:7000')).toEqual({ host: '::1', port: 7000 });
  });

  it('refuses another scheme and a database that is not a number', () => {
    expect(() => redisConnectionOptions('http://127.0.0.1:6379')).toThrow(/redis:\/\//);
    expect(() => redisConnectionOptions('redis://127.0.0.1:6379/x')).toThrow(/database/);
  });
});
