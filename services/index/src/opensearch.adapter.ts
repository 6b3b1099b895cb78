import { Client } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import { ensureArticlesIndex, type ArticleDocument } from '@newsflow/search';
import { Limiter } from './limiter.js';
import { RefreshScheduler } from './refresh-scheduler.js';

export interface BulkItemResult {
  id: string;
  status: number;
  result?: 'created' | 'updated' | 'noop' | undefined;
  errorType?: string | undefined;
  errorReason?: string | undefined;
}

/** Thrown when the whole bulk request failed (connection refused, 429/5xx): the batch is retried. */
export class BulkUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BulkUnavailableError';
  }
}

/** Default bound of one `_bulk` request body: 8 MiB (OpenSearch's guidance is a few MB to ~15 MB per request). */
export const DEFAULT_BULK_MAX_BYTES = 8 * 1024 * 1024;
/** Default number of `_bulk` requests one adapter (one index process) keeps in flight. */
export const DEFAULT_BULK_CONCURRENCY = 3;
/**
 * A chunk is split across the concurrent requests only into parts of at least this many bytes (~225 of the bench's
 * 4.6 KB documents): every `_bulk` request costs OpenSearch a fixed share (a translog fsync, request parsing), and
 * parts of ~100 documents (512 KiB, the default before) made the stage slower than one request per chunk.
 */
export const DEFAULT_BULK_MIN_SPLIT_BYTES = 1024 * 1024;

/** Only what the stage reads of a bulk answer: OpenSearch builds and the client parses ~4× less JSON. */
const BULK_FILTER_PATH = 'items.*._id,items.*.status,items.*.result,items.*.error.type,items.*.error.reason';

export interface BulkIndexOptions {
  /**
   * Whether these writes should ask for a refresh (when the adapter has a refresher; default true). The index stage
   * says false while its partition has a backlog: the next chunk follows at once, and the index's refresh_interval
   * makes a backlog searchable without a refresh per bulk.
   */
  refresh?: boolean;
}

/**
 * How a chunk is split across concurrent requests: `idle` into as many parts as the limiter has idle slots (at least
 * one): a chunk that arrives while other chunks' requests keep OpenSearch busy goes as one larger request; `always`
 * into `bulkConcurrency` parts whatever else is in flight (the behaviour before, for comparison).
 */
export type BulkSplit = 'idle' | 'always';

export interface OpenSearchAdapterOptions {
  /** `_bulk` requests in flight at once for this adapter, whatever the number of chunks being indexed. */
  bulkConcurrency?: number;
  /** See {@link BulkSplit}; default `idle`. */
  split?: BulkSplit;
  /** See {@link DEFAULT_BULK_MIN_SPLIT_BYTES}. */
  minSplitBytes?: number;
  /**
   * When > 0, a refresh of the alias is requested after acknowledged writes, at most one per this many ms (see
   * {@link RefreshScheduler}); 0 leaves visibility to the index's `refresh_interval`.
   */
  refreshAfterMs?: number;
  /** Told when a requested refresh failed (the index's `refresh_interval` still applies). */
  onRefreshError?: (err: unknown) => void;
}

/** OpenSearch access for the index stage: index/alias bootstrap and bulk upserts by article id. */
export class OpenSearchAdapter {
  readonly client: Client;
  private readonly limiter: Limiter;
  private readonly minSplitBytes: number;
  private readonly split: BulkSplit;
  /** `{"index":{"_index":"<alias>","_id":` : the start of every action line, serialised once. */
  private readonly actionPrefix: string;
  /** Present when the adapter requests refreshes after writes (`refreshAfterMs` > 0). */
  readonly refresher: RefreshScheduler | undefined;

  /** `maxBulkBytes` bounds one `_bulk` request body (default {@link DEFAULT_BULK_MAX_BYTES}). */
  constructor(
    url: string,
    readonly alias: string,
    private readonly maxBulkBytes: number = DEFAULT_BULK_MAX_BYTES,
    opts: OpenSearchAdapterOptions = {},
  ) {
    this.client = new Client({ ...opensearchClientOptions(url), requestTimeout: 30_000, maxRetries: 0 });
    this.limiter = new Limiter(Math.max(1, opts.bulkConcurrency ?? DEFAULT_BULK_CONCURRENCY));
    this.minSplitBytes = opts.minSplitBytes ?? DEFAULT_BULK_MIN_SPLIT_BYTES;
    this.split = opts.split ?? 'idle';
    this.actionPrefix = `{"index":{"_index":${JSON.stringify(alias)},"_id":`;
    const refreshAfterMs = opts.refreshAfterMs ?? 0;
    this.refresher =
      refreshAfterMs > 0
        ? new RefreshScheduler(
            refreshAfterMs,
            () => this.client.indices.refresh({ index: this.alias }),
            opts.onRefreshError,
          )
        : undefined;
  }

