import type { NextFunction, Request, Response } from 'express';
import { API_KEY_HEADER, apiKeyMatches } from '../ingest/api-key.middleware.js';

export const ADMIN_REALM = 'newsflow admin';

/** The key an admin request carries: the `x-api-key` header, or the password of HTTP Basic auth (browsers). */
export function adminKeyOf(req: Pick<Request, 'headers'>): string | undefined {
  const header = req.headers[API_KEY_HEADER];
  if (typeof header === 'string' && header.length > 0) return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    return password.length > 0 ? password : undefined;
  }
  return undefined;
}

/**
 * Guards operator-only routes (the queue board, dead-letter replay): the admin key in `x-api-key`, or as the
 * password of HTTP Basic auth so a browser can open /admin/queues (it asks for the key). Anything else is a 401
 * problem with a Basic challenge.
 */
export function adminKeyMiddleware(expected: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = adminKeyOf(req);
    if (given !== undefined && apiKeyMatches(given, expected)) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', `Basic realm="${ADMIN_REALM}", charset="UTF-8"`)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          detail:
            given === undefined
              ? `the admin key is required (${API_KEY_HEADER} header, or the password of HTTP Basic auth)`
              : 'the admin key is not valid',
        }),
      );
  };
}
