import { Client, errors } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import { mgetThroughAlias, subscriptionsIndexBody } from '@newsflow/search';
import { mapOpenSearchError } from './opensearch.adapter.js';
import type { StoredSubscription } from '../openapi/api-schemas.js';

export type { StoredSubscription };

/** A match of one article against the stored queries: which subscriptions matched which document slot. */
export interface PercolateMatch {
  subscription: StoredSubscription;
  slots: number[];
}

/**
 * The percolator index of saved searches and the reads percolation needs (articles by id). One OpenSearch client
 * of its own: percolation must not queue behind search traffic on the search adapter's connections.
 */
export class SubscriptionsStoreAdapter {
  private ensured: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    readonly index: string,
    private readonly articlesAlias: string,
  ) {}

  static create(url: string, index: string, articlesAlias: string, requestTimeoutMs: number) {
    return new SubscriptionsStoreAdapter(
      new Client({ ...opensearchClientOptions(url), requestTimeout: requestTimeoutMs, maxRetries: 1 }),
      index,
      articlesAlias,
    );
  }

  /** Creates the percolator index if missing (idempotent, safe against a concurrent creator). */
  ensureIndex(): Promise<void> {
    this.ensured ??= (async () => {
      try {
        const exists = await this.client.indices.exists({ index: this.index });
        if (exists.body) return;
        await this.client.indices.create({ index: this.index, body: subscriptionsIndexBody() });
      } catch (err) {
        const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
        if (type === 'resource_already_exists_exception') return;
        this.ensured = undefined;
        throw mapOpenSearchError(err);
      }
    })();
    return this.ensured;
  }

  /** Stores a saved search; visible to percolation as soon as this resolves (refresh wait_for). */
  async put(sub: StoredSubscription, query: Record<string, unknown>): Promise<void> {
    await this.ensureIndex();
    try {
      await this.client.index({
        index: this.index,
        id: sub.id,
        refresh: 'wait_for',
        body: { query, subscription: sub },
      });
    } catch (err) {
      throw mapOpenSearchError(err);
    }
  }

  async get(id: string): Promise<StoredSubscription | undefined> {
    try {
      const res = await this.client.get({ index: this.index, id, _source_includes: ['subscription'] });
      const body = res.body as unknown as {
        found?: boolean;
        _source?: { subscription?: StoredSubscription };
      };
      return body.found ? body._source?.subscription : undefined;
    } catch (err) {
      if (err instanceof errors.ResponseError && err.meta.statusCode === 404) return undefined;
      throw mapOpenSearchError(err);
    }
  }

  /** True when the saved search existed. */
  async delete(id: string): Promise<boolean> {
    try {
      await this.client.delete({ index: this.index, id, refresh: 'wait_for' });
      return true;
    } catch (err) {
      if (err instanceof errors.ResponseError && err.meta.statusCode === 404) return false;
      throw mapOpenSearchError(err);
    }
  }

  /**
   * True when at least one saved search is stored. Percolation asks this once per batch and skips reading the
   * articles back when there is none: without subscribers, indexing must not cost a read and a percolate request
   * per article. A saved search is counted as soon as `put` resolves (it waits for the refresh), so one created
   * before a batch is percolated against it exactly as before.
   */
  async hasSubscriptions(): Promise<boolean> {
    try {
      const res = await this.client.count({ index: this.index });
      return ((res.body as unknown as { count?: number }).count ?? 0) > 0;
    } catch (err) {
      if (err instanceof errors.ResponseError && err.meta.statusCode === 404) return false;
      throw mapOpenSearchError(err);
    }
  }

  /** Article documents by id from the articles alias (real-time get: no refresh needed). */
  async articles(ids: string[]): Promise<Array<Record<string, unknown>>> {
    if (!ids.length) return [];
    try {
      return await mgetThroughAlias(this.client, this.articlesAlias, ids, [
        'entities',
        'keywordWeights',
        'topicScores',
      ]);
    } catch (err) {
      throw mapOpenSearchError(err);
    }
  }

  /** Every saved search matching at least one of the documents, with the slots (document positions) it matched. */
  async percolate(documents: Array<Record<string, unknown>>): Promise<PercolateMatch[]> {
    if (!documents.length) return [];
    await this.ensureIndex();
    const out: PercolateMatch[] = [];
    let after: Array<string | number> | undefined;
    // Paged by id: any number of saved searches may match one batch.
    for (;;) {
      let res;
      try {
        res = await this.client.search({
          index: this.index,
          body: {
            size: 1000,
            query: { percolate: { field: 'query', documents } },
            _source: ['subscription'],
            sort: [{ 'subscription.id': 'asc' }],
            ...(after ? { search_after: after } : {}),
          },
        });
      } catch (err) {
        throw mapOpenSearchError(err);
      }
      const hits = (
        res.body as unknown as {
          hits: {
            hits: Array<{
              _source?: { subscription?: StoredSubscription };
              fields?: { _percolator_document_slot?: number[] };
              sort?: unknown[];
            }>;
          };
        }
      ).hits.hits;
      for (const h of hits) {
        const sub = h._source?.subscription;
        if (!sub) continue;
        out.push({ subscription: sub, slots: h.fields?._percolator_document_slot ?? [0] });
      }
      if (hits.length < 1000) break;
      after = hits.at(-1)?.sort as Array<string | number> | undefined;
    }
    return out;
  }

  /** Deletes the whole index (tests). */
  async dropIndex(): Promise<void> {
    await this.client.indices.delete({ index: this.index }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
