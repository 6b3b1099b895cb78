import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { UnauthorizedProblem } from '../problem/problem.exception.js';

export const API_KEY_HEADER = 'x-api-key';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so neither length nor content leaks through timing. */
export function apiKeyMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks `x-api-key` before the body is read, so an unauthenticated client cannot make the gateway buffer a
 * large body. Missing or wrong keys are passed on as a 401 problem.
 */
export function apiKeyMiddleware(expected: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const given = req.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || given.length === 0) {
      next(new UnauthorizedProblem(`the ${API_KEY_HEADER} header is required`));
      return;
    }
    if (!apiKeyMatches(given, expected)) {
      next(new UnauthorizedProblem('the API key is not valid'));
      return;
    }
    next();
  };
}
