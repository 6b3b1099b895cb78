import { describe, expect, it } from 'vitest';
import { DLQ_TOPIC, RAW_TOPIC, deadLetterSchema, rawDocumentSchema } from '@newsflow/contracts';
import type { InboundMessage } from '@newsflow/messaging';
import { ResolveDumpHandler, type UrlJob, type UrlQueue } from './resolve-dump.handler.js';

class RecordingQueue implements UrlQueue {
  jobs: UrlJob[] = [];
  enqueue(jobs: UrlJob[]): Promise<void> {
    this.jobs.push(...jobs);
    return Promise.resolve();
  }
}
const clock = () => new Date('2026-11-27T10:00:05.000Z');
function msg(
  value: Buffer | string,
  opts: { key?: string; headers?: Record<string, string> } = {},
): InboundMessage {
  return {
    topic: 'news.ingest.v1',
    partition: 0,
    offset: '7',
    key: opts.key,
    value: Buffer.isBuffer(value) ? value : Buffer.from(value),
    headers: opts.headers ?? {},
    timestamp: String(Date.parse('2026-11-27T10:00:00.000Z')),
  };
}
const handler = (q = new RecordingQueue()) => ({
  q,
  h: new ResolveDumpHandler(q, { maxDumpBytes: 1024 * 1024 }, clock),
});
const raws = (outs: Array<{ topic: string; value: Buffer | string }>) =>
  outs.filter((o) => o.topic === RAW_TOPIC).map((o) => rawDocumentSchema.parse(JSON.parse(String(o.value))));

const text =
  'Markets rally as inflation cools\n\nStocks rose on Monday after figures showed inflation easing for a third month, traders said.';

