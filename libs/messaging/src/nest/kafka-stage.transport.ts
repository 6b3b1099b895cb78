import {
  Server,
  type CustomTransportStrategy,
  type MessageHandler as NestHandler,
} from '@nestjs/microservices';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  STAGE_STATUSES,
  stageHealthReport,
  type HealthIndicator,
  type StageHealthReport,
  type StageHealthSource,
} from '@newsflow/observability';
import type { BatchControl, BatchFailure, HandlerContext, InboundMessage } from '../message.types.js';
import type { OutboundMessage } from '../producer.js';
import { KafkaProducerAdapter } from '../producer.js';
import { physicalTopic } from '../config.js';
import { StageHost, type StageHostOptions } from '../stage-host.js';

/** Extras of a stage's `@EventPattern(topic, { batch: true })`: the handler takes the whole chunk (the index stage). */
export interface StagePatternExtras {
  batch?: boolean;
}

export type KafkaStageTransportOptions = Omit<StageHostOptions, 'handler' | 'producer'>;

/**
 * A Nest custom transport that hosts a pipeline stage: the controller method decorated with
 * `@EventPattern(<input topic>)` is the stage's handler. It receives one {@link InboundMessage} (and a
 * {@link HandlerContext} via `@Ctx()`), or with `{ batch: true }` the chunk and a {@link BatchControl}, and returns
 * the messages to produce. Delivery stays exactly as the stage runner does it: manual commits after the outputs were
 * acknowledged, bounded retries, dead letters, pause/resume, a supervised consumer and truthful health.
 */
export class KafkaStageTransport extends Server implements CustomTransportStrategy {
  /** The stage's producer, shared with its runner. */
  readonly producer: KafkaProducerAdapter;
  private host: StageHost | undefined;
  private hostStarted: (host: StageHost) => void = () => undefined;
  private readonly started = new Promise<StageHost>((resolve) => {
    this.hostStarted = resolve;
  });

  constructor(private readonly opts: KafkaStageTransportOptions) {
    super();
    this.producer = new KafkaProducerAdapter(opts.kafka, opts.prefix, opts.logger);
  }

  /** Called by Nest once the controllers' patterns are registered: binds the handler and starts consuming. */
  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      const host = new StageHost({ ...this.opts, producer: this.producer, handler: this.bindHandler() });
      this.host = host;
      await host.start();
      this.hostStarted(host);
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.host?.stop();
  }

  /**
   * Publishes outputs that answer no consumed message (the fetch stage's URL downloads), and a dead letter per
   * failure, through the stage runner: one send, counted in the stage's metrics like a chunk's outputs. Waits until
   * the transport listens (work can start before the consumer does).
   */
  async publish(outputs: readonly OutboundMessage[], failures: readonly BatchFailure[] = []): Promise<void> {
    const host = await this.started;
    await host.runner.publish(outputs, failures);
  }

  on(): never {
    throw new Error('KafkaStageTransport has no events to listen to; read /health instead');
  }

  unwrap<T>(): T {
    if (!this.host) throw new Error('the stage transport is not listening yet');
    return this.host as T;
  }

  /** The stage's health for /health and /ready: `starting` until the transport listens. */
  healthSource(indicators: readonly HealthIndicator[] = []): StageHealthSource {
    return {
      report: () => (this.host ? this.host.health(indicators) : Promise.resolve(this.startingReport())),
    };
  }

  private startingReport(): StageHealthReport {
    const topic = physicalTopic(this.opts.prefix, this.opts.inputTopic);
    const verdict = { status: STAGE_STATUSES[0], reason: 'starting the stage consumer' } as const;
    return stageHealthReport(
      this.opts.stage,
      {
        group: this.opts.groupId,
        topic,
        state: 'starting',
        shuttingDown: false,
        startedAt: Date.now(),
        assigned: [],
        joined: false,
        lag: null,
        lastProgressAt: 0,
        lastCommitAt: 0,
        restarts: 0,
        failingSince: 0,
      },
      verdict,
      {},
    );
  }

  private bindHandler(): StageHostOptions['handler'] {
    const pattern = this.opts.inputTopic;
    const handler = this.getHandlerByPattern(pattern);
    if (!handler)
      throw new Error(
        `no @EventPattern('${pattern}') handler is registered for the ${this.opts.stage} stage`,
      );
    const extras = (handler as NestHandler & { extras?: StagePatternExtras }).extras;
    const call = async <R>(data: unknown, ctx: unknown, empty: R): Promise<R> => {
      // A controller method's result arrives wrapped by Nest (value, promise or observable): unwrap it to the value.
      const result = (await handler(data, ctx)) as Observable<R> | Promise<R>;
      return lastValueFrom(this.transformToObservable<R>(result), { defaultValue: empty });
    };
    if (extras?.batch)
      return {
        kind: 'batch',
        handle: (messages: InboundMessage[], ctl: BatchControl) =>
          call(messages, ctl, { outputs: [] as OutboundMessage[], failures: [] }),
      };
    return {
      kind: 'message',
      handle: (message: InboundMessage, ctx: HandlerContext) => call(message, ctx, [] as OutboundMessage[]),
    };
  }
}
