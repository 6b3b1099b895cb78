import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { initExtract } from '@newsflow/extract';
import { dumpArticles } from './extract.command.js';

const receivedAt = '2026-11-30T12:00:00.000Z';
const description =
  'The new dam on the river opened on Monday after ten years of building work. Officials said the reservoir would supply water to three cities and generate power for forty thousand homes. Farmers downstream welcomed the news but asked for guarantees about summer flows.';
const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>Dam opens after ten years</title><link>https://example.org/dam</link>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><description>${description}</description></item>
<item><title>Bare link</title><link>https://example.org/bare</link></item>
</channel></rss>`;

describe('newsflow extract runs the pipeline path (resolveDump, then articlesOfDocument)', () => {
  beforeAll(() => initExtract());

  it('reads an RSS file as a feed: an item with inline content is its article, a bare link is a URL to download', async () => {
    const r = await dumpArticles(Buffer.from(feed), { format: 'auto', receivedAt, fileName: 'news.rss' });
    expect(r).toMatchObject({ ok: true, urls: ['https://example.org/bare'] });
    if (!r.ok) return;
    expect(r.articles).toHaveLength(1);
    expect(r.articles[0]).toMatchObject({
      title: 'Dam opens after ten years',
      url: 'https://example.org/dam',
      publishedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(r.articles[0]!.body).toContain('forty thousand homes');
    expect(r.articles.map((a) => a.title)).not.toContain('Example News');
  });

  it('reads NDJSON records, gzip and a legacy charset as the fetch stage does', async () => {
    const ndjson = `{"title":"Rates held","text":"${description}","url":"https://example.org/rates"}\n`;
    const r = await dumpArticles(gzipSync(Buffer.from(ndjson)), { format: 'auto', receivedAt });
    expect(r).toMatchObject({
      ok: true,
      articles: [{ title: 'Rates held', url: 'https://example.org/rates' }],
    });
    const latin = Buffer.from(
      `<html><head><meta charset="iso-8859-1"><title>Zürich</title></head><body><article><h1>Zürich café owners</h1><p>${description} Zürich café owners said so.</p></article></body></html>`,
      'latin1',
    );
    const html = await dumpArticles(latin, { format: 'auto', receivedAt });
    expect(html.ok && html.articles[0]?.body).toContain('Zürich café owners said so.');
  });

  it('fails with the reason the pipeline dead-letters, for a dump that is not text', async () => {
    const r = await dumpArticles(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), {
      format: 'auto',
      receivedAt,
    });
    expect(r).toMatchObject({ ok: false, reason: 'binary' });
  });
});
