import { Client, errors } from '@opensearch-project/opensearch';
import { opensearchClientOptions } from '@newsflow/messaging';
import {
  aliasIndicesWriteFirst,
  dropUnaliasedArticleIndices,
  isMultiIndexAliasError,
  reindexTaskState,
  startReindexCopy,
  storyKeyComplete,
  switchToReindexed,
  ReindexJobStore,
  type RawSearchResponse,
  type SearchIndexFeatures,
  type ReindexCopy,
  type ReindexTaskState,
  withHitList,
} from '@newsflow/search';
import { DependencyUnavailableProblem } from '../problem/problem.exception.js';

/** An OpenSearch answer that is the caller's fault (4xx other than 404/429), e.g. a search_after of the wrong shape. */
export class OpenSearchRequestError extends Error {
  readonly code = 'opensearch_bad_request';
  constructor(
    readonly statusCode: number,
    readonly reason: string,
  ) {
    super(`OpenSearch rejected the request (${statusCode}): ${reason}`);
  }
}

function isIndexMissing(err: unknown): boolean {
  return (
    err instanceof errors.ResponseError &&
    err.meta.statusCode === 404 &&
    (err.meta.body as { error?: { type?: string } } | undefined)?.error?.type === 'index_not_found_exception'
  );
}

/**
 * Maps a client failure: no connection, timeout, 429 or 5xx become a 503 problem (OpenSearch is unavailable);
 * another 4xx becomes an {@link OpenSearchRequestError}; the rest is rethrown.
 */
