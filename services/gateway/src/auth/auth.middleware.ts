import type { NextFunction, Request, Response } from 'express';
import {
  ForbiddenProblem,
  TooManyRequestsProblem,
  UnauthorizedProblem,
} from '../problem/problem.exception.js';
import type { ApiKey, ApiKeyRegistry, RateLimit, Scope } from './api-keys.js';
import type { RateLimiter, TakeResult } from './token-bucket.js';

export const API_KEY_HEADER = 'x-api-key';

export interface AuthOptions {
  registry: ApiKeyRegistry;
  /** Shared through Redis in the gateway (SharedTokenBuckets); in-process TokenBuckets answer synchronously. */
  buckets: RateLimiter;
  /** Requests without a key may read (scope `read` only) when true; they are rate-limited per client address. */
  anonymousRead: boolean;
  anonymousLimit: RateLimit;
}

/** Realm of the Basic challenge on admin routes (a browser opening /admin/queues asks for the key). */
export const ADMIN_REALM = 'newsflow admin';
/** Path prefix of the operator routes of the API (reindex, old index versions). */
export const ADMIN_API_PATH = '/v1/admin';
/** Path prefix of the operator pages a browser opens (the queue board). */
export const ADMIN_UI_PATH = '/admin';

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * The key a request presented: `x-api-key: <key>`, `Authorization: Bearer <key>`, or the password of HTTP Basic
 * auth (so a browser can open the queue board).
 */
export function presentedKey(req: Pick<Request, 'headers'>): string | undefined {
  const h = req.headers[API_KEY_HEADER];
  if (typeof h === 'string' && h.length > 0) return h;
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(auth);
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  return password.length > 0 ? password : undefined;
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
    // Browsers open the queue board (/admin/...): a Basic challenge makes them ask for the key. API routes get none,
    // so a script's fetch never pops up a password dialog.
    const challenge = () => {
      if (scope === 'admin' && under(req.path, ADMIN_UI_PATH))
        res.setHeader('WWW-Authenticate', `Basic realm="${ADMIN_REALM}", charset="UTF-8"`);
    };
    if (secret === undefined) {
      if (!(scope === 'read' && opts.anonymousRead)) {
        challenge();
        next(
          new UnauthorizedProblem(
            `this endpoint needs an API key with scope "${scope}" in the ${API_KEY_HEADER} header` +
              (scope === 'admin' ? ' (or as the password of HTTP Basic auth)' : ''),
          ),
        );
        return;
      }
      client = `anon:${req.socket.remoteAddress ?? 'unknown'}`;
      limit = opts.anonymousLimit;
    } else {
      const key = opts.registry.find(secret);
      if (!key) {
        challenge();
        next(new UnauthorizedProblem('the API key is not valid'));
        return;
      }
      if (!key.scopes.includes(scope)) {
        next(
          new ForbiddenProblem(
            `the API key "${key.name}" lacks the scope "${scope}" (it has ${key.scopes.join(', ')})`,
          ),
        );
        return;
      }
      (res.locals as { apiKey?: ApiKey }).apiKey = key;
      client = `key:${key.name}`;
      limit = key.limit;
    }
    const apply = (r: TakeResult) => {
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
    const taken = opts.buckets.take(client, limit);
    if (taken instanceof Promise) taken.then(apply, next);
    else apply(taken);
  };
}

/**
 * Scope each gateway route needs: operator routes (`/v1/admin/*`, dead-letter replay, the queue board under
 * `/admin`) need `admin`, ingesting needs `ingest`, the article API needs `read`; operations endpoints (health,
 * metrics, stats, dashboard, docs) are not gated here. CORS preflights (OPTIONS) never need a key.
 */
export function routeScope(req: Pick<Request, 'path' | 'method'>): Scope | undefined {
  const path = req.path;
  if (req.method === 'OPTIONS') return undefined;
  if (under(path, ADMIN_API_PATH) || under(path, ADMIN_UI_PATH)) return 'admin';
  if (/^\/v1\/dead-letters\/[^/]+\/[^/]+\/replay\/?$/.test(path)) return 'admin';
  if (under(path, '/v1/ingest')) return req.method === 'POST' ? 'ingest' : undefined;
  if (path === '/v1/stats' || path.startsWith('/v1/stats/')) return undefined;
  if (path.startsWith('/v1/')) return 'read';
  return undefined;
}
