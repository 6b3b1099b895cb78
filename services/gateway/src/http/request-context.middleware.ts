import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';

/** Response header carrying the request's trace id (also the Kafka trace id of an ingest). */
export const TRACE_HEADER = 'x-trace-id';

/** The trace id given to this request by {@link requestContextMiddleware}. */
export function traceIdOf(res: Response): string {
  const v = res.getHeader(TRACE_HEADER);
  return typeof v === 'string' ? v : randomUUID();
}

/**
 * First middleware of the app: gives every request a trace id (echoed in `x-trace-id`) and observes its
 * duration per route template and status once the response is finished.
 */
export function requestContextMiddleware(histogram: Histogram<'method' | 'route' | 'status'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader(TRACE_HEADER, randomUUID());
    const end = histogram.startTimer();
    res.on('finish', () => {
      end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) });
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
  const path: unknown = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return 'unmatched';
}
