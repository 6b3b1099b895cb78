import { describe, expect, it } from 'vitest';
import { DLQ_TOPIC, RAW_TOPIC, deadLetterSchema, rawDocumentSchema } from '@newsflow/contracts';
import { deadLetterFor, type BatchFailure, type OutboundMessage } from '@newsflow/messaging';
import type { FetchJobData, FetchOutcome } from '@newsflow/fetch-url';
import { FetchedPageHandler, type LinkQueue, type OutcomeSink } from './fetched-page.handler.js';

/** Records what the stage transport would publish, dead letters built as its runner builds them. */
class Sink implements OutcomeSink {
  sent: OutboundMessage[] = [];
  published = 0;
  publish(outputs: OutboundMessage[], failures: BatchFailure[]): Promise<void> {
    this.published += 1;
    this.sent.push(
      ...failures.map((f) => deadLetterFor('fetch', f.message, f.error, f.attempts, new Date())),
      ...outputs,
    );
    return Promise.resolve();
  }
}
class Links implements LinkQueue {
  queued: Array<Omit<FetchJobData, 'attempt'>> = [];
  enqueueMany(items: ReadonlyArray<Omit<FetchJobData, 'attempt'>>): Promise<string[]> {
    this.queued.push(...items);
    return Promise.resolve(items.map((_, i) => String(i)));
  }
}
const job: FetchJobData = {
  url: 'https://example.com/news/1',
  dumpId: 'dump-u',
  traceId: 't-1',
  attempt: 1,
  receivedAt: '2026-11-27T10:00:00.000Z',
  ingestTs: 1764237600000,
  docIndex: 3,
  depth: 0,
  source: 'Example',
};
const page =
  '<html><head><title>Wind record</title></head><body><article><h1>Wind record</h1><p>Denmark produced a record share of power from wind.</p></article></body></html>';
const ok = (
  bytes: string,
  contentType = 'text/html; charset=utf-8',
  j: FetchJobData = job,
): FetchOutcome => ({
  ok: true,
  job: j,
  attempts: 1,
  status: 200,
  finalUrl: 'https://example.com/news/1?x=1',
  contentType,
  bytes: Buffer.from(bytes),
  fetchedAt: '2026-11-27T10:00:02.000Z',
});
const setup = () => {
  const sink = new Sink();
  const links = new Links();
  return {
    sink,
    links,
    h: new FetchedPageHandler(
      sink,
      links,
      { maxDumpBytes: 1 << 20, ingestTopic: 'p.news.ingest.v1' },
      () => new Date('2026-11-27T10:00:03.000Z'),
    ),
  };
};

