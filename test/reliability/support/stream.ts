import { sleep } from '../../support/wait.js';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { INGEST_TOPIC, ingestHeaders, prefixed } from '@newsflow/contracts';

export interface StreamOptions {
  readonly brokers: string[];
  readonly prefix: string;
  /** Number of dumps; dump d holds items [d * perDump, (d + 1) * perDump). */
  readonly dumps: number;
  readonly perDump: number;
  /** Upper bound on items pushed per second (the stream keeps flowing while the fault happens). */
  readonly itemsPerSecond: number;
  /** The dump body of items [from, to) and its content type. */
  readonly dump: (from: number, to: number) => { body: string; contentType: string };
  /** Dump ids are `<batch>-d<k>`: a dump re-sent after a lost acknowledgement keeps its id. */
  readonly batch: string;
  readonly log: (line: string) => void;
}

/**
 * Pushes dumps to the prefix's ingest topic at a bounded rate, in the background. A send that fails (the broker is
 * down) is retried until it succeeds or `giveUpAfterMs` passes; a re-sent dump has the same key and bytes, so the
 * pipeline sees the same dump id and the same article ids (an idempotent upsert, never a new article).
 */
export class DumpStream {
  sentDumps = 0;
  private readonly producer: Producer;
  readonly done: Promise<void>;

  constructor(
    private readonly opts: StreamOptions,
    private readonly giveUpAfterMs = 300_000,
  ) {
    this.producer = new Kafka({
      clientId: `${opts.prefix}.reliability-stream`,
      brokers: opts.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 3000 },
    }).producer({ allowAutoTopicCreation: false });
    this.done = this.run();
  }

  get total(): number {
    return this.opts.dumps * this.opts.perDump;
  }

  private async run(): Promise<void> {
    const { dumps, perDump, itemsPerSecond, prefix, batch } = this.opts;
    const topic = prefixed(prefix, INGEST_TOPIC);
    const gap = (perDump / itemsPerSecond) * 1000;
    await this.withRetry('connect', () => this.producer.connect());
    try {
      for (let d = 0; d < dumps; d += 1) {
        const t0 = Date.now();
        const { body, contentType } = this.opts.dump(d * perDump, (d + 1) * perDump);
        const dumpId = `${batch}-d${d}`;
        await this.withRetry(`dump ${dumpId}`, () =>
          this.producer.send({
            topic,
            acks: -1,
            messages: [
              {
                key: dumpId,
                value: body,
                headers: ingestHeaders({ traceId: dumpId, dumpId, ingestedAt: Date.now(), contentType }),
              },
            ],
          }),
        );
        this.sentDumps = d + 1;
        const wait = gap - (Date.now() - t0);
        if (wait > 0) await sleep(wait);
      }
    } finally {
      await this.producer.disconnect().catch(() => undefined);
    }
  }

  private async withRetry(what: string, fn: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + this.giveUpAfterMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await fn();
        return;
      } catch (err) {
        if (Date.now() > deadline) {
          throw new Error(
            `stream: ${what} still failing after ${this.giveUpAfterMs} ms: ${(err as Error).message}`,
          );
        }
        if (attempt === 1 || attempt % 10 === 0) {
          this.opts.log(`stream: ${what} failed (${(err as Error).message}); retrying`);
        }
        await sleep(1000);
      }
    }
  }
}
