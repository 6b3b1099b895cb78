import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { redisConnectionOptions } from '@newsflow/messaging';
import type { Logger } from 'pino';
import { SIGNATURE_HEADER, signWebhook, webhookSecret } from '../subscriptions/webhook-signature.js';
import { closeQueue } from './bullmq.adapter.js';

export interface WebhookJob {
  subscriptionId: string;
  url: string;
  /** The JSON body to POST (the same event the SSE stream carries). */
  body: string;
  eventId: string;
}

/** BullMQ connections must not time out blocking commands into errors (maxRetriesPerRequest: null). */
const connection = (url: string): ConnectionOptions => ({
  ...redisConnectionOptions(url),
  maxRetriesPerRequest: null,
});

export interface WebhookOptions {
  signingKey: string;
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

/**
 * Webhook deliveries as BullMQ jobs: retried with exponential backoff (`attempts`, `backoffMs`) on a network error,
 * a timeout or a non-2xx answer; each POST carries the signature header. The job id is subscription + event, so
 * a match enqueued twice is delivered once.
 */
export class WebhookQueueAdapter {
  private queueInstance: Queue<WebhookJob> | undefined;
  private worker: Worker<WebhookJob> | undefined;

  constructor(
    private readonly redisUrl: string,
    readonly name: string,
    private readonly opts: WebhookOptions,
    private readonly logger: Logger,
  ) {}

  /** Created on first use: building the gateway (e.g. to render the OpenAPI document) connects to nothing. */
  private get queue(): Queue<WebhookJob> {
    if (!this.queueInstance) {
      this.queueInstance = new Queue<WebhookJob>(this.name, { connection: connection(this.redisUrl) });
      this.queueInstance.on('error', () => undefined);
    }
    return this.queueInstance;
  }

  async enqueue(jobs: WebhookJob[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: 'deliver',
        data,
        opts: {
          jobId: `${data.subscriptionId}.${data.eventId}`,
          attempts: this.opts.attempts,
          backoff: { type: 'exponential', delay: this.opts.backoffMs },
          removeOnComplete: { age: 3600, count: 10_000 },
          removeOnFail: { age: 7 * 86_400, count: 10_000 },
        },
      })),
    );
  }

  /** Starts delivering (one worker per gateway process; BullMQ spreads jobs over instances). */
  start(): void {
    this.worker ??= new Worker<WebhookJob>(this.name, (job) => this.deliver(job), {
      connection: connection(this.redisUrl),
      concurrency: 16,
    });
    this.worker.on('error', (err) => this.logger.warn({ err: String(err) }, 'webhook worker error'));
    this.worker.on('failed', (job, err) =>
      this.logger.warn(
        { subscription: job?.data.subscriptionId, attempt: job?.attemptsMade, err: err.message },
        'webhook delivery failed',
      ),
    );
  }

  private async deliver(job: Job<WebhookJob>): Promise<void> {
    const { url, body, subscriptionId, eventId } = job.data;
    const secret = webhookSecret(this.opts.signingKey, subscriptionId);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        'x-newsflow-event-id': eventId,
        'x-newsflow-subscription': subscriptionId,
        'x-newsflow-attempt': String(job.attemptsMade + 1),
      },
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
      redirect: 'manual',
    });
    // The body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered ${res.status}`);
  }

  /** Job counts (tests and the dashboard). */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  /** Removes the queue and its jobs (tests). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.worker?.close();
    if (this.queueInstance) await closeQueue(this.queueInstance);
  }
}