describe('FetchedPageHandler', () => {
  it('publishes a fetched page as a raw HTML document of its dump, with trace headers and the final URL', async () => {
    const { h, sink } = setup();
    await h.handle(ok(page));
    expect(sink.published).toBe(1);
    expect(sink.sent).toHaveLength(1);
    const [m] = sink.sent;
    expect(m!.topic).toBe(RAW_TOPIC);
    expect(m!.headers).toMatchObject({
      'newsflow-trace-id': 't-1',
      'newsflow-dump-id': 'dump-u',
      'newsflow-ts-ingest': '1764237600000',
    });
    expect(rawDocumentSchema.parse(JSON.parse(String(m!.value)))).toMatchObject({
      dumpId: 'dump-u',
      docIndex: 3,
      contentType: 'text/html',
      url: 'https://example.com/news/1?x=1',
      source: 'Example',
      receivedAt: '2026-11-27T10:00:00.000Z',
      fetchedAt: '2026-11-27T10:00:02.000Z',
    });
  });

  it('dead-letters a failed download with its code, attempts and a replayable url-only envelope', async () => {
    const { h, sink } = setup();
    await h.handle({ ok: false, job, attempts: 4, code: 'timeout', message: 'no response within 15000 ms' });
    const record = deadLetterSchema.parse(JSON.parse(String(sink.sent[0]!.value)));
    expect(sink.sent[0]!.topic).toBe(DLQ_TOPIC);
    expect(record).toMatchObject({
      stage: 'fetch',
      errorCode: 'timeout',
      attempts: 4,
      originalTopic: 'p.news.ingest.v1',
      originalKey: 'dump-u',
    });
    expect(record.errorMessage).toContain('https://example.com/news/1');
    expect(JSON.parse(Buffer.from(record.originalPayloadBase64, 'base64').toString())).toEqual({
      id: 'dump-u',
      url: job.url,
      source: 'Example',
    });
  });

  it('dead-letters a page that is not text', async () => {
    const { h, sink } = setup();
    await h.handle(ok('\u0000\u0001\u0002\u0003PNG\u0000\u0000', 'application/octet-stream'));
    expect(deadLetterSchema.parse(JSON.parse(String(sink.sent[0]!.value))).errorCode).toBe('binary');
  });

  it('follows the links of a fetched feed once, and not the links found at depth 1', async () => {
    const feed =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>A</title><link>https://example.com/a</link></item></channel></rss>';
    const first = setup();
    await first.h.handle(ok(feed, 'application/rss+xml'));
    expect(first.links.queued).toEqual([
      expect.objectContaining({ url: 'https://example.com/a', depth: 1, dumpId: 'dump-u' }),
    ]);
    const deeper = setup();
    await deeper.h.handle(ok(feed, 'application/rss+xml', { ...job, depth: 1 }));
    expect(deeper.links.queued).toEqual([]);
    expect(deadLetterSchema.parse(JSON.parse(String(deeper.sink.sent[0]!.value))).errorCode).toBe(
      'no_documents',
    );
  });

  it('marks the raw document of a page fetched as a link with its link depth, so clean does not expand it again', async () => {
    const { h, sink } = setup();
    await h.handle(ok(page, 'text/html', { ...job, depth: 1 }));
    expect(sink.sent[0]!.headers['newsflow-link-depth']).toBe('1');
    const top = setup();
    await top.h.handle(ok(page));
    expect(top.sink.sent[0]!.headers['newsflow-link-depth']).toBeUndefined();
  });

  describe('a teaser whose feed gave inline content', () => {
    const body = Array.from({ length: 50 }, (_, i) => `dam${i}`).join(' ');
    const withFallback: FetchJobData = {
      ...job,
      fallback: {
        format: 'rss',
        document: { body, contentType: 'text/plain', charset: 'utf-8', title: 'Dam opens', url: job.url },
      },
    };

    it('publishes the inline content as the article and dead-letters the failed download with a note', async () => {
      const { h, sink } = setup();
      await h.handle({ ok: false, job: withFallback, attempts: 4, code: 'timeout', message: 'no response' });
      expect(sink.sent.map((m) => m.topic)).toEqual([DLQ_TOPIC, RAW_TOPIC]);
      const note = deadLetterSchema.parse(JSON.parse(String(sink.sent[0]!.value)));
      expect(note).toMatchObject({ stage: 'fetch', errorCode: 'timeout' });
      expect(note.errorMessage).toContain('inline content');
      expect(rawDocumentSchema.parse(JSON.parse(String(sink.sent[1]!.value)))).toMatchObject({
        dumpId: 'dump-u',
        docIndex: 3,
        format: 'rss',
        contentType: 'text/plain',
        title: 'Dam opens',
        body,
        url: job.url,
        source: 'Example',
      });
    });

    it('publishes the inline content when the downloaded page cannot be read', async () => {
      const { h, sink } = setup();
      await h.handle(ok('\u0000\u0001\u0002PNG\u0000', 'application/octet-stream', withFallback));
      expect(sink.sent.map((m) => m.topic)).toEqual([DLQ_TOPIC, RAW_TOPIC]);
      expect(rawDocumentSchema.parse(JSON.parse(String(sink.sent[1]!.value))).body).toBe(body);
    });

    it('does not publish the inline content when the page was fetched', async () => {
      const { h, sink } = setup();
      await h.handle(ok(page, 'text/html', withFallback));
      expect(sink.sent).toHaveLength(1);
      expect(rawDocumentSchema.parse(JSON.parse(String(sink.sent[0]!.value))).contentType).toBe('text/html');
    });
  });
});
