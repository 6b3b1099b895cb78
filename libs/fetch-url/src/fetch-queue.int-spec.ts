import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisConnection } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { FetchQueueAdapter, type FetchOutcome, type FetchQueueConfig } from './fetch-queue.js';
import { HttpFetcher } from './http-fetcher.js';

/** A local origin with one route per behaviour under test; it records how many requests each path got. */
class TestOrigin {
  readonly hits = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  private readonly server = http.createServer((req, res) => this.route(req, res));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, n);
    const html = (body: string): void => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    switch (path) {
      case '/ok':
        return html('<html><head><title>ok</title></head><body><p>fine</p></body></html>');
      case '/flaky':
        if (n === 1) {
          res.writeHead(500).end('try again');
          return;
        }
        return html('<p>second time lucky</p>');
      case '/missing':
        res.writeHead(404).end('nope');
        return;
      case '/slow':
        return; // never answers: the fetcher's timeout must fire
      case '/big': {
        // No Content-Length: the limit must be enforced while streaming.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        for (let i = 0; i < 40; i++) res.write(chunk);
        res.end();
        return;
      }
      case '/stall':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>first bytes then silence');
        return;
      case '/big-declared':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(5 * 1024 * 1024) });
        res.write('a');
        return;
      case '/gzip-bomb': {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x61)));
        return;
      }
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        res.end(gzipSync('<p>compressed</p>'));
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/to-ok':
        res.writeHead(301, { location: '/ok' }).end();
        return;
      case '/to-localhost':
        res.writeHead(302, { location: `http://localhost:${this.port}/ok` }).end();
        return;
      case '/hold':
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        setTimeout(() => {
          this.inFlight--;
          html('<p>held</p>');
        }, 150);
        return;
      default:
        res.writeHead(404).end();
    }
  }
}

const origin = new TestOrigin();
let adapter: FetchQueueAdapter | undefined;
let fetcher: HttpFetcher | undefined;

beforeAll(() => origin.start());
afterAll(() => origin.stop());
afterEach(async () => {
  if (adapter) {
    await adapter.obliterate();
    await adapter.close();
  }
  fetcher?.close();
  adapter = undefined;
  fetcher = undefined;
});

function startQueue(overrides: Partial<FetchQueueConfig> = {}): FetchOutcome[] {
  const outcomes: FetchOutcome[] = [];
  // Loopback is allowed for the test origin's literal address only.
  fetcher = new HttpFetcher({ allowedHosts: ['127.0.0.1'], timeoutMs: 500, maxBytes: 1024 * 1024 });
  adapter = new FetchQueueAdapter(
    {
      connection: redisConnection(),
      queueName: testName('fetch-url'),
      maxAttempts: 3,
      backoffMs: 50,
      ...overrides,
    },
    fetcher,
    (o) => {
      outcomes.push(o);
      return Promise.resolve();
    },
  );
  return outcomes;
}

