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

/** OpenSearch access for the index stage: index/alias bootstrap and bulk upserts by article id. */
export class OpenSearchAdapter {
  readonly client: Client;

  constructor(
    url: string,
    readonly alias: string,
  ) {
    this.client = new Client({ ...opensearchClientOptions(url), requestTimeout: 30_000, maxRetries: 0 });
  }

  async ensureIndex(): Promise<string> {
    return (await ensureArticlesIndex(this.client, this.alias)).index;
  }

  /** One `_bulk` request of `index` operations (idempotent: same id, same document, no duplicate). */
  async bulkIndex(docs: ArticleDocument[]): Promise<BulkItemResult[]> {
    const body: unknown[] = [];
    for (const d of docs) body.push({ index: { _index: this.alias, _id: d.id } }, d);
    let res;
    try {
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
