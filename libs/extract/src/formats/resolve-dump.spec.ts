import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './json-envelope.js';
import { resolveDump } from './resolve-dump.js';
import { sniffFormat } from './sniff-format.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const words = (n: number, word = 'word'): string =>
  Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

async function warcRecord(opts: {
  url: string;
  type?: 'response' | 'request' | 'resource';
  status?: number;
  contentType: string;
  payload: Uint8Array;
  gzip?: boolean;
}): Promise<Uint8Array> {
  const type = opts.type ?? 'response';
  const record = WARCRecord.create(
    {
      url: opts.url,
      type,
      ...(type === 'resource'
        ? { warcHeaders: { 'Content-Type': opts.contentType } }
        : {
            httpHeaders: { 'Content-Type': opts.contentType },
            statusline: type === 'request' ? 'GET / HTTP/1.1' : `HTTP/1.1 ${opts.status ?? 200} OK`,
          }),
    },
    [opts.payload],
  );
  return WARCSerializer.serialize(record, { gzip: opts.gzip ?? false });
}

const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('resolveDump: HTML and plain text', () => {
  it('turns an HTML dump into one text/html document with its title, charset and hinted URL', async () => {
    const r = await resolveDump(
      enc('<!doctype html><html><head><title>Rates &amp; markets</title></head><body><p>x</p></body></html>'),
      {
        url: 'https://news.example/a',
      },
    );
    expect(r).toMatchObject({ ok: true, format: 'html', urls: [], warnings: [] });
    expect(r.ok && r.documents).toEqual([
      expect.objectContaining({
        contentType: 'text/html',
        charset: 'utf-8',
        title: 'Rates & markets',
        url: 'https://news.example/a',
        index: 0,
      }),
    ]);
  });

  it('turns plain text into one text/plain document keeping the text as is', async () => {
    const text = 'Markets rallied on Tuesday.\n\nAnalysts said the rally < expected.';
    const r = await resolveDump(enc(text));
    expect(r).toMatchObject({ ok: true, format: 'text' });
    expect(r.ok && r.documents[0]).toMatchObject({ body: text, contentType: 'text/plain', index: 0 });
  });

  it('decodes a Windows-1252 HTML page declared in its meta tag', async () => {
    const bytes = concat([
      enc('<html><head><meta charset="windows-1252"><title>Caf'),
      Uint8Array.of(0xe9),
      enc('</title></head><body>'),
      Uint8Array.of(0x93),
      enc('quoted'),
      Uint8Array.of(0x94),
      enc('</body></html>'),
    ]);
    const r = await resolveDump(bytes);
    expect(r.ok && r.documents[0]).toMatchObject({ title: 'Café', charset: 'windows-1252' });
    expect(r.ok && r.documents[0]!.body).toContain('\u201cquoted\u201d');
  });
});

