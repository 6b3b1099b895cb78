import type { UrlJob, UrlQueue } from './resolve-dump.handler.js';
import type { FetchQueueAdapter } from '@newsflow/fetch-url';

/** The resolve-dump handler's view of the BullMQ fetch queue. */
export class BullUrlQueue implements UrlQueue {
  constructor(private readonly queue: FetchQueueAdapter) {}

  async enqueue(jobs: UrlJob[]): Promise<void> {
    await this.queue.enqueueMany(
      jobs.map((j) => ({
        url: j.url,
        dumpId: j.dumpId,
        traceId: j.traceId,
        ingestTs: j.ingestTs,
        receivedAt: j.receivedAt,
        docIndex: j.docIndex,
        depth: j.depth ?? 0,
        ...(j.source ? { source: j.source } : {}),
        ...(j.fallback ? { fallback: j.fallback } : {}),
      })),
    );
  }
}