export function mapOpenSearchError(err: unknown): Error {
  if (err instanceof errors.ResponseError) {
    const status = err.meta.statusCode ?? 0;
    if (status === 429 || status >= 500)
      return new DependencyUnavailableProblem('opensearch', `OpenSearch answered ${status}`);
    const reason =
      (err.meta.body as { error?: { root_cause?: Array<{ reason?: string }>; reason?: string } } | undefined)
        ?.error?.root_cause?.[0]?.reason ?? err.message;
    return new OpenSearchRequestError(status, reason);
  }
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoLivingConnectionsError
  ) {
    return new DependencyUnavailableProblem('opensearch', `OpenSearch is unreachable: ${err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

const NO_RETRY = { maxRetries: 0 } as const;

/** How long {@link OpenSearchAdapter.indexFeatures} serves a check of the alias's mappings before checking again. */
export const INDEX_FEATURES_TTL_MS = 15_000;

/** Read access to the articles alias, plus the cluster facts /health and the dashboard need, and the reindex steps. */
export class OpenSearchAdapter {
  /** State documents of reindex jobs, shared by every gateway instance (see ReindexHandler). */
  readonly reindexJobs: ReindexJobStore;
  private features: SearchIndexFeatures = {};
  private featuresCheckedAt = Number.NEGATIVE_INFINITY;
  private featuresChecking = false;

  constructor(
    private readonly client: Client,
    readonly alias: string,
    jobsIndex: string,
  ) {
    this.reindexJobs = new ReindexJobStore(client, jobsIndex);
  }

  static create(url: string, alias: string, jobsIndex: string, requestTimeoutMs: number): OpenSearchAdapter {
    // One retry only: a dead cluster must turn into a quick 503, not a request that hangs through many retries.
    return new OpenSearchAdapter(
      new Client({
        ...opensearchClientOptions(url),
        requestTimeout: requestTimeoutMs,
        maxRetries: 1,
        compression: undefined,
      }),
      alias,
      jobsIndex,
    );
  }

  /**
   * Runs a search on the alias. A missing index (nothing indexed yet) answers as an empty result. `filterPath`
   * (OpenSearch's `filter_path`) trims the answer to what the caller reads; an empty hit list is still a list.
   */
  async search(body: Record<string, unknown>, filterPath?: string): Promise<RawSearchResponse> {
    try {
      // No retry: a search that timed out still runs in OpenSearch, and a second copy would double its work exactly
      // when it is overloaded; the caller gets a 503 and may retry itself.
      const filter = filterPath === undefined ? {} : { filter_path: filterPath };
      const res = await this.client.search({ index: this.alias, body, ...filter }, NO_RETRY);
      return withHitList(res.body as unknown as Partial<RawSearchResponse>);
    } catch (err) {
      if (isIndexMissing(err)) return { hits: { total: { value: 0 }, hits: [] } };
      throw mapOpenSearchError(err);
    }
  }

  /**
   * What the indices behind the alias support (see SearchIndexFeatures), as last checked: never a request of its
   * own on the search path. A check older than {@link INDEX_FEATURES_TTL_MS} is redone in the background; until the
   * first one answers (and while OpenSearch does not), the answer is the compatible default (no storyKey).
   */
  indexFeatures(now: number = performance.now()): SearchIndexFeatures {
    if (!this.featuresChecking && now - this.featuresCheckedAt >= INDEX_FEATURES_TTL_MS) {
      this.featuresChecking = true;
      storyKeyComplete(this.client, this.alias)
        .then(
          (storyKey) => {
            this.features = { storyKey };
          },
          () => {
            // keep the last answer; the next search after the TTL asks again
          },
        )
        .finally(() => {
          this.featuresChecking = false;
          this.featuresCheckedAt = performance.now();
        });
    }
    return this.features;
  }

  /** The stored article (the whole document: text, entities, scores) and the concrete index holding it, or undefined. */
  async getArticle(id: string): Promise<{ index: string; source: Record<string, unknown> } | undefined> {
    try {
      return await this.getFrom(this.alias, id);
    } catch (err) {
      // During `newsflow reindex` the alias holds two indices: ask each, the write index (newest version) first.
      if (!isMultiIndexAliasError(err)) throw mapOpenSearchError(err);
      try {
        for (const index of await aliasIndicesWriteFirst(this.client, this.alias)) {
          const found = await this.getFrom(index, id);
          if (found) return found;
        }
        return undefined;
      } catch (inner) {
        throw mapOpenSearchError(inner);
      }
    }
  }

  private async getFrom(
    index: string,
    id: string,
  ): Promise<{ index: string; source: Record<string, unknown> } | undefined> {
    try {
      const res = await this.client.get({ index, id });
      const body = res.body as unknown as {
        found?: boolean;
        _index: string;
        _source?: Record<string, unknown>;
      };
      if (!body.found || !body._source) return undefined;
      return { index: body._index, source: body._source };
    } catch (err) {
      if (err instanceof errors.ResponseError && err.meta.statusCode === 404) return undefined;
      throw err;
    }
  }

  /** Number of documents behind the alias (0 when it does not exist yet). */
  async countArticles(): Promise<number> {
    try {
      const res = await this.client.count({ index: this.alias });
      return (res.body as unknown as { count: number }).count;
    } catch (err) {
      if (isIndexMissing(err)) return 0;
      throw mapOpenSearchError(err);
    }
  }

  /** Cluster health status (green, yellow, red) and node count. */
  async clusterHealth(): Promise<{ status: string; nodes: number }> {
    try {
      const res = await this.client.cluster.health({});
      const body = res.body as unknown as { status: string; number_of_nodes: number };
      return { status: body.status, nodes: body.number_of_nodes };
    } catch (err) {
      throw mapOpenSearchError(err);
    }
  }

  /** Creates the hidden new index version and starts the copy task (see reindexArticles in libs/search). */
  startReindexCopy(opts: { settleMs?: number; requestsPerSecond?: number } = {}): Promise<ReindexCopy> {
    return startReindexCopy(this.client, this.alias, opts);
  }

  /** The copy task's progress, also once complete; undefined when OpenSearch no longer knows it. */
  reindexTaskState(taskId: string): Promise<ReindexTaskState | undefined> {
    return reindexTaskState(this.client, taskId);
  }

  /** Makes the filled new version the only index behind the alias (idempotent). */
  async switchToReindexed(copy: ReindexCopy): Promise<void> {
    await switchToReindexed(this.client, copy);
    // The alias now holds other indices: check their features with the next search.
    this.featuresCheckedAt = Number.NEGATIVE_INFINITY;
  }

  /** Deletes the article index versions no longer behind the alias; returns their names. */
  dropOldVersions(): Promise<string[]> {
    return dropUnaliasedArticleIndices(this.client, this.alias);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
