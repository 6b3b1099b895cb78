import {
  ENRICHED_TOPIC,
  INDEXED_TOPIC,
  readStageTimestamps,
  type EnrichedArticle,
  type IndexedConfirmation,
} from '@newsflow/contracts';
import {
  PermanentError,
  jsonMessage,
  parseOrFail,
  sleep,
  type BatchFailure,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';
import { toArticleDocument, type ArticleDocument } from '@newsflow/search';
import type { Logger } from 'pino';
import { BulkUnavailableError, type BulkItemResult } from '../opensearch.adapter.js';

export interface BulkIndexer {
  readonly alias: string;
  /** `refresh: false` while more of the partition waits (see BulkIndexOptions). */
  bulkIndex(docs: ArticleDocument[], opts?: { refresh?: boolean }): Promise<BulkItemResult[]>;
}

export interface IndexArticlesOptions {
  /** Attempts for documents OpenSearch answers with a 5xx item error; 429 (back-pressure) is retried without limit. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** `zod`: every message parsed by zod only; default `compiled` (see INDEX_VALIDATION). */
  validation?: 'compiled' | 'zod';
}

export interface BatchControl {
  logger: Logger;
  heartbeat: () => Promise<void>;
  pause: () => () => void;
  isRunning?: () => boolean;
  /** Tells the stage's health why it waits (OpenSearch down or throttling), `null` once it no longer does. */
  blocked?: (reason: string | null) => void;
  /** Messages of the partition waiting behind this chunk (0 or absent: caught up). */
  backlog?: number;
}

/**
 * Bulk-indexes a chunk of enriched articles. Whole-request failures and 429s are retried with capped
 * exponential backoff while the partition is paused (nothing is committed meanwhile); per-document rejections
 * (mapping errors, ...) become dead letters carrying OpenSearch's reason; successes become `news.indexed.v1`.
 */
export class IndexArticlesHandler {
  private readonly sleep: (ms: number) => Promise<void>;
  /** `fastCheck: false` with `validation: 'zod'`: inputs and confirmations through zod only, for comparison. */
  private readonly parseOptions: { fastCheck: boolean };

  constructor(
    private readonly indexer: BulkIndexer,
    private readonly opts: IndexArticlesOptions,
  ) {
    this.sleep = opts.sleep ?? sleep;
    this.parseOptions = { fastCheck: opts.validation !== 'zod' };
  }

  async handle(
    messages: InboundMessage[],
    ctl: BatchControl,
  ): Promise<{ outputs: OutboundMessage[]; failures: BatchFailure[] }> {
    const failures: BatchFailure[] = [];
    // Last message wins for an id inside one chunk: they are the same article reprocessed.
    const latest = new Map<string, { message: InboundMessage; article: EnrichedArticle }>();
    for (const message of messages) {
      const parsed = parseOrFail(ENRICHED_TOPIC, message.value, this.parseOptions);
      if (!parsed.ok) {
        failures.push({ message, error: parsed.error, attempts: 1 });
        continue;
      }
      latest.set(parsed.value.id, { message, article: parsed.value });
    }

    const outputs: OutboundMessage[] = [];
    let pending = [...latest.values()];
    const attempts = new Map<string, number>();
    let round = 0;
    while (pending.length > 0) {
      const now = new Date();
      const docs = pending.map((p) => toArticleDocument(p.article, now));
      let results: BulkItemResult[];
      try {
        // Searchable soon only matters once the partition is caught up: under a backlog the next chunk follows at
        // once and a refresh per bulk would only cost OpenSearch (the index's refresh_interval still applies).
        results = await this.indexer.bulkIndex(docs, { refresh: (ctl.backlog ?? 0) === 0 });
        ctl.blocked?.(null);
      } catch (err) {
        if (!(err instanceof BulkUnavailableError)) throw err;
        round += 1;
        await this.backoff(round, ctl, `OpenSearch unavailable (${err.message})`);
        continue;
      }
      const retry: typeof pending = [];
      let throttled = false;
      results.forEach((r, i) => {
        const item = pending[i];
        if (!item) return;
        const id = item.article.id;
        if (r.status >= 200 && r.status < 300) {
          outputs.push(this.confirmation(item.message, item.article, r, now));
        } else if (r.status === 429) {
          throttled = true;
          retry.push(item);
        } else if (r.status >= 500 && (attempts.get(id) ?? 1) < this.opts.maxAttempts) {
          attempts.set(id, (attempts.get(id) ?? 1) + 1);
          retry.push(item);
        } else {
          failures.push({
            message: item.message,
            error: new PermanentError(
              'opensearch_rejected',
              `OpenSearch rejected document ${id} (${r.status}): ${r.errorType ?? 'error'}: ${r.errorReason ?? 'no reason given'}`,
            ),
            attempts: attempts.get(id) ?? 1,
          });
        }
      });
      pending = retry;
      if (pending.length > 0) {
        round += 1;
        await this.backoff(
          round,
          ctl,
          throttled ? 'OpenSearch throttled (429)' : 'OpenSearch item errors (5xx)',
        );
      }
    }
    return { outputs, failures };
  }

  private confirmation(
    message: InboundMessage,
    a: EnrichedArticle,
    r: BulkItemResult,
    now: Date,
  ): OutboundMessage {
    const stageTimestamps: Record<string, number> = {
      ...readStageTimestamps(message.headers),
      index: now.getTime(),
    };
    const payload: IndexedConfirmation = {
      schemaVersion: 1,
      id: a.id,
      dumpId: a.dumpId,
      index: this.indexer.alias,
      result: r.result ?? 'updated',
      indexedAt: now.toISOString(),
      stageTimestamps,
    };
    // keys in the schema's order: the confirmation topic's compiled check lets it be serialised as it stands
    return jsonMessage(INDEXED_TOPIC, a.id, payload, {}, this.parseOptions);
  }

  private async backoff(round: number, ctl: BatchControl, why: string): Promise<void> {
    if (ctl.isRunning && !ctl.isRunning()) throw new Error(`stopping while retrying: ${why}`);
    const delay = Math.min(this.opts.retryBaseMs * 2 ** Math.min(round - 1, 16), this.opts.retryMaxMs);
    ctl.logger.warn({ round, delayMs: delay }, `${why}; pausing and retrying`);
    ctl.blocked?.(why);
    const resume = ctl.pause();
    try {
      await this.sleep(delay);
    } finally {
      resume();
    }
    await ctl.heartbeat();
  }
}
