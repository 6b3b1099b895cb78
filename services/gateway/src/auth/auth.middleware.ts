import type { NextFunction, Request, Response } from 'express';
import {
  ForbiddenProblem,
  TooManyRequestsProblem,
  UnauthorizedProblem,
} from '../problem/problem.exception.js';
import type { ApiKey, ApiKeyRegistry, RateLimit, Scope } from './api-keys.js';
import type { TokenBuckets } from './token-bucket.js';

export const API_KEY_HEADER = 'x-api-key';

export interface AuthOptions {
  registry: ApiKeyRegistry;
  buckets: TokenBuckets;
  /** Requests without a key may read (scope `read` only) when true; they are rate-limited per client address. */
  anonymousRead: boolean;
  anonymousLimit: RateLimit;
}

/** The key a request presented: `x-api-key: <key>` or `Authorization: Bearer <key>`. */
export function presentedKey(req: Request): string | undefined {
  const h = req.headers[API_KEY_HEADER];
  if (typeof h === 'string' && h.length > 0) return h;
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m?.[1];
}

/** The API key a request was authenticated with (set by {@link authMiddleware}). */
export function apiKeyOf(res: Response): ApiKey | undefined {
  return (res.locals as { apiKey?: ApiKey }).apiKey;
}

/**
 * Authenticates the request, checks it holds `scope` and takes a token from the client's bucket. Sets
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` on every answer, and `Retry-After` on a 429.
 * Runs before any body is read, so an unauthenticated or throttled client cannot make the gateway buffer a body.
 */
export function authMiddleware(opts: AuthOptions, scopeOf: (req: Request) => Scope | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const scope = scopeOf(req);
    if (scope === undefined) {
      next();
      return;
    }
    const secret = presentedKey(req);
    let client: string;
    let limit: RateLimit;
    if (secret === undefined) {
      if (!(scope === 'read' && opts.anonymousRead)) {
        next(
          new UnauthorizedProblem(
            `this endpoint needs an API key with scope "${scope}" in the ${API_KEY_HEADER} header`,
          ),
        );
        return;
      }
      client = `anon:${req.socket.remoteAddress ?? 'unknown'}`;
      limit = opts.anonymousLimit;
    } else {
      const key = opts.registry.find(secret);
      if (!key) {
        next(new UnauthorizedProblem('the API key is not valid'));
        return;
      }
      if (!key.scopes.includes(scope)) {
        next(new ForbiddenProblem(`the API key "${key.name}" lacks the scope "${scope}"`));
        return;
      }
      (res.locals as { apiKey?: ApiKey }).apiKey = key;
      client = `key:${key.name}`;
      limit = key.limit;
    }
    const r = opts.buckets.take(client, limit);
    res.setHeader('RateLimit-Limit', String(r.limit));
    res.setHeader('RateLimit-Remaining', String(r.remaining));
    res.setHeader('RateLimit-Reset', String(r.resetSeconds));
    res.setHeader('RateLimit-Policy', `${r.limit};w=${Math.ceil(limit.burst / limit.rate)}`);
    if (!r.allowed) {
      res.setHeader('Retry-After', String(r.retryAfterSeconds));
      next(
        new TooManyRequestsProblem(
          `rate limit of ${limit.rate} requests/s (burst ${limit.burst}) exceeded; retry after ${r.retryAfterSeconds} s`,
        ),
      );
      return;
    }
    next();
  };
}

/**
 * Scope each gateway route needs: ingesting needs `ingest`, the article API needs `read`; operations endpoints
 * (health, metrics, stats, dashboard, docs) are not gated here.
 */
export function routeScope(req: Request): Scope | undefined {
  const path = req.path;
  if (path === '/v1/ingest' || path.startsWith('/v1/ingest/'))
    return req.method === 'POST' ? 'ingest' : undefined;
  if (path === '/v1/stats' || path.startsWith('/v1/stats/')) return undefined;
  if (path.startsWith('/v1/')) return req.method === 'OPTIONS' ? undefined : 'read';
  return undefined;
}
