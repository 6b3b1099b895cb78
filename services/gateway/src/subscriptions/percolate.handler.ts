import { toArticleHit, type ArticleHit } from '@newsflow/search';
import type { IndexedConfirmation } from '@newsflow/contracts';
import type { Logger } from 'pino';
import type { SubscriptionEventsAdapter } from '../adapters/subscription-events.adapter.js';
import type { SubscriptionsStoreAdapter } from '../adapters/subscriptions-store.adapter.js';
import type { WebhookQueueAdapter } from '../adapters/webhook-queue.adapter.js';

/** What a subscriber receives for each newly indexed matching article (SSE `data:` and webhook body). */
export interface MatchEvent {
  subscriptionId: string;
  article: ArticleHit;
  indexedAt: string;
  matchedAt: string;
}

/**
 * Percolation of newly indexed articles: reads the articles of a batch of `news.indexed.v1` confirmations,
 * runs them against every saved search in one percolate request, appends each match to the subscription's stream
 * and enqueues its webhook. Only `created` confirmations notify: a re-index of the same article is not news.
 * With no saved search stored, a batch costs one count request and nothing else.
 */
export class PercolateHandler {
  constructor(
    private readonly store: Pick<SubscriptionsStoreAdapter, 'hasSubscriptions' | 'articles' | 'percolate'>,
    private readonly events: Pick<SubscriptionEventsAdapter, 'append'>,
    private readonly webhooks: Pick<WebhookQueueAdapter, 'enqueue'>,
    private readonly logger: Logger,
  ) {}

  async handle(confirmations: IndexedConfirmation[]): Promise<{ articles: number; matches: number }> {
    const created = confirmations.filter((c) => c.result === 'created');
    const ids = [...new Set(created.map((c) => c.id))];
    if (!ids.length || !(await this.store.hasSubscriptions())) return { articles: 0, matches: 0 };
    const docs = await this.store.articles(ids);
    if (docs.length < ids.length)
      this.logger.warn({ wanted: ids.length, found: docs.length }, 'some indexed articles were not found');
    const matches = await this.store.percolate(docs);
    const matchedAt = new Date().toISOString();
    const events: Array<{ subscriptionId: string; data: string; webhook?: string }> = [];
    for (const m of matches) {
      for (const slot of m.slots) {
        const doc = docs[slot];
        if (!doc) continue;
        const article = toArticleHit({ _id: String(doc.id), _index: '', _source: doc });
        const event: MatchEvent = {
          subscriptionId: m.subscription.id,
          article,
          indexedAt: typeof doc.indexedAt === 'string' ? doc.indexedAt : matchedAt,
          matchedAt,
        };
        events.push({
          subscriptionId: m.subscription.id,
          data: JSON.stringify(event),
          ...(m.subscription.webhook ? { webhook: m.subscription.webhook } : {}),
        });
      }
    }
    await this.events.append(events);
    await this.webhooks.enqueue(
      events
        .filter((e): e is typeof e & { webhook: string } => e.webhook !== undefined)
        .map((e) => {
          const articleId = (JSON.parse(e.data) as MatchEvent).article.id;
          return { subscriptionId: e.subscriptionId, url: e.webhook, body: e.data, eventId: articleId };
        }),
    );
    return { articles: docs.length, matches: events.length };
  }
}
