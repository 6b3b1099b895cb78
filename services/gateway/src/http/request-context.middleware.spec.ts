import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TRACE_HEADER, requestContextMiddleware, routeLabel } from './request-context.middleware.js';

function fakeResponse(): Response & EventEmitter {
  const headers = new Map<string, string>();
  const res = Object.assign(new EventEmitter(), {
    statusCode: 200,
    setHeader: (k: string, v: string) => headers.set(k, v),
    getHeader: (k: string) => headers.get(k),
  });
  return res as unknown as Response & EventEmitter;
}

describe('requestContextMiddleware', () => {
  it('gives each request its own trace id and records its duration under the route template', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 't_seconds',
      help: 'h',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const mw = requestContextMiddleware(histogram);
    const req = { method: 'GET', baseUrl: '', route: { path: '/v1/articles/:id' } } as unknown as Request;
    const a = fakeResponse();
    const b = fakeResponse();
    let nexts = 0;
    mw(req, a, () => (nexts += 1));
    mw(req, b, () => (nexts += 1));
    expect(nexts).toBe(2);
    expect(a.getHeader(TRACE_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.getHeader(TRACE_HEADER)).not.toBe(b.getHeader(TRACE_HEADER));
    a.statusCode = 404;
    a.emit('finish');
    const text = await registry.metrics();
    expect(text).toContain('t_seconds_count{method="GET",route="/v1/articles/:id",status="404"} 1');
  });

  it('labels requests that matched no route as unmatched', () => {
    expect(routeLabel({ baseUrl: '' } as unknown as Request)).toBe('unmatched');
  });
});
