import {
  HEADER_DUMP_ID,
  HEADER_LINK_DEPTH,
  HEADER_TRACE_ID,
  INGEST_TOPIC,
  stageTimestampHeader,
} from '@newsflow/contracts';
import { resolveDump } from '@newsflow/extract';
import { rawDocumentMessages } from '../shared/raw-documents.js';
import {
  PermanentError,
  type BatchFailure,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';
import type { FetchJobData, FetchOutcome } from '@newsflow/fetch-url';

/**
 * Where a download's outcome goes: the stage transport's `publish` (outputs and dead letters in one send, counted by
 * the stage's metrics like the outputs of a consumed message).
 */
export interface OutcomeSink {
  publish(outputs: OutboundMessage[], failures: BatchFailure[]): Promise<void>;
}

export interface LinkQueue {
  enqueueMany(items: ReadonlyArray<Omit<FetchJobData, 'attempt'>>): Promise<string[]>;
}

/**
 * Publishes the outcome of one URL download: the page's raw document(s) on `news.raw.v1`, or a dead letter
 * naming the fetch failure (timeout, forbidden address, HTTP status, ...). Links of a fetched feed are queued
 * once (depth 1) and not followed further.
 */
export class FetchedPageHandler {
  constructor(
    private readonly sink: OutcomeSink,
    private readonly links: LinkQueue,
    private readonly options: { maxDumpBytes: number; ingestTopic?: string },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The outcome's outputs and dead letters, handed to the sink in one call. */
  async handle(outcome: FetchOutcome): Promise<void> {
    const { outputs, failures } = await this.resolve(outcome);
    await this.sink.publish(outputs, failures);
  }

  private async resolve(
    outcome: FetchOutcome,
  ): Promise<{ outputs: OutboundMessage[]; failures: BatchFailure[] }> {
    const job = outcome.job;
    const headers = {
      [HEADER_TRACE_ID]: job.traceId,
      [HEADER_DUMP_ID]: job.dumpId,
      ...(job.ingestTs ? { [stageTimestampHeader('ingest')]: String(job.ingestTs) } : {}),
      // clean reads it: a listing page fetched as a link is not expanded again (and a replayed dead letter keeps it)
      ...(job.depth ? { [HEADER_LINK_DEPTH]: String(job.depth) } : {}),
    };
    const now = this.clock();
    const withFetchTs = { ...headers, [stageTimestampHeader('fetch')]: String(now.getTime()) };
    // A page that cannot be fetched or read: its inline fallback (if any) is published, and one dead letter.
    const failed = (code: string, message: string, attempts: number) => ({
      outputs: this.fallbackMessages(job, withFetchTs, now),
      failures: [
        this.failure(job, headers, new PermanentError(code, `${message}${this.fallbackNote(job)}`), attempts),
      ],
    });
    if (!outcome.ok)
      return failed(
        outcome.code,
        `GET ${job.url} failed after ${outcome.attempts} attempt(s): ${outcome.message}`,
        outcome.attempts,
      );
    const res = await resolveDump(outcome.bytes, {
      contentType: outcome.contentType,
      url: outcome.finalUrl,
      maxBytes: this.options.maxDumpBytes,
    });
    if (!res.ok) return failed(res.reason, `GET ${outcome.finalUrl}: ${res.message}`, outcome.attempts);
    const receivedAt = job.receivedAt ?? now.toISOString();
    const base = job.docIndex ?? 0;
    const messages = rawDocumentMessages(res, {
      dumpId: job.dumpId,
      receivedAt,
      fetchedAt: outcome.fetchedAt,
      source: job.source,
      pageUrl: outcome.finalUrl,
      docIndexBase: base,
      headers: withFetchTs,
    });
    if (res.urls.length > 0 && (job.depth ?? 0) === 0) {
      await this.links.enqueueMany(
        res.urls.map((url, i) => ({
          url,
          dumpId: job.dumpId,
          traceId: job.traceId,
          source: job.source,
          receivedAt,
          ingestTs: job.ingestTs,
          docIndex: base + 1000 + i,
          depth: 1,
          ...(res.fallbacks?.[url]
            ? { fallback: { format: res.innerFormat ?? res.format, document: res.fallbacks[url] } }
            : {}),
        })),
      );
    } else if (messages.length === 0) {
      return {
        outputs: this.fallbackMessages(job, withFetchTs, now),
        failures: [
          this.failure(
            job,
            headers,
            new PermanentError(
              'no_documents',
              `GET ${outcome.finalUrl}: the page holds no document${this.fallbackNote(job)}`,
            ),
            outcome.attempts,
          ),
        ],
      };
    }
    return { outputs: messages, failures: [] };
  }

  private fallbackNote(job: FetchJobData): string {
    return job.fallback ? '; the inline content the dump gave for this URL was published instead' : '';
  }

  /** The dump's inline version of a page whose download failed: the article is kept, under the page's URL. */
  private fallbackMessages(job: FetchJobData, headers: Record<string, string>, now: Date): OutboundMessage[] {
    if (!job.fallback) return [];
    const receivedAt = job.receivedAt ?? now.toISOString();
    return rawDocumentMessages(
      {
        ok: true,
        format: job.fallback.format,
        documents: [{ ...job.fallback.document, index: 0 }],
        urls: [],
        warnings: [],
      },
      {
        dumpId: job.dumpId,
        receivedAt,
        fetchedAt: now.toISOString(),
        source: job.source,
        docIndexBase: job.docIndex ?? 0,
        headers,
      },
    );
  }

  private failure(
    job: FetchJobData,
    headers: Record<string, string>,
    error: PermanentError,
    attempts: number,
  ): BatchFailure {
    // The "original message" of a URL download is the url-only envelope that asks for it, so a replay refetches it.
    const original: InboundMessage = {
      topic: this.options.ingestTopic ?? INGEST_TOPIC,
      partition: 0,
      offset: '-1',
      key: job.dumpId,
      value: Buffer.from(
        JSON.stringify({ id: job.dumpId, url: job.url, ...(job.source ? { source: job.source } : {}) }),
      ),
      headers,
      timestamp: String(this.clock().getTime()),
    };
    return { message: original, error, attempts };
  }
}