describe('FetchQueueAdapter against Redis and a local origin', () => {
  it('delivers one outcome per URL: success, retried 500, unretried 404, timeout after all attempts, oversize, redirect loop', async () => {
    const outcomes = startQueue();
    const paths = ['/ok', '/flaky', '/missing', '/slow', '/big', '/loop'];
    await adapter!.enqueueMany(
      paths.map((p) => ({ url: origin.url(p), dumpId: 'dump-1', traceId: `trace${p}`, source: 'test' })),
    );
    adapter!.startWorker();
    await vi.waitFor(() => expect(outcomes).toHaveLength(paths.length), { timeout: 30_000, interval: 50 });

    const by = new Map(outcomes.map((o) => [new URL(o.job.url).pathname, o]));
    const ok = by.get('/ok')!;
    expect(ok).toMatchObject({
      ok: true,
      status: 200,
      attempts: 1,
      contentType: 'text/html; charset=utf-8',
      job: { dumpId: 'dump-1', traceId: 'trace/ok', source: 'test', attempt: 1 },
    });
    expect(ok.ok && new TextDecoder().decode(ok.bytes)).toContain('<title>ok</title>');
    expect(by.get('/flaky')).toMatchObject({ ok: true, attempts: 2, job: { attempt: 2 } });
    expect(by.get('/missing')).toMatchObject({ ok: false, code: 'http_error', status: 404, attempts: 1 });
    expect(by.get('/slow')).toMatchObject({ ok: false, code: 'timeout', attempts: 3 });
    expect(by.get('/big')).toMatchObject({ ok: false, code: 'too_large', attempts: 1 });
    expect(by.get('/loop')).toMatchObject({ ok: false, code: 'too_many_redirects', attempts: 1 });

    expect(origin.hits.get('/flaky')).toBe(2);
    expect(origin.hits.get('/missing')).toBe(1);
    expect(origin.hits.get('/slow')).toBe(3);
    expect(origin.hits.get('/loop')).toBe(6); // first request + 5 redirects followed
  });

  it('keeps at most perHostConcurrency fetches in flight per host, without spending attempts on waiting', async () => {
    const outcomes = startQueue({ concurrency: 6, perHostConcurrency: 2, hostBusyDelayMs: 20 });
    origin.maxInFlight = 0;
    const items = Array.from({ length: 8 }, (_, i) => ({
      url: `${origin.url('/hold')}?i=${i}`,
      dumpId: 'dump-2',
      traceId: `t${i}`,
    }));
    await adapter!.enqueueMany(items);
    adapter!.startWorker();
    await vi.waitFor(() => expect(outcomes).toHaveLength(8), { timeout: 30_000, interval: 50 });
    expect(outcomes.every((o) => o.ok && o.attempts === 1)).toBe(true);
    expect(origin.maxInFlight).toBeLessThanOrEqual(2);
    expect(origin.maxInFlight).toBeGreaterThan(0);
  });

  it('queues the same dump id and URL once while it is waiting', async () => {
    startQueue();
    const item = { url: origin.url('/ok'), dumpId: 'dump-3', traceId: 't' };
    const first = await adapter!.enqueue(item);
    const second = await adapter!.enqueue(item);
    expect(second).toBe(first);
    expect(await adapter!.counts()).toMatchObject({ waiting: 1 });
  });
});

describe('HttpFetcher against a local origin', () => {
  it('refuses the loopback origin when it is not allow-listed', async () => {
    fetcher = new HttpFetcher();
    const r = await fetcher.fetch(origin.url('/ok'));
    expect(r).toMatchObject({ ok: false, code: 'forbidden_address', retryable: false });
    expect(!r.ok && r.message).toContain('loopback');
  });

  it('refuses a redirect from the allow-listed origin to localhost, resolved through the system resolver', async () => {
    fetcher = new HttpFetcher({ allowedHosts: ['127.0.0.1'] });
    const before = origin.hits.get('/ok') ?? 0;
    const r = await fetcher.fetch(origin.url('/to-localhost'));
    expect(r).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(!r.ok && r.message).toMatch(/resolved from localhost/);
    expect(origin.hits.get('/ok') ?? 0).toBe(before);
  });

  it('follows a redirect and undoes gzip Content-Encoding', async () => {
    fetcher = new HttpFetcher({ allowedHosts: ['127.0.0.1'] });
    const redirected = await fetcher.fetch(origin.url('/to-ok'));
    expect(redirected).toMatchObject({ ok: true, status: 200, finalUrl: origin.url('/ok') });
    const gz = await fetcher.fetch(origin.url('/gzip'));
    expect(gz.ok && new TextDecoder().decode(gz.bytes)).toBe('<p>compressed</p>');
  });

  it('times out a response whose body stalls after the headers', async () => {
    fetcher = new HttpFetcher({ allowedHosts: ['127.0.0.1'], timeoutMs: 300 });
    expect(await fetcher.fetch(origin.url('/stall'))).toMatchObject({
      ok: false,
      code: 'timeout',
      retryable: true,
    });
  });

  it('refuses a declared Content-Length over the limit and a gzip body that inflates over it', async () => {
    fetcher = new HttpFetcher({ allowedHosts: ['127.0.0.1'], maxBytes: 1024 * 1024, timeoutMs: 5000 });
    expect(await fetcher.fetch(origin.url('/big-declared'))).toMatchObject({
      ok: false,
      code: 'too_large',
      message: expect.stringContaining('Content-Length') as unknown,
    });
    expect(await fetcher.fetch(origin.url('/gzip-bomb'))).toMatchObject({
      ok: false,
      code: 'too_large',
      retryable: false,
    });
  });
});
