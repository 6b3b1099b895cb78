import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';

interface FetchJob {
  url: string;
}
interface FetchResult {
  bytes: number;
  attempt: number;
}

describe('BullMQ job with a transient failure and a retry (real Redis)', () => {
  const name = testName('bullmq-fetch');
  let queue: Queue<FetchJob, FetchResult>;
  let events: QueueEvents;
  let worker: Worker<FetchJob, FetchResult>;
  const failures: string[] = [];

  beforeAll(async () => {
    const connection = { ...redisConnection(), maxRetriesPerRequest: null };
    queue = new Queue<FetchJob, FetchResult>(name, { connection });
    events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    worker = new Worker<FetchJob, FetchResult>(
      name,
      (job: Job<FetchJob, FetchResult>) => {
        // first attempt fails like a timed-out fetch; the retry succeeds
        if (job.attemptsMade === 0) return Promise.reject(new Error(`timeout fetching ${job.data.url}`));
        return Promise.resolve({ bytes: job.data.url.length, attempt: job.attemptsMade + 1 });
      },
      { connection },
    );
    worker.on('failed', (_job, err) => failures.push(err.message));
    await worker.waitUntilReady();
  });

  afterAll(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('fails the first attempt, retries with backoff and completes with the second attempt’s result', async () => {
    const job = await queue.add(
      'fetch',
      { url: 'http://127.0.0.1/dump.tar.gz' },
      { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    const result = await job.waitUntilFinished(events, 30_000);

    expect(result).toEqual({ bytes: 'http://127.0.0.1/dump.tar.gz'.length, attempt: 2 });
    expect(failures).toEqual(['timeout fetching http://127.0.0.1/dump.tar.gz']);
    const stored = await queue.getJob(job.id ?? '');
    expect(stored?.attemptsMade).toBe(2);
    expect(await stored?.getState()).toBe('completed');
  });
});
