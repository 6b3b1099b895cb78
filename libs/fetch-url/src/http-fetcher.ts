import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import {
  AddressGuard,
  bareHostname,
  type AddressGuardConfig,
  type ResolvedAddress,
} from './address-guard.js';

/** Why a URL could not be fetched. */
export type FetchFailureCode =
  | 'invalid_url'
  | 'forbidden_scheme'
  | 'forbidden_address'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_error'
  | 'network_error';

/** Outcome of {@link HttpFetcher.fetch}. `retryable` says whether trying again later may succeed. */
export type FetchUrlResult =
  | { ok: true; status: number; finalUrl: string; contentType: string; bytes: Uint8Array; fetchedAt: string }
  | { ok: false; code: FetchFailureCode; retryable: boolean; message: string; status?: number };

/** Per-call overrides of the fetcher's limits. */
export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

/** Anything that fetches a URL the way {@link HttpFetcher} does (the queue depends on this, tests fake it). */
export interface UrlFetcher {
  fetch(url: string, opts?: FetchOptions): Promise<FetchUrlResult>;
}

/** Configuration of {@link HttpFetcher}; every field has a default that is safe on the public internet. */
export interface HttpFetcherConfig extends AddressGuardConfig {
  /** Whole fetch, redirects included (default 15 s). */
  timeoutMs?: number;
  /** Largest body accepted, after Content-Encoding is undone (default 10 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  userAgent?: string;
  /** Replaces the node:http transport (unit tests). */
  transport?: HttpTransport;
}

/** One HTTP exchange on a connection pinned to an already validated address. */
export interface HopRequest {
  url: URL;
  address: ResolvedAddress;
  /** Epoch ms after which the hop must be abandoned. */
  deadline: number;
  maxBytes: number;
  userAgent: string;
  signal?: AbortSignal;
}

/** What a hop returned: the body is read only for 2xx responses. */
export type HopResult =
  | { ok: true; status: number; location?: string; contentType: string; bytes: Uint8Array }
  | { ok: false; code: 'timeout' | 'too_large' | 'network_error'; retryable: boolean; message: string };

/** Performs single HTTP hops; {@link NodeHttpTransport} is the real one. */
export interface HttpTransport {
  request(req: HopRequest): Promise<HopResult>;
  close(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Network errors after which a later attempt can plausibly succeed. */
const TRANSIENT_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

class HopAbort extends Error {
  constructor(
    readonly code: 'timeout' | 'too_large' | 'network_error',
    message: string,
  ) {
    super(message);
  }
}

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * node:http(s) transport. The connection goes to the address the guard validated: `lookup` answers with it
 * whatever the host name, so DNS cannot be asked again between check and connect (no rebinding). TLS still
 * verifies the certificate against the URL's host name (SNI and checkServerIdentity use `servername`).
 */
export class NodeHttpTransport implements HttpTransport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  request(req: HopRequest): Promise<HopResult> {
    const { url, address } = req;
    const pinned: LookupFunction = (_hostname, options, callback) => {
      // Node 20 asks for all addresses when autoSelectFamily is on; answer both shapes with the pinned one.
      if ((options as { all?: boolean }).all) {
        (callback as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
          address,
        ]);
      } else {
        callback(null, address.address, address.family);
      }
    };
    const isHttps = url.protocol === 'https:';
    const host = bareHostname(url.hostname);
    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname: host,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        'user-agent': req.userAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
      lookup: pinned,
      agent: isHttps ? this.httpsAgent : this.httpAgent,
    };
    if (isHttps) options.servername = host;

