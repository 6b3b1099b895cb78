import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import {
  ForbiddenProblem,
  TooManyRequestsProblem,
  UnauthorizedProblem,
} from '../problem/problem.exception.js';
import { ApiKeyRegistry, hashApiKey, type ApiKey } from './api-keys.js';
import { authMiddleware, presentedKey, routeScope } from './auth.middleware.js';
import { TokenBuckets } from './token-bucket.js';

const key = (name: string, secret: string, scopes: ApiKey['scopes']): ApiKey => ({
  name,
  sha256: Buffer.from(hashApiKey(secret), 'hex'),
  scopes,
  limit: { rate: 50, burst: 100 },
});

function run(path: string, method: string, headers: Record<string, string>) {
  const mw = authMiddleware(
    {
      registry: new ApiKeyRegistry([
        key('ops', 'ops-secret', ['read', 'admin']),
        key('reader', 'read-secret', ['read']),
      ]),
      buckets: new TokenBuckets(),
      anonymousRead: true,
      anonymousLimit: { rate: 50, burst: 100 },
    },
    routeScope,
  );
  const set: Record<string, string> = {};
  let passed: unknown = 'not called';
  const req = { path, method, headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as Request;
  const res = {
    setHeader: (k: string, v: string) => (set[k.toLowerCase()] = v),
    locals: {},
  } as unknown as Response;
  mw(req, res, ((err?: unknown) => (passed = err)) as NextFunction);
  return { passed, headers: set };
}

describe('routeScope', () => {
  it('needs admin for the admin API, dead-letter replay and the queue board; read for the rest of /v1', () => {
    expect(routeScope({ path: '/v1/admin/reindex', method: 'POST' })).toBe('admin');
    expect(routeScope({ path: '/v1/dead-letters/0/12/replay', method: 'POST' })).toBe('admin');
    expect(routeScope({ path: '/admin/queues', method: 'GET' })).toBe('admin');
    expect(routeScope({ path: '/v1/ingest', method: 'POST' })).toBe('ingest');
    expect(routeScope({ path: '/v1/search', method: 'GET' })).toBe('read');
    expect(routeScope({ path: '/v1/dead-letters', method: 'GET' })).toBe('read');
    expect(routeScope({ path: '/v1/admin/reindex', method: 'OPTIONS' })).toBeUndefined();
    expect(routeScope({ path: '/health', method: 'GET' })).toBeUndefined();
  });
});

describe('authMiddleware on admin routes', () => {
  it('lets an admin key in, refuses a read key with 403 naming the scope, and no key with 401', () => {
    expect(run('/v1/admin/reindex', 'POST', { 'x-api-key': 'ops-secret' }).passed).toBeUndefined();
    const reader = run('/v1/admin/reindex', 'POST', { 'x-api-key': 'read-secret' }).passed;
    expect(reader).toBeInstanceOf(ForbiddenProblem);
    expect((reader as Error).message).toMatch(/"reader" lacks the scope "admin"/);
    const none = run('/v1/admin/reindex', 'POST', {});
    expect(none.passed).toBeInstanceOf(UnauthorizedProblem);
    // API routes never ask a browser for a password; the queue board does.
    expect(none.headers['www-authenticate']).toBeUndefined();
    expect(run('/admin/queues', 'GET', {}).headers['www-authenticate']).toMatch(
      /^Basic realm="newsflow admin"/,
    );
  });

  it('reads the key from HTTP Basic auth (the password) for the queue board', () => {
    const basic = `Basic ${Buffer.from('anyone:ops-secret').toString('base64')}`;
    expect(presentedKey({ headers: { authorization: basic } })).toBe('ops-secret');
    expect(run('/admin/queues', 'GET', { authorization: basic }).passed).toBeUndefined();
    expect(
      presentedKey({ headers: { authorization: `Basic ${Buffer.from('user:').toString('base64')}` } }),
    ).toBeUndefined();
  });
});

describe('authMiddleware with a shared (asynchronous) rate limiter', () => {
  it('sets the limit headers and refuses with a 429 problem and Retry-After once the bucket is empty', async () => {
    const answers = [
      { allowed: true, limit: 2, remaining: 1, retryAfterSeconds: 0, resetSeconds: 1 },
      { allowed: false, limit: 2, remaining: 0, retryAfterSeconds: 3, resetSeconds: 3 },
    ];
    const mw = authMiddleware(
      {
        registry: new ApiKeyRegistry([key('reader', 'read-secret', ['read'])]),
        buckets: { take: () => Promise.resolve(answers.shift() ?? answers[0]!) },
        anonymousRead: false,
        anonymousLimit: { rate: 1, burst: 2 },
      },
      routeScope,
    );
    const call = () =>
      new Promise<{ passed: unknown; headers: Record<string, string> }>((resolve) => {
        const headers: Record<string, string> = {};
        const req = {
          path: '/v1/search',
          method: 'GET',
          headers: { 'x-api-key': 'read-secret' },
          socket: {},
        } as unknown as Request;
        const res = {
          setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
          locals: {},
        } as unknown as Response;
        mw(req, res, ((err?: unknown) => resolve({ passed: err, headers })) as NextFunction);
      });
    const ok = await call();
    expect(ok.passed).toBeUndefined();
    expect(ok.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1' });
    const refused = await call();
    expect(refused.passed).toBeInstanceOf(TooManyRequestsProblem);
    expect(refused.headers).toMatchObject({ 'retry-after': '3', 'ratelimit-remaining': '0' });
  });
});
