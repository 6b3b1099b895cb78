import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';

/** Response header carrying the request's trace id (also the Kafka trace id of an ingest). */
export const TRACE_HEADER = 'x-trace-id';

/** The trace id given to this request by {@link requestContextMiddleware}. */
export function traceIdOf(res: Response): string {
  const v = res.getHeader(TRACE_HEADER);
  return typeof v === 'string' ? v : randomUUID();
}

/**
 * First middleware of the app: gives every request a trace id (echoed in `x-trace-id`), observes its duration per
 * route template and status once the response is finished, and writes one access line (debug level: at search
 * rates an info line per request would cost more than the request).
 */
export function requestContextMiddleware(
  histogram: Histogram<'method' | 'route' | 'status'>,
  logger?: Logger,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const traceId = randomUUID();
    res.setHeader(TRACE_HEADER, traceId);
    const end = histogram.startTimer();
    res.on('finish', () => {
      const route = routeLabel(req);
      const seconds = end({ method: req.method, route, status: String(res.statusCode) });
      logger?.debug(
        { traceId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    next();
  };
}

/**
 * Route template for the metric label (`/v1/articles/:id`), never the raw path, so label cardinality stays
 * bounded; requests that matched no route share one label.
 */
export function routeLabel(req: Request): string {
  // Express types `req.route` as any; read it as unknown and narrow.
  const route: unknown = (req as { route?: unknown }).route;
  const path: unknown =
    typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return 'unmatched';
}
