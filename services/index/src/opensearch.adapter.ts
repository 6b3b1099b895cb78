import { Client } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import { ensureArticlesIndex, type ArticleDocument } from '@newsflow/search';

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

/** OpenSearch access for the index stage: index/alias bootstrap and bulk upserts by article id. */
export class OpenSearchAdapter {
  readonly client: Client;

  /** `maxBulkBytes` bounds one `_bulk` request body (default {@link DEFAULT_BULK_MAX_BYTES}). */
  constructor(
    url: string,
    readonly alias: string,
    private readonly maxBulkBytes: number = DEFAULT_BULK_MAX_BYTES,
  ) {
    this.client = new Client({ ...opensearchClientOptions(url), requestTimeout: 30_000, maxRetries: 0 });
  }

  async ensureIndex(): Promise<string> {
    return (await ensureArticlesIndex(this.client, this.alias)).index;
  }

  /**
   * `index` operations (idempotent: same id, same document, no duplicate) in `_bulk` requests of at most
   * `maxBulkBytes` each (a larger single document goes alone), sent one after the other; results in input order.
   * Each document is serialised once, into the request body.
   */
  async bulkIndex(docs: ArticleDocument[]): Promise<BulkItemResult[]> {
    const results: BulkItemResult[] = [];
    let body = '';
    let bytes = 0;
    for (const d of docs) {
      const lines = `${JSON.stringify({ index: { _index: this.alias, _id: d.id } })}\n${JSON.stringify(d)}\n`;
      const n = Buffer.byteLength(lines, 'utf8');
      if (bytes > 0 && bytes + n > this.maxBulkBytes) {
        results.push(...(await this.bulkRequest(body)));
        body = '';
        bytes = 0;
      }
      body += lines;
      bytes += n;
    }
    if (bytes > 0) results.push(...(await this.bulkRequest(body)));
    return results;
  }

  /** One `_bulk` request of an NDJSON body. */
  private async bulkRequest(body: string): Promise<BulkItemResult[]> {
    let res;
    try {
      // The client sends a string body as it is (typed as an array of operations only).
      res = await this.client.bulk({ body: body as never, refresh: false });
    } catch (err) {
      const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
      throw new BulkUnavailableError(`bulk request failed: ${(err as Error).message}`, status);
    }
    const items = (
      res.body as {
        items: Array<
          Record<
            string,
            { _id: string; status: number; result?: string; error?: { type?: string; reason?: string } }
          >
        >;
      }
    ).items;
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
    await this.client.close();
  }
}