describe('ResolveDumpHandler', () => {
  it('turns raw text bytes without key or envelope into one raw document with a content-derived dump id', async () => {
    const { h } = handler();
    const outs = await h.handle(msg(text));
    const [doc] = raws(outs);
    expect(doc).toMatchObject({
      format: 'text',
      contentType: 'text/plain',
      docIndex: 0,
      receivedAt: '2026-11-27T10:00:00.000Z',
    });
    expect(doc!.dumpId).toMatch(/^[0-9a-f]{32}$/);
    expect(outs[0]!.key).toBe(doc!.dumpId);
    expect(outs[0]!.headers['newsflow-trace-id']).toMatch(/[0-9a-f-]{36}/);
    // The same bytes again: the same dump id.
    expect(raws(await h.handle(msg(text)))[0]!.dumpId).toBe(doc!.dumpId);
  });

  it('uses the Kafka key as dump id and keeps the producer trace id', async () => {
    const { h } = handler();
    const outs = await h.handle(
      msg('<html><head><title>x</title></head><body><p>Hello world</p></body></html>', {
        key: 'my-dump',
        headers: { 'newsflow-trace-id': 't-9' },
      }),
    );
    expect(raws(outs)[0]).toMatchObject({ dumpId: 'my-dump', contentType: 'text/html' });
    expect(outs[0]!.headers['newsflow-trace-id']).toBe('t-9');
  });

  it('decodes a base64 envelope body and takes its id, source and receivedAt', async () => {
    const { h } = handler();
    const env = {
      id: 'env-1',
      source: 'Wire',
      receivedAt: '2026-11-01T00:00:00Z',
      body: Buffer.from(text).toString('base64'),
      bodyEncoding: 'base64',
    };
    const [doc] = raws(await h.handle(msg(JSON.stringify(env))));
    expect(doc).toMatchObject({ dumpId: 'env-1', source: 'Wire', receivedAt: '2026-11-01T00:00:00.000Z' });
    expect(doc!.body).toContain('Markets rally');
  });

  it('queues a url-only envelope for download instead of emitting a document', async () => {
    const { h, q } = handler();
    const outs = await h.handle(
      msg(JSON.stringify({ url: 'https://example.com/news/1', source: 'Example' })),
    );
    expect(outs).toEqual([]);
    expect(q.jobs).toEqual([
      expect.objectContaining({ url: 'https://example.com/news/1', source: 'Example', docIndex: 0 }),
    ]);
  });

  it('queues every URL of a URL list', async () => {
    const { h, q } = handler();
    await h.handle(msg('https://example.com/a\nhttps://example.org/b\n'));
    expect(q.jobs.map((j) => j.url)).toEqual(['https://example.com/a', 'https://example.org/b']);
    expect(q.jobs.map((j) => j.depth)).toEqual([0, 0]);
  });

  it("carries the message's link depth (a listing's links sent back by clean) to its URL jobs and raw documents", async () => {
    const { h, q } = handler();
    const links = {
      id: 'dump-7',
      receivedAt: '2026-11-27T09:00:00.000Z',
      contentType: 'text/uri-list',
      body: 'https://example.com/2026/11/council-approves-the-new-lanes\nhttps://example.com/2026/11/dam-opens-after-years-of-work\n',
    };
    const outs = await h.handle(msg(JSON.stringify(links), { headers: { 'newsflow-link-depth': '1' } }));
    expect(outs).toEqual([]);
    expect(q.jobs).toEqual([
      expect.objectContaining({
        url: 'https://example.com/2026/11/council-approves-the-new-lanes',
        depth: 1,
      }),
      expect.objectContaining({ url: 'https://example.com/2026/11/dam-opens-after-years-of-work', depth: 1 }),
    ]);
    expect(q.jobs[0]).toMatchObject({ dumpId: 'dump-7', receivedAt: '2026-11-27T09:00:00.000Z' });
    const inline = await h.handle(msg(text, { headers: { 'newsflow-link-depth': '1' } }));
    expect(inline[0]!.headers['newsflow-link-depth']).toBe('1');
    // messages without the header (every message before it existed) are depth 0 and carry none
    expect((await h.handle(msg(text)))[0]!.headers['newsflow-link-depth']).toBeUndefined();
  });

  it('emits one document per NDJSON line and dead-letters the unreadable lines with the dump', async () => {
    const { h } = handler();
    const ndjson = [
      JSON.stringify({ title: 'One', body: 'First article body with enough words to count.' }),
      '{broken json',
      JSON.stringify({ title: 'Two', body: 'Second article body with enough words to count.' }),
    ].join('\n');
    const outs = await h.handle(msg(ndjson));
    expect(raws(outs).map((d) => d.title)).toEqual(['One', 'Two']);
    const dlq = outs
      .filter((o) => o.topic === DLQ_TOPIC)
      .map((o) => deadLetterSchema.parse(JSON.parse(String(o.value))));
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ stage: 'fetch', errorCode: 'partial_dump' });
    expect(dlq[0]!.errorMessage).toMatch(/line 2/);
  });

  it.each([
    ['an empty dump', Buffer.alloc(0), 'empty'],
    [
      'a binary dump',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      'binary',
    ],
    [
      'an envelope with a bad id',
      Buffer.from(JSON.stringify({ id: 'has spaces !', body: 'x' })),
      'invalid_envelope',
    ],
    [
      'an envelope with a bad base64 gzip body',
      Buffer.from(JSON.stringify({ body: 'bm90IGd6aXA=', bodyEncoding: 'gzip+base64' })),
      'invalid_envelope',
    ],
  ])('rejects %s with a precise permanent error', async (_name, value, code) => {
    const { h } = handler();
    await expect(h.handle(msg(value))).rejects.toMatchObject({ name: 'PermanentError', code });
  });

  it('queues a feed teaser with the inline content as its fallback, and linkless short items as documents', async () => {
    const w = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`).join(' ');
    const feed = `<rss version="2.0"><channel><title>Wire</title>
<item><title>Dam</title><link>https://t.example/dam</link><description>${w(50, 'dam')}</description></item>
<item><title>Port</title><description>${w(45, 'port')}</description></item>
</channel></rss>`;
    const { h, q } = handler();
    const outs = await h.handle(msg(feed));
    expect(raws(outs)).toEqual([
      expect.objectContaining({ title: 'Port', body: w(45, 'port'), format: 'rss' }),
    ]);
    expect(q.jobs.map((j) => j.url)).toEqual(['https://t.example/dam']);
    expect(q.jobs[0]?.fallback?.format).toBe('rss');
    expect(q.jobs[0]?.fallback?.document).toMatchObject({ title: 'Dam', body: w(50, 'dam') });
  });

  it.each([
    [
      { source: 5, body: 'Rates were held on Thursday.' },
      'invalid envelope: source: Expected string, received number',
    ],
    [{ body: 3 }, 'invalid envelope: body: Expected string, received number'],
    [{ source: 5 }, 'invalid envelope: source: Expected string, received number'],
    [{ source: 'Wire' }, 'invalid envelope: body: an envelope needs a body or a url'],
    [{ body: 'x', receivedAt: 'yesterday' }, 'invalid envelope: receivedAt: Invalid datetime'],
  ])(
    'rejects the envelope %j with the zod error naming the field, not as an article',
    async (value, message) => {
      const { h, q } = handler();
      await expect(h.handle(msg(JSON.stringify(value)))).rejects.toMatchObject({
        name: 'PermanentError',
        code: 'invalid_envelope',
        message,
      });
      expect(q.jobs).toEqual([]);
    },
  );

  it('publishes text with a few invalid UTF-8 bytes as UTF-8 with U+FFFD and the count on the raw document', async () => {
    const good = 'Zürich café owners say “prices rose” by 5 € — déjà vu.\n';
    const bytes = Buffer.concat([Buffer.from(good.repeat(4)), Buffer.from([0xff]), Buffer.from(good)]);
    const [doc] = raws(await handler().h.handle(msg(bytes)));
    expect(doc).toMatchObject({ charset: 'utf-8', replacements: 1 });
    expect(doc!.body).toContain('Zürich café');
    expect(doc!.body).not.toContain('Ã');
  });
});