    return new Promise<HopResult>((resolve) => {
      let settled = false;
      const finish = (r: HopResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const fail = (err: unknown): void => {
        if (err instanceof HopAbort) {
          finish({ ok: false, code: err.code, retryable: err.code !== 'too_large', message: err.message });
          return;
        }
        const rawCode = (err as { code?: unknown }).code;
        const code = typeof rawCode === 'string' ? rawCode : '';
        finish({
          ok: false,
          code: 'network_error',
          retryable: TRANSIENT_ERRORS.has(code),
          message: `${url.host}: ${err instanceof Error ? err.message : String(err)}`,
        });
      };
      const request = (isHttps ? https : http).request(options, (res) =>
        this.onResponse(req, res, finish, fail),
      );
      const remaining = Math.max(0, req.deadline - Date.now());
      const timer = setTimeout(
        () =>
          request.destroy(
            new HopAbort('timeout', `no complete response within the time limit (${url.host})`),
          ),
        remaining,
      );
      const onAbort = (): void => {
        request.destroy(new HopAbort('network_error', 'aborted by caller'));
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', fail);
      request.end();
    });
  }

  private onResponse(
    req: HopRequest,
    res: IncomingMessage,
    finish: (r: HopResult) => void,
    fail: (err: unknown) => void,
  ): void {
    const status = res.statusCode ?? 0;
    const contentType = String(res.headers['content-type'] ?? '');
    if (status < 200 || status >= 300) {
      // Only the status and Location matter; drop the body without buffering it.
      res.resume();
      const location = res.headers.location;
      finish({ ok: true, status, contentType, bytes: new Uint8Array(), ...(location ? { location } : {}) });
      return;
    }
    const declared = Number(res.headers['content-length']);
    const encoding = res.headers['content-encoding'];
    if (!encoding && Number.isFinite(declared) && declared > req.maxBytes) {
      res.destroy();
      fail(
        new HopAbort('too_large', `Content-Length ${declared} exceeds the limit of ${req.maxBytes} bytes`),
      );
      return;
    }
    const decoder = decoderFor(encoding);
    const body = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > req.maxBytes) {
        res.destroy();
        decoder?.destroy();
        fail(new HopAbort('too_large', `body exceeds the limit of ${req.maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () =>
      finish({ ok: true, status, contentType, bytes: new Uint8Array(Buffer.concat(chunks)) }),
    );
    body.on('error', fail);
    if (decoder) res.on('error', fail);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/**
 * Downloads http(s) URLs for the fetch stage, refusing to reach private networks (SSRF guard, checked on
 * every redirect hop, connection pinned to the checked address), with a whole-fetch timeout, a body size cap
 * enforced while streaming, and a capped number of redirects. Never throws: failures are typed values.
 */
export class HttpFetcher implements UrlFetcher {
  private readonly guard: AddressGuard;
  private readonly transport: HttpTransport;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;

  constructor(config: HttpFetcherConfig = {}) {
    this.guard = new AddressGuard(config);
    this.transport = config.transport ?? new NodeHttpTransport();
    this.timeoutMs = config.timeoutMs ?? 15_000;
    this.maxBytes = config.maxBytes ?? 10 * 1024 * 1024;
    this.maxRedirects = config.maxRedirects ?? 5;
    this.userAgent = config.userAgent ?? 'newsflow-fetch/0.1 (+https://github.com/newsflow)';
  }

  async fetch(rawUrl: string, opts: FetchOptions = {}): Promise<FetchUrlResult> {
    try {
      return await this.fetchFollowing(rawUrl, opts);
    } catch (err) {
      return {
        ok: false,
        code: 'network_error',
        retryable: true,
        message: `unexpected: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  private async fetchFollowing(rawUrl: string, opts: FetchOptions): Promise<FetchUrlResult> {
    const deadline = Date.now() + (opts.timeoutMs ?? this.timeoutMs);
    const maxBytes = opts.maxBytes ?? this.maxBytes;
    const maxRedirects = opts.maxRedirects ?? this.maxRedirects;
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return {
        ok: false,
        code: 'invalid_url',
        retryable: false,
        message: `not an absolute URL: ${rawUrl.slice(0, 300)}`,
      };
    }
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        const where = redirects ? ` (after ${redirects} redirect(s))` : '';
        return {
          ok: false,
          code: 'forbidden_scheme',
          retryable: false,
          message: `only http and https are fetched, got ${url.protocol}${where}`,
        };
      }
      if (url.username || url.password) {
        return {
          ok: false,
          code: 'invalid_url',
          retryable: false,
          message: 'URLs with credentials are not fetched',
        };
      }
      const checked = await this.guard.check(url.hostname);
      if (!checked.ok) {
        const where = redirects ? ` (redirect ${redirects} to ${url.href})` : '';
        return {
          ok: false,
          code: checked.code,
          retryable: checked.retryable,
          message: `${checked.message}${where}`,
        };
      }
      if (Date.now() >= deadline) {
        return {
          ok: false,
          code: 'timeout',
          retryable: true,
          message: `time limit reached before contacting ${url.host}`,
        };
      }
      const hop = await this.transport.request({
        url,
        address: checked.address,
        deadline,
        maxBytes,
        userAgent: this.userAgent,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (!hop.ok) return hop;
      if (REDIRECTS.has(hop.status) && hop.location) {
        if (redirects >= maxRedirects) {
          return {
            ok: false,
            code: 'too_many_redirects',
            retryable: false,
            message: `more than ${maxRedirects} redirects (last to ${hop.location.slice(0, 300)})`,
            status: hop.status,
          };
        }
        try {
          url = new URL(hop.location, url);
        } catch {
          return {
            ok: false,
            code: 'invalid_url',
            retryable: false,
            message: `invalid redirect location: ${hop.location.slice(0, 300)}`,
            status: hop.status,
          };
        }
        continue;
      }
      if (hop.status < 200 || hop.status >= 300) {
        // 408/425/429 and 5xx are worth another try later; other statuses will not change.
        const retryable = hop.status === 408 || hop.status === 425 || hop.status === 429 || hop.status >= 500;
        return {
          ok: false,
          code: 'http_error',
          retryable,
          status: hop.status,
          message: `HTTP ${hop.status} from ${url.href}`,
        };
      }
      return {
        ok: true,
        status: hop.status,
        finalUrl: url.href,
        contentType: hop.contentType,
        bytes: hop.bytes,
        fetchedAt: new Date().toISOString(),
      };
    }
  }

  /** Closes pooled keep-alive connections. */
  close(): void {
    this.transport.close();
  }
}
