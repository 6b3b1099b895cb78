import { describe, expect, it } from 'vitest';
import type { ResolvedAddress } from './address-guard.js';
import { HttpFetcher, type HopRequest, type HopResult, type HttpTransport } from './http-fetcher.js';

/** Transport that answers from a table by URL and records every hop it was asked for. */
class FakeTransport implements HttpTransport {
  readonly hops: HopRequest[] = [];
  constructor(private readonly routes: Record<string, HopResult>) {}
  request(req: HopRequest): Promise<HopResult> {
    this.hops.push(req);
    const r = this.routes[req.url.href];
    if (!r) throw new Error(`unexpected hop to ${req.url.href}`);
    return Promise.resolve(r);
  }
  close(): void {}
}

const table: Record<string, ResolvedAddress[]> = {
  'news.example': [{ address: '93.184.216.34', family: 4 }],
  'cdn.example': [{ address: '2606:4700::6810:84e5', family: 6 }],
  'rebind.example': [{ address: '169.254.169.254', family: 4 }],
};
const lookup = (host: string): Promise<ResolvedAddress[]> =>
  table[host]
    ? Promise.resolve(table[host])
    : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));

const page = (body: string, status = 200): HopResult => ({
  ok: true,
  status,
  contentType: 'text/html; charset=utf-8',
  bytes: new TextEncoder().encode(body),
});
const redirect = (location: string, status = 302): HopResult => ({
  ok: true,
  status,
  location,
  contentType: '',
  bytes: new Uint8Array(),
});

describe('HttpFetcher', () => {
  it('fetches a page, pinning the connection to the validated address', async () => {
    const transport = new FakeTransport({ 'https://news.example/a': page('<p>hi</p>') });
    const r = await new HttpFetcher({ lookup, transport }).fetch('https://news.example/a');
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      finalUrl: 'https://news.example/a',
      contentType: 'text/html; charset=utf-8',
    });
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe('<p>hi</p>');
    expect(transport.hops[0]!.address).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('follows relative and cross-host redirects, re-validating and re-pinning each hop', async () => {
    const transport = new FakeTransport({
      'http://news.example/old': redirect('/new', 301),
      'http://news.example/new': redirect('https://cdn.example/final', 308),
      'https://cdn.example/final': page('done'),
    });
    const r = await new HttpFetcher({ lookup, transport }).fetch('http://news.example/old');
    expect(r).toMatchObject({ ok: true, finalUrl: 'https://cdn.example/final' });
    expect(transport.hops.map((h) => h.address.address)).toEqual([
      '93.184.216.34',
      '93.184.216.34',
      '2606:4700::6810:84e5',
    ]);
  });

  it('refuses a redirect to a private address without contacting it', async () => {
    const transport = new FakeTransport({
      'https://news.example/r': redirect('http://rebind.example/latest/meta-data/'),
    });
    const r = await new HttpFetcher({ lookup, transport }).fetch('https://news.example/r');
    expect(r).toEqual({
      ok: false,
      code: 'forbidden_address',
      retryable: false,
      message:
        'refusing 169.254.169.254 (resolved from rebind.example): link-local (169.254.0.0/16) (redirect 1 to http://rebind.example/latest/meta-data/)',
    });
    expect(transport.hops).toHaveLength(1);
  });

  it('refuses a redirect to a private IP literal and to IPv4-mapped IPv6 loopback', async () => {
    const transport = new FakeTransport({
      'https://news.example/a': redirect('http://192.168.1.1/admin'),
      'https://news.example/b': redirect('http://[::ffff:127.0.0.1]:6379/'),
    });
    const fetcher = new HttpFetcher({ lookup, transport });
    expect(await fetcher.fetch('https://news.example/a')).toMatchObject({
      ok: false,
      code: 'forbidden_address',
    });
    expect(await fetcher.fetch('https://news.example/b')).toMatchObject({
      ok: false,
      code: 'forbidden_address',
    });
    expect(transport.hops).toHaveLength(2);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const transport = new FakeTransport({ 'https://news.example/f': redirect('file:///etc/passwd') });
    const r = await new HttpFetcher({ lookup, transport }).fetch('https://news.example/f');
    expect(r).toMatchObject({
      ok: false,
      code: 'forbidden_scheme',
      retryable: false,
      message: 'only http and https are fetched, got file: (after 1 redirect(s))',
    });
  });

  it('stops after maxRedirects redirects', async () => {
    const transport = new FakeTransport({ 'https://news.example/loop': redirect('/loop') });
    const r = await new HttpFetcher({ lookup, transport, maxRedirects: 3 }).fetch(
      'https://news.example/loop',
    );
    expect(r).toMatchObject({ ok: false, code: 'too_many_redirects', retryable: false });
    expect(transport.hops).toHaveLength(4);
  });

  it.each([
    [404, false],
    [410, false],
    [403, false],
    [429, true],
    [408, true],
    [500, true],
    [503, true],
  ])('maps HTTP %i to http_error with retryable=%s', async (status, retryable) => {
    const transport = new FakeTransport({ 'https://news.example/s': page('x', status) });
    const r = await new HttpFetcher({ lookup, transport }).fetch('https://news.example/s');
    expect(r).toEqual({
      ok: false,
      code: 'http_error',
      retryable,
      status,
      message: `HTTP ${status} from https://news.example/s`,
    });
  });

  it.each([
    ['not a url', 'invalid_url'],
    ['ftp://news.example/x', 'forbidden_scheme'],
    ['javascript:alert(1)', 'forbidden_scheme'],
    ['http://user:pw@news.example/', 'invalid_url'],
    ['http://127.0.0.1:6379/', 'forbidden_address'],
    ['http://[::1]/', 'forbidden_address'],
    ['http://0x7f000001/', 'forbidden_address'],
    ['http://2130706433/', 'forbidden_address'],
    ['http://localhost./', 'network_error'],
  ])('refuses %s with %s before any request', async (url, code) => {
    const transport = new FakeTransport({});
    const r = await new HttpFetcher({ lookup, transport }).fetch(url);
    expect(r).toMatchObject({ ok: false, code, retryable: false });
    expect(transport.hops).toHaveLength(0);
  });

  it('passes the transport the body limit and a deadline from the timeout', async () => {
    const transport = new FakeTransport({ 'https://news.example/a': page('x') });
    const before = Date.now();
    await new HttpFetcher({ lookup, transport, maxBytes: 1234, timeoutMs: 60_000 }).fetch(
      'https://news.example/a',
    );
    expect(transport.hops[0]!.maxBytes).toBe(1234);
    expect(transport.hops[0]!.deadline).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('returns transport failures (timeout, too_large) as they are', async () => {
    const transport = new FakeTransport({
      'https://news.example/slow': { ok: false, code: 'timeout', retryable: true, message: 'slow' },
      'https://news.example/big': { ok: false, code: 'too_large', retryable: false, message: 'big' },
    });
    const fetcher = new HttpFetcher({ lookup, transport });
    expect(await fetcher.fetch('https://news.example/slow')).toEqual({
      ok: false,
      code: 'timeout',
      retryable: true,
      message: 'slow',
    });
    expect(await fetcher.fetch('https://news.example/big')).toEqual({
      ok: false,
      code: 'too_large',
      retryable: false,
      message: 'big',
    });
  });
});