describe('resolveDump: NDJSON of articles', () => {
  it('emits one document per line with the article fields', async () => {
    const lines = [
      {
        title: 'One',
        body: 'First body.',
        url: 'https://n.example/1',
        source: 'Wire',
        author: 'A. B.',
        publishedAt: '2026-11-01T10:00:00Z',
      },
      {
        headline: 'Two',
        text: '<p>Second</p><p>body</p>',
        link: 'https://n.example/2',
        publisher: { name: 'Daily' },
        authors: ['C', 'D'],
      },
      { content: 'Third body.' },
    ];
    const r = await resolveDump(enc(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    expect(r).toMatchObject({ ok: true, format: 'ndjson', warnings: [], urls: [] });
    expect(r.ok && r.documents).toEqual([
      {
        body: 'First body.',
        contentType: 'text/plain',
        charset: 'utf-8',
        title: 'One',
        url: 'https://n.example/1',
        source: 'Wire',
        author: 'A. B.',
        publishedAt: '2026-11-01T10:00:00Z',
        index: 0,
      },
      {
        body: 'Second\n\nbody',
        contentType: 'text/plain',
        charset: 'utf-8',
        title: 'Two',
        url: 'https://n.example/2',
        source: 'Daily',
        author: 'C, D',
        index: 1,
      },
      { body: 'Third body.', contentType: 'text/plain', charset: 'utf-8', index: 2 },
    ]);
  });

  it('refuses records whose text fields have the wrong type, naming the field, instead of storing "5"', async () => {
    const lines = [
      { title: 'Good', body: 'A good record.', source: { name: 'Wire' } },
      { title: 'Bad source', body: 'Text.', source: 5 },
      { title: 7, body: 'Text.' },
      { title: 'Bad body', body: 3 },
    ];
    const r = await resolveDump(enc(lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(r.ok && r.documents.map((d) => [d.title, d.source])).toEqual([['Good', 'Wire']]);
    expect(r.ok && r.warnings).toEqual([
      'line 2: field "source" must be a string, a {name} object or a list of them, got number',
      'line 3: field "title" must be a string, got number',
      'line 4: field "body" must be a string, got number',
    ]);
  });

  it('strips inline HTML from the titles and bodies of records, keeping whole pages for the extractor', async () => {
    const page =
      '<!doctype html><html><head><title>P</title></head><body><nav>Home</nav><p>Text</p></body></html>';
    const lines = [
      { title: 'Rates <b>held</b> &amp; steady', body: '<p>The central bank held rates.</p>' },
      { title: 'Two', body: '<div><p>First <em>paragraph</em>.</p><ul><li>a point</li></ul></div>' },
      { title: 'Page', html: page },
      { title: 'Empty', body: '<p> </p><br>' },
    ];
    const r = await resolveDump(enc(lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(r.ok && r.documents.map(({ title, body, contentType }) => ({ title, body, contentType }))).toEqual(
      [
        { title: 'Rates held & steady', body: 'The central bank held rates.', contentType: 'text/plain' },
        { title: 'Two', body: 'First paragraph.\n\na point', contentType: 'text/plain' },
        { title: 'Page', body: page, contentType: 'text/html' },
      ],
    );
    expect(r.ok && r.warnings).toEqual(['line 4: the body is HTML markup without any text']);
  });

  it('reports malformed lines with their line numbers and keeps the good ones', async () => {
    const text = [
      '{"title":"ok","body":"fine"}',
      '{"title": broken',
      '',
      '[1,2]',
      '{"title":"no body"}',
      '{"url":"https://n.example/fetch-me"}',
    ].join('\n');
    const r = await resolveDump(enc(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.documents).toHaveLength(1);
    expect(r.urls).toEqual(['https://n.example/fetch-me']);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/^line 2: invalid JSON/);
    expect(r.warnings[1]).toMatch(/^line 4: expected a JSON object, got an array/);
    expect(r.warnings[2]).toMatch(/^line 5: no non-empty body\/text\/content field/);
  });

  it('fails as malformed when every line is bad', async () => {
    const r = await resolveDump(enc('{"a":1}\n{"b": nope\n'));
    expect(r).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!r.ok && r.message).toMatch(
      /none of the 2 JSON record\(s\) is an article: line 1: .*; line 2: invalid JSON/,
    );
  });

  it('accepts a JSON array of articles', async () => {
    const r = await resolveDump(
      enc(
        JSON.stringify(
          [
            { title: 'a', body: 'x' },
            { title: 'b', body: 'y' },
          ],
          null,
          2,
        ),
      ),
    );
    expect(r).toMatchObject({ ok: true, format: 'ndjson' });
    expect(r.ok && r.documents.map((d) => d.title)).toEqual(['a', 'b']);
  });
});

describe('resolveDump: JSON envelope', () => {
  it('resolves an envelope whose base64 body is an HTML page, taking url and source from the envelope', async () => {
    const body = Buffer.from(
      '<html><head><title>T</title></head><body><p>a</p><p>b</p></body></html>',
    ).toString('base64');
    const env = {
      id: 'd1',
      source: 'Reuters',
      url: 'https://r.example/x',
      contentType: 'text/html',
      body,
      bodyEncoding: 'base64',
    };
    const r = await resolveDump(enc(JSON.stringify(env)));
    expect(r).toMatchObject({ ok: true, format: 'json-envelope', innerFormat: 'html' });
    expect(r.ok && r.documents[0]).toMatchObject({
      title: 'T',
      url: 'https://r.example/x',
      source: 'Reuters',
      contentType: 'text/html',
    });
  });

  it('resolves a gzip+base64 body holding NDJSON', async () => {
    const ndjson = '{"title":"a","body":"x"}\n{"title":"b","body":"y"}\n';
    const env = { source: 'S', body: gzipSync(ndjson).toString('base64'), bodyEncoding: 'gzip+base64' };
    const r = await resolveDump(enc(JSON.stringify(env)));
    expect(r).toMatchObject({ ok: true, format: 'json-envelope', innerFormat: 'ndjson' });
    expect(r.ok && r.documents.map((d) => [d.title, d.source, d.url])).toEqual([
      ['a', 'S', undefined],
      ['b', 'S', undefined],
    ]);
  });

  it('turns an envelope with only a URL into one URL to fetch', async () => {
    const r = await resolveDump(enc('{"id":"x","url":"https://n.example/p?q=1"}'));
    expect(r).toEqual({
      ok: true,
      format: 'json-envelope',
      documents: [],
      urls: ['https://n.example/p?q=1'],
      warnings: [],
    });
  });

  it('refuses an envelope with a non-http URL', async () => {
    const r = await resolveDump(enc('{"url":"file:///etc/passwd"}'));
    expect(r).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('parseEnvelope takes every object whose keys are all envelope keys, whatever the value types', () => {
    expect(parseEnvelope(enc('{"id":"1","body":"hi"}'))).toEqual({
      ok: true,
      value: { id: '1', body: 'hi' },
    });
    expect(parseEnvelope(enc('{"source":5}'))).toEqual({ ok: true, value: { source: 5 } });
    expect(parseEnvelope(enc('{"body":1}'))).toEqual({ ok: true, value: { body: 1 } });
    expect(parseEnvelope(enc('{"title":"t","body":"an article, not an envelope"}'))).toEqual({ ok: false });
    expect(parseEnvelope(enc('{}'))).toEqual({ ok: false });
    expect(parseEnvelope(enc('[{"body":"x"}]'))).toEqual({ ok: false });
    expect(parseEnvelope(enc('{"body":"x"}\n{"body":"y"}'))).toEqual({ ok: false });
  });

  it('rejects an envelope with wrong field types naming the fields, instead of reading it as an article', async () => {
    expect(await resolveDump(enc('{"source":5,"body":"Rates were held on Thursday."}'))).toEqual({
      ok: false,
      reason: 'malformed',
      message: 'invalid envelope: source: Expected string, received number',
    });
    expect(await resolveDump(enc('{"body":3}'))).toMatchObject({
      ok: false,
      message: 'invalid envelope: body: Expected string, received number',
    });
    expect(await resolveDump(enc('{"body":"x","bodyEncoding":"rot13"}'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('bodyEncoding') as unknown,
    });
    expect(await resolveDump(enc('{"id":"1","source":"s"}'))).toMatchObject({
      ok: false,
      message: 'invalid envelope: body: an envelope needs a body or a url',
    });
  });
});

describe('resolveDump: WARC', () => {
  it('emits one document per HTML/text response record with the target URI and the HTTP charset', async () => {
    const records = [
      await warcRecord({
        url: 'https://a.example/1',
        contentType: 'text/html; charset=windows-1252',
        payload: concat([enc('<title>Caf'), Uint8Array.of(0xe9), enc('</title><p>x</p>')]),
      }),
      await warcRecord({
        url: 'https://a.example/1',
        type: 'request',
        contentType: 'text/html',
        payload: new Uint8Array(),
      }),
      await warcRecord({
        url: 'https://a.example/logo.png',
        contentType: 'image/png',
        payload: Uint8Array.of(0x89, 0x50, 0x4e, 0x47),
      }),
      await warcRecord({
        url: 'https://a.example/gone',
        status: 404,
        contentType: 'text/html',
        payload: enc('<p>not found</p>'),
      }),
      await warcRecord({
        url: 'https://a.example/2.txt',
        contentType: 'text/plain; charset=utf-8',
        payload: enc('Plain – text'),
      }),
    ];
    const r = await resolveDump(concat(records));
    expect(r).toMatchObject({ ok: true, format: 'warc', urls: [] });
    if (!r.ok) return;
    expect(r.documents).toEqual([
      {
        body: '<title>Café</title><p>x</p>',
        contentType: 'text/html',
        charset: 'windows-1252',
        url: 'https://a.example/1',
        title: 'Café',
        index: 0,
      },
      {
        body: 'Plain – text',
        contentType: 'text/plain',
        charset: 'utf-8',
        url: 'https://a.example/2.txt',
        index: 1,
      },
    ]);
    expect(r.warnings).toEqual([
      'skipped 1 record(s): content type image/png',
      'skipped 1 record(s): HTTP status 404',
    ]);
  });

  it('reads a WARC.gz (one gzip member per record)', async () => {
    const records = [
      await warcRecord({
        url: 'https://b.example/1',
        contentType: 'text/html',
        payload: enc('<p>one</p>'),
        gzip: true,
      }),
      await warcRecord({
        url: 'https://b.example/2',
        type: 'resource',
        contentType: 'text/html',
        payload: enc('<p>two</p>'),
        gzip: true,
      }),
    ];
    const bytes = concat(records);
    expect(sniffFormat(bytes, { fileName: 'crawl.warc.gz' })).toBe('warc');
    const r = await resolveDump(bytes);
    expect(r.ok && r.documents.map((d) => [d.url, d.body])).toEqual([
      ['https://b.example/1', '<p>one</p>'],
      ['https://b.example/2', '<p>two</p>'],
    ]);
  });

  it('fails as malformed when no WARC record can be read', async () => {
    const r = await resolveDump(enc('WARC/1.0 garbage\n\n\n'));
    expect(r).toEqual({ ok: false, reason: 'malformed', message: 'no WARC record could be read' });
  });

  it('skips a response record without an HTTP status line, saying so', async () => {
    const r = await resolveDump(enc('WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n'));
    expect(r).toEqual({
      ok: true,
      format: 'warc',
      documents: [],
      urls: [],
      warnings: ['skipped 1 record(s): HTTP status missing'],
    });
  });
});

describe('resolveDump: RSS and Atom', () => {
  const long = `<p>${words(120)}</p>`;
  const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><link>https://news.example/</link>
<item><title>Full story &amp; more</title><link>https://news.example/full</link><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate>
<dc:creator>Jane Roe</dc:creator><description>teaser</description><content:encoded><![CDATA[${long}]]></content:encoded></item>
<item><title>Teaser only</title><link>/teaser</link><description>Short &lt;b&gt;teaser&lt;/b&gt;</description></item>
<item><title>Nothing</title><description>tiny</description></item>
</channel></rss>`;

  it('emits items with substantial content as plain-text documents and sends teaser links to urls', async () => {
    const r = await resolveDump(enc(rss));
    expect(r).toMatchObject({ ok: true, format: 'rss', urls: ['https://news.example/teaser'] });
    if (!r.ok) return;
    expect(r.documents).toEqual([
      {
        body: words(120),
        contentType: 'text/plain',
        charset: 'utf-8',
        title: 'Full story & more',
        url: 'https://news.example/full',
        publishedAt: 'Tue, 10 Nov 2026 10:00:00 GMT',
        author: 'Jane Roe',
        source: 'Example News',
        index: 0,
      },
    ]);
    expect(r.fallbacks).toBeUndefined();
    expect(r.warnings).toEqual(['item 3: no link and only 1 words of content (an item needs 20)']);
  });

  it('turns linkless items of 45 to 64 words into articles instead of rejecting the feed', async () => {
    const feed = `<rss version="2.0"><channel><title>Short Wire</title>
<item><title>Port reopens</title><description>&lt;p&gt;${words(45, 'port')}&lt;/p&gt;</description></item>
<item><title>Rain &lt;b&gt;returns&lt;/b&gt;</title><description>${words(64, 'rain')}</description></item>
</channel></rss>`;
    const r = await resolveDump(enc(feed));
    expect(r).toMatchObject({ ok: true, format: 'rss', urls: [], warnings: [] });
    expect(r.ok && r.documents).toEqual([
      expect.objectContaining({ title: 'Port reopens', body: words(45, 'port'), contentType: 'text/plain' }),
      expect.objectContaining({ title: 'Rain returns', body: words(64, 'rain'), source: 'Short Wire' }),
    ]);
  });

  it('keeps the inline content of a teaser item as the fallback document of its link', async () => {
    const feed = `<rss version="2.0"><channel><title>Teasers</title>
<item><title>Dam opens</title><link>https://t.example/dam</link><description>&lt;p&gt;${words(50, 'dam')}&lt;/p&gt;</description><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Tiny</title><link>https://t.example/tiny</link><description>one line</description></item>
</channel></rss>`;
    const r = await resolveDump(enc(feed));
    expect(r).toMatchObject({
      ok: true,
      urls: ['https://t.example/dam', 'https://t.example/tiny'],
      documents: [],
    });
    expect(r.ok && r.fallbacks).toEqual({
      'https://t.example/dam': {
        body: words(50, 'dam'),
        contentType: 'text/plain',
        charset: 'utf-8',
        title: 'Dam opens',
        url: 'https://t.example/dam',
        publishedAt: 'Tue, 10 Nov 2026 10:00:00 GMT',
        source: 'Teasers',
      },
    });
  });

  it('reads Atom entries: link href, content, author name, published', async () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title type="html">A &lt;i&gt;big&lt;/i&gt; day</title><link rel="alternate" href="https://atom.example/a"/><published>2026-11-02T08:00:00Z</published>
<author><name>Kim Lee</name></author><content type="html">${long.replace(/</g, '&lt;')}</content></entry>
<entry><title>Short</title><link href="https://atom.example/b"/><summary>brief</summary></entry>
</feed>`;
    const r = await resolveDump(enc(atom));
    expect(r).toMatchObject({ ok: true, format: 'atom', urls: ['https://atom.example/b'], warnings: [] });
    expect(r.ok && r.documents[0]).toMatchObject({
      title: 'A big day',
      url: 'https://atom.example/a',
      author: 'Kim Lee',
      source: 'Atom Wire',
      publishedAt: '2026-11-02T08:00:00Z',
      body: words(120),
      contentType: 'text/plain',
    });
  });

  it('reads Atom xhtml content and CDATA html content as text', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>
<entry><title>x</title><link href="https://atom.example/x"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${words(90)} &amp; more</p></div></content></entry>
<entry><title>c</title><link href="https://atom.example/c"/><content type="html"><![CDATA[<p>${words(90)}</p>]]></content></entry>
</feed>`;
    const r = await resolveDump(enc(atom));
    expect(r.ok && r.documents.map((d) => d.body)).toEqual([`${words(90)} & more`, words(90)]);
  });

  it('does not expand entities declared in a DOCTYPE', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><title>t</title><item><link>https://x.example/1</link><description>&b;</description></item></channel></rss>`;
    const r = await resolveDump(enc(bomb));
    expect(r).toMatchObject({ ok: true, format: 'rss', urls: ['https://x.example/1'], documents: [] });
  });
});

describe('resolveDump: URL lists', () => {
  it('returns the URLs of a list, skipping comments and blank lines and dropping duplicates', async () => {
    const r = await resolveDump(
      enc('# today\nhttps://a.example/1\n\nhttp://b.example/2#frag\nhttps://a.example/1\n'),
    );
    expect(r).toEqual({
      ok: true,
      format: 'url-list',
      documents: [],
      urls: ['https://a.example/1', 'http://b.example/2'],
      warnings: [],
    });
  });
});

describe('resolveDump: gzip, caps and failures', () => {
  it('gunzips any format and sniffs again', async () => {
    const r = await resolveDump(gzipSync('https://a.example/1\nhttps://a.example/2\n'));
    expect(r).toMatchObject({
      ok: true,
      format: 'url-list',
      urls: ['https://a.example/1', 'https://a.example/2'],
    });
  });

  it('refuses input above maxBytes as too_large', async () => {
    const r = await resolveDump(enc('x'.repeat(101)), { maxBytes: 100 });
    expect(r).toEqual({ ok: false, reason: 'too_large', message: 'dump is 101 bytes, the limit is 100' });
  });

  it('refuses a gzip that inflates past maxDecompressedBytes as too_large', async () => {
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x61));
    const r = await resolveDump(bomb, { maxDecompressedBytes: 1_000_000 });
    expect(r).toMatchObject({ ok: false, reason: 'too_large' });
    expect(!r.ok && r.message).toBe('gzip content inflates to more than 1000000 bytes');
  });

  it('reports corrupt gzip as malformed', async () => {
    const r = await resolveDump(Uint8Array.of(0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5));
    expect(r).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!r.ok && r.message).toMatch(/^corrupt gzip data/);
  });

  it('reports empty and whitespace-only dumps as empty', async () => {
    expect(await resolveDump(new Uint8Array())).toMatchObject({ ok: false, reason: 'empty' });
    expect(await resolveDump(enc(' \n\t\n'))).toMatchObject({ ok: false, reason: 'empty' });
    expect(await resolveDump(gzipSync(''))).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('reports a PDF as binary', async () => {
    const r = await resolveDump(enc('%PDF-1.4\n...'));
    expect(r).toMatchObject({
      ok: false,
      reason: 'binary',
      message: 'input is a PDF document, not a text dump',
    });
  });

  it('reports a body that decodes to garbage as undecodable', async () => {
    const r = await resolveDump(
      Uint8Array.from([0xfe, 0xff, ...Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x41 : 0xdc))]),
    );
    expect(r).toMatchObject({ ok: false, reason: 'undecodable' });
  });
});

describe('sniffFormat', () => {
  it.each([
    ['html', '<!DOCTYPE html><html></html>', undefined],
    ['html', '<div><p>a</p><p>b</p><p>c</p></div>', undefined],
    ['text', 'Plain words only.\nSecond line.', undefined],
    ['html', 'Words only, but the server says HTML.', { contentType: 'text/html' }],
    [
      'text',
      'A <p>tag</p> <p>or</p> <p>three</p> in declared text',
      { contentType: 'text/plain; charset=utf-8' },
    ],
    ['ndjson', '{"title":"a","body":"b"}\n{"title":"c","body":"d"}', undefined],
    ['json-envelope', '{"id":"1","body":"hello"}', undefined],
    ['warc', 'WARC/1.1\r\nWARC-Type: warcinfo\r\n', undefined],
    ['rss', '<?xml version="1.0"?><!-- c --><rss version="2.0"><channel/></rss>', undefined],
    ['rss', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', undefined],
    ['atom', '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>', undefined],
    ['url-list', '# list\nhttps://a.example/\nhttp://b.example/x', undefined],
    ['text', 'https://a.example/ is a site\nhttps://b.example', undefined],
  ] as const)('names %s for %j', (expected, text, hints) => {
    expect(sniffFormat(enc(text), hints)).toBe(expected);
  });

  it('names binary and empty input', () => {
    expect(sniffFormat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('binary');
    expect(sniffFormat(new Uint8Array())).toBe('empty');
    expect(sniffFormat(enc('   \n'))).toBe('empty');
  });

  it('sniffs through gzip', () => {
    expect(sniffFormat(gzipSync('{"title":"a","body":"b"}\n'))).toBe('ndjson');
  });

  it('recognises a large envelope whose JSON is longer than the sniffed head', () => {
    const big = JSON.stringify({ id: 'x', body: 'y'.repeat(200_000) });
    expect(sniffFormat(enc(big))).toBe('json-envelope');
  });
});