  async ensureIndex(): Promise<string> {
    return (await ensureArticlesIndex(this.client, this.alias)).index;
  }

  /**
   * `index` operations (idempotent: same id, same document, no duplicate) in `_bulk` requests; results in input
   * order. Each document is serialised once, into a request body. The chunk is split into requests of at most
   * `maxBulkBytes` (a larger single document goes alone), and into up to `bulkConcurrency` parts of at least
   * `minSplitBytes` each, so that OpenSearch works on several requests at once even when the stage has one chunk in
   * hand; every request of the adapter goes through one limiter of `bulkConcurrency`. Resolves (or throws the first
   * failure) only once every request of the chunk has ended, so a retry never races a request still in flight.
   */
  async bulkIndex(docs: ArticleDocument[], opts: BulkIndexOptions = {}): Promise<BulkItemResult[]> {
    const lines = docs.map((d) => `${this.actionPrefix}${JSON.stringify(d.id)}}}\n${JSON.stringify(d)}\n`);
    const bodies = this.bodiesOf(lines);
    const settled = await Promise.allSettled(bodies.map((b) => this.limiter.run(() => this.sendBulk(b))));
    const results: BulkItemResult[] = [];
    for (const r of settled) {
      if (r.status === 'rejected') throw r.reason;
      results.push(...r.value);
    }
    if (this.refresher && opts.refresh !== false && results.some((r) => r.status < 300))
      this.refresher.written();
    return results;
  }

  /**
   * The request bodies of a chunk's NDJSON lines, in order: parts of at most `maxBulkBytes` (a larger single line
   * goes alone) and of about `total / parts`, where `parts` is the limiter's idle slots now (see {@link BulkSplit}),
   * but no more parts than leave each at least `minSplitBytes`, and at least one: OpenSearch is kept busy by other
   * chunks' requests when there are any, and fewer, larger requests cost it less per document. Each body is one Buffer of
   * exactly its size, every line UTF-8 encoded once straight into it: the HTTP client then neither measures a string
   * body again nor has the socket encode it (and no body-sized string is built and flattened on the JS heap).
   */
  bodiesOf(lines: readonly string[]): Buffer[] {
    const sizes = lines.map((l) => Buffer.byteLength(l, 'utf8'));
    const total = sizes.reduce((a, b) => a + b, 0);
    const slots = this.split === 'always' ? this.limiter.limit : this.limiter.idle;
    const parts = Math.max(1, Math.min(slots, Math.floor(total / this.minSplitBytes)));
    const target = Math.min(this.maxBulkBytes, Math.ceil(total / parts));
    // Where each body ends (exclusive line index): a body closes once it reaches the target (so a chunk makes at most
    // bulkConcurrency parts, not a small extra one for the remainder), or before a line that would take it past
    // maxBulkBytes. Then one exact allocation per body.
    const ends: number[] = [];
    let bytes = 0;
    sizes.forEach((n, i) => {
      if (bytes > 0 && bytes + n > this.maxBulkBytes) {
        ends.push(i);
        bytes = 0;
      }
      bytes += n;
      if (bytes >= target) {
        ends.push(i + 1);
        bytes = 0;
      }
    });
    if (bytes > 0) ends.push(lines.length);
    const bodies: Buffer[] = [];
    let start = 0;
    for (const end of ends) {
      let size = 0;
      for (let i = start; i < end; i += 1) size += sizes[i] ?? 0;
      const body = Buffer.allocUnsafe(size);
      let at = 0;
      for (let i = start; i < end; i += 1) at += body.write(lines[i] ?? '', at, 'utf8');
      bodies.push(body);
      start = end;
    }
    return bodies;
  }

  /** One `_bulk` request of an NDJSON body (instrumented per request by `instrumentBulk`). */
  async sendBulk(body: Buffer | string): Promise<BulkItemResult[]> {
    let res;
    try {
      // The client sends a Buffer or string body as it is (typed as an array of operations only).
      res = await this.client.bulk({ body: body as never, refresh: false, filter_path: BULK_FILTER_PATH });
    } catch (err) {
      const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
      throw new BulkUnavailableError(`bulk request failed: ${(err as Error).message}`, status);
    }
    const items =
      (
        res.body as {
          items?: Array<
            Record<
              string,
              { _id: string; status: number; result?: string; error?: { type?: string; reason?: string } }
            >
          >;
        }
      ).items ?? [];
    return items.map((item) => {
      const op = Object.values(item)[0];
      return {
        id: op?._id ?? '',
        status: op?.status ?? 500,
        result: op?.result as BulkItemResult['result'],
        errorType: op?.error?.type,
        errorReason: op?.error?.reason,
      };
    });
  }

  async ping(): Promise<string> {
    const res = await this.client.cluster.health({});
    return (res.body as { status: string }).status;
  }

  async close(): Promise<void> {
    this.refresher?.close();
    await this.client.close();
  }
}
