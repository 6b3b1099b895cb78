import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { QuerySyntaxError, buildPercolatorQuery, subscriptionRequestSchema } from '@newsflow/search';
import type { SubscriptionEventsAdapter } from '../adapters/subscription-events.adapter.js';
import type {
  StoredSubscription,
  SubscriptionsStoreAdapter,
} from '../adapters/subscriptions-store.adapter.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { querySyntaxProblem } from '../search/search.handler.js';
import { webhookSecret } from './webhook-signature.js';
import { subscriptionIdParams, type SubscriptionCreated } from '../openapi/api-schemas.js';

export type { SubscriptionCreated };

export const SUBSCRIPTION_STORE = Symbol('SUBSCRIPTION_STORE');
export const SUBSCRIPTION_EVENTS = Symbol('SUBSCRIPTION_EVENTS');
export const WEBHOOK_SIGNING_KEY = Symbol('WEBHOOK_SIGNING_KEY');

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** Creates, reads and deletes saved searches; validates stream cursors. */
@Injectable()
export class SubscriptionsHandler {
  constructor(
    @Inject(SUBSCRIPTION_STORE)
    private readonly store: Pick<SubscriptionsStoreAdapter, 'put' | 'get' | 'delete'>,
    @Inject(SUBSCRIPTION_EVENTS) private readonly events: Pick<SubscriptionEventsAdapter, 'remove'>,
    @Inject(WEBHOOK_SIGNING_KEY) private readonly signingKey: string,
  ) {}

  async create(body: unknown): Promise<SubscriptionCreated> {
    const parsed = subscriptionRequestSchema.safeParse(body);
    if (!parsed.success) throw ValidationProblem.fromZod(parsed.error);
    const req = parsed.data;
    let query: Record<string, unknown>;
    try {
      query = buildPercolatorQuery(req);
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw querySyntaxProblem(err, 'query');
      throw err;
    }
    const id = randomBytes(16).toString('hex');
    const filters = Object.fromEntries(
      Object.entries(req.filters).filter(([, v]) => v && v.length),
    ) as Record<string, string[]>;
    const sub: StoredSubscription = {
      id,
      q: req.query,
      filters,
      ...(req.webhook ? { webhook: req.webhook } : {}),
      createdAt: new Date().toISOString(),
    };
    await this.store.put(sub, query);
    return {
      id,
      query: sub.q,
      filters,
      ...(req.webhook ? { webhook: req.webhook, webhookSecret: webhookSecret(this.signingKey, id) } : {}),
      stream: `/v1/subscriptions/${id}/stream`,
      createdAt: sub.createdAt,
    };
  }

  async get(id: string): Promise<StoredSubscription> {
    ValidationProblem.parse(subscriptionIdParams, { id });
    const sub = await this.store.get(id);
    if (!sub) throw new NotFoundProblem(`no subscription with id ${id}`);
    return sub;
  }

  async delete(id: string): Promise<void> {
    ValidationProblem.parse(subscriptionIdParams, { id });
    if (!(await this.store.delete(id))) throw new NotFoundProblem(`no subscription with id ${id}`);
    await this.events.remove(id);
  }

  /** The Last-Event-ID a client sent, validated (an event id this API issued). */
  static lastEventId(header: string | string[] | undefined): string | undefined {
    if (header === undefined || header === '') return undefined;
    const v = Array.isArray(header) ? header[0] : header;
    if (v === undefined || !STREAM_ID.test(v))
      throw ValidationProblem.field('Last-Event-ID', 'not an event id of this stream');
    return v;
  }
}
