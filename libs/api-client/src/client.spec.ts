import { describe, expect, it, vi } from 'vitest';
import { ApiProblemError } from './client.js';
import { NewsflowClient } from './generated.js';

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn((_url: string, _init?: RequestInit) =>
    Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers })),
  );
}

describe('NewsflowClient', () => {
  it('builds the search URL from typed parameters (lists joined, undefined left out) and sends the key', async () => {
    const f = fakeFetch(200, { total: 0, collapsed: false, hits: [], facets: {} });
    const c = new NewsflowClient({
      baseUrl: 'http://gw:3000/',
      apiKey: 'k-123',
      fetch: f as unknown as typeof fetch,
    });
    const res = await c.search({ q: 'a OR b', source: ['AP', 'Reuters'], size: 5, topic: undefined });
    expect(res.total).toBe(0);
    const [url, init] = f.mock.calls[0] ?? [];
    expect(url).toBe('http://gw:3000/v1/search?q=a+OR+b&source=AP%2CReuters&size=5');
    expect((init?.headers as Record<string, string>)['x-api-key']).toBe('k-123');
  });

  it('puts path parameters in the path and JSON bodies in the body', async () => {
    const f = fakeFetch(201, { id: 'x', query: 'q', filters: {}, stream: '/s', createdAt: 't' });
    const c = new NewsflowClient({ baseUrl: 'http://gw', fetch: f as unknown as typeof fetch });
    await c.createSubscription({ query: 'floods', filters: { country: ['DE'] } });
    const [url, init] = f.mock.calls[0] ?? [];
    expect(url).toBe('http://gw/v1/subscriptions');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ query: 'floods', filters: { country: ['DE'] } });
    const g = fakeFetch(200, { id: 'a/b', total: 1, sources: [], articles: [] });
    await new NewsflowClient({ baseUrl: 'http://gw', fetch: g as unknown as typeof fetch }).getStory('a/b', {
      size: 3,
    });
    expect(g.mock.calls[0]?.[0]).toBe('http://gw/v1/stories/a%2Fb?size=3');
  });

  it('throws the problem body of an error answer with Retry-After', async () => {
    const problem = {
      type: 't',
      title: 'Too many requests',
      status: 429,
      detail: 'slow down',
      code: 'rate_limited',
    };
    const c = new NewsflowClient({
      baseUrl: 'http://gw',
      fetch: fakeFetch(429, problem, { 'retry-after': '2' }) as unknown as typeof fetch,
    });
    const err = await c.suggest({ prefix: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblemError);
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 2, problem: { code: 'rate_limited' } });
  });
});
