import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { UnauthorizedProblem } from '../problem/problem.exception.js';
import { apiKeyMatches, apiKeyMiddleware } from './api-key.middleware.js';

function run(headers: Partial<Record<string, string | string[]>>): unknown[] {
  const calls: unknown[] = [];
  const next: NextFunction = (err?: unknown) => calls.push(err);
  apiKeyMiddleware('s3cret-key')({ headers } as unknown as Request, {} as Response, next);
  return calls;
}

describe('apiKeyMiddleware', () => {
  it('matches only the exact key, whatever the lengths', () => {
    expect(apiKeyMatches('s3cret-key', 's3cret-key')).toBe(true);
    expect(apiKeyMatches('s3cret-keY', 's3cret-key')).toBe(false);
    expect(apiKeyMatches('s3cret', 's3cret-key')).toBe(false);
    expect(apiKeyMatches('', 's3cret-key')).toBe(false);
  });

  it('passes a request with the right key', () => {
    expect(run({ 'x-api-key': 's3cret-key' })).toEqual([undefined]);
  });

  it('refuses a missing, empty, repeated or wrong key with a 401 problem', () => {
    for (const headers of [
      {},
      { 'x-api-key': '' },
      { 'x-api-key': ['s3cret-key', 'x'] },
      { 'x-api-key': 'wrong-key' },
    ]) {
      const [err] = run(headers);
      expect(err).toBeInstanceOf(UnauthorizedProblem);
      expect((err as UnauthorizedProblem).status).toBe(401);
    }
  });
});
