import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaAdminAdapter } from '../adapters/kafka-admin.adapter.js';
import type { SubscriptionEventsAdapter } from '../adapters/subscription-events.adapter.js';
import type { SubscriptionsStoreAdapter } from '../adapters/subscriptions-store.adapter.js';
import type { WebhookQueueAdapter } from '../adapters/webhook-queue.adapter.js';
import type { GatewayConfig } from '../gateway.config.js';
import { PercolateHandler } from './percolate.handler.js';
import { PercolateKafkaConsumer } from './percolate.kafka-consumer.js';
import {
  SUBSCRIPTION_EVENTS,
  SUBSCRIPTION_STORE,
  SubscriptionsHandler,
  WEBHOOK_SIGNING_KEY,
} from './subscriptions.handler.js';
import { SubscriptionsHttpController } from './subscriptions.http-controller.js';

/** The adapters of live saved searches, built with the other gateway adapters (nothing connects at build time). */
export interface SubscriptionDeps {
  store: SubscriptionsStoreAdapter;
  events: SubscriptionEventsAdapter;
  webhooks: WebhookQueueAdapter;
  kafka: Kafka;
}

interface ModuleDeps {
  config: GatewayConfig;
  logger: Logger;
  kafkaAdmin: KafkaAdminAdapter;
  subscriptions: SubscriptionDeps;
}

const DEPS = Symbol('SUBSCRIPTION_DEPS');

/**
 * Starts percolation (consumer of news.indexed.v1) and webhook delivery once the app is up, in the background:
 * the gateway serves while Kafka is down, and percolation starts when it comes back.
 */
@Injectable()
export class SubscriptionsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: PercolateKafkaConsumer | undefined;
  private stopped = false;

  constructor(@Inject(DEPS) private readonly deps: ModuleDeps) {}

  onApplicationBootstrap(): void {
    const { config, logger, subscriptions } = this.deps;
    if (!config.subscriptions.consumer) return;
    subscriptions.webhooks.start();
    const handler = new PercolateHandler(
      subscriptions.store,
      subscriptions.events,
      subscriptions.webhooks,
      logger,
    );
    const start = async (attempt: number): Promise<void> => {
      if (this.stopped) return;
      try {
        await subscriptions.store.ensureIndex();
        await this.deps.kafkaAdmin.ensureTopic(config.subscriptions.indexedTopic);
        this.consumer = new PercolateKafkaConsumer(
          subscriptions.kafka,
          config.subscriptions.indexedTopic,
          config.subscriptions.group,
          handler,
          logger,
          // kafkajs gave up (non-retriable error): a fresh consumer rejoins from the last committed offset.
          () => {
            const dead = this.consumer;
            this.consumer = undefined;
            void (dead?.stop() ?? Promise.resolve()).catch(() => undefined).then(() => start(attempt + 1));
          },
        );
        await this.consumer.start();
        logger.info(
          { topic: config.subscriptions.indexedTopic },
          'percolating indexed articles for saved searches',
        );
      } catch (err) {
        await this.consumer?.stop().catch(() => undefined);
        this.consumer = undefined;
        const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
        logger.warn({ err: String(err), retryInMs: delay }, 'saved-search percolation not started yet');
        setTimeout(() => void start(attempt + 1), delay).unref();
      }
    };
    void start(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const { subscriptions } = this.deps;
    await Promise.allSettled([
      this.consumer?.stop(),
      subscriptions.webhooks.close(),
      subscriptions.events.close(),
      subscriptions.store.close(),
    ]);
  }
}

@Module({})
export class SubscriptionsModule {
  static forRoot(deps: ModuleDeps): DynamicModule {
    return {
      module: SubscriptionsModule,
      controllers: [SubscriptionsHttpController],
      providers: [
        { provide: DEPS, useValue: deps },
        { provide: SUBSCRIPTION_STORE, useValue: deps.subscriptions.store },
        { provide: SUBSCRIPTION_EVENTS, useValue: deps.subscriptions.events },
        { provide: WEBHOOK_SIGNING_KEY, useValue: deps.config.subscriptions.signingKey },
        {
          provide: SubscriptionsHandler,
          useFactory: () =>
            new SubscriptionsHandler(
              deps.subscriptions.store,
              deps.subscriptions.events,
              deps.config.subscriptions.signingKey,
            ),
        },
        SubscriptionsLifecycle,
      ],
    };
  }
}
