/** Problem JSON body of a gateway error (RFC 7807 with a stable `code`). */
export interface ApiProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Array<{ field: string; message: string; position?: number }>;
  traceId?: string;
}

/** A non-2xx answer of the gateway: the status and its problem body (or a synthetic one if it had none). */
export class ApiProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem,
    /** Seconds from `Retry-After` on a 429 or 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = 'ApiProblemError';
  }
}

export interface ClientOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** Sent as `x-api-key` when set. */
  apiKey?: string;
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | string[] | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body (serialised) or raw bytes/text. */
  json?: unknown;
  raw?: { body: Uint8Array | string; contentType?: string };
  headers?: Record<string, string>;
}

/** Transport of the generated client: URL building, key header, JSON in and out, problem JSON as errors. */
export class ApiTransport {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (v.length) params.set(k, v.join(','));
      } else params.set(k, String(v));
    }
    const qs = params.toString();
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.raw) {
      headers['content-type'] = opts.raw.contentType ?? 'application/octet-stream';
      // A copy backed by a plain ArrayBuffer, which fetch's BodyInit accepts.
      body = typeof opts.raw.body === 'string' ? opts.raw.body : opts.raw.body.slice();
    }
    const res = await this.fetchImpl(this.url(path, opts.query), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    if (!res.ok) {
      let problem: ApiProblem;
      try {
        problem = JSON.parse(text) as ApiProblem;
      } catch {
        problem = {
          type: 'about:blank',
          title: res.statusText,
          status: res.status,
          detail: text.slice(0, 500),
          code: `http_${res.status}`,
        };
      }
      const retry = res.headers.get('retry-after');
      throw new ApiProblemError(res.status, problem, retry === null ? undefined : Number(retry));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
