import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticles, MAX_HTML_DEPTH, MAX_INPUT_BYTES } from './extract-articles.js';
import { initExtract, detectLanguage, languageModelLoadMs } from './language.adapter.js';

const RECEIVED = '2025-07-20T12:00:00.000Z';
const PARA = (n: number): string =>
  `<p>Paragraph ${n}: the council said on Tuesday that the new bridge would be built over the next three years, and that the work would cost more than the city had planned when it first approved the project.</p>`;

describe('extractArticles never throws and types its failures', () => {
  it('reports empty input', () => {
    expect(extractArticles({ body: '  \n\t ', receivedAt: RECEIVED })).toMatchObject({
      ok: false,
      reason: 'empty',
    });
  });

  it('reports binary input with NUL bytes', () => {
    expect(
      extractArticles({ body: `GIF89a\u0000\u0001\u0002 some text`, receivedAt: RECEIVED }),
    ).toMatchObject({ ok: false, reason: 'binary' });
  });

  it('reports binary input made mostly of control characters', () => {
    const body = Array.from({ length: 2000 }, (_, i) =>
      String.fromCharCode(i % 2 ? 0x01 + (i % 20) : 0x41),
    ).join('');
    expect(extractArticles({ body, receivedAt: RECEIVED })).toMatchObject({ ok: false, reason: 'binary' });
  });

  it('refuses input over the size cap', () => {
    const body = 'a'.repeat(MAX_INPUT_BYTES + 1);
    expect(extractArticles({ body, receivedAt: RECEIVED })).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('refuses HTML nested deeper than the cap as malformed', () => {
    const depth = MAX_HTML_DEPTH + 500;
    const body = `<html><body>${'<div>'.repeat(depth)}${PARA(1)}${PARA(2)}${'</div>'.repeat(depth)}</body></html>`;
    expect(extractArticles({ body, receivedAt: RECEIVED, format: 'html' })).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('extracts from HTML nested deeply but under the cap', () => {
    const depth = 1000;
    const body = `<html><body>${'<div>'.repeat(depth)}${PARA(1)}${PARA(2)}${'</div>'.repeat(depth)}</body></html>`;
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'html' });
    expect(r.ok && r.articles[0]?.body).toContain('Paragraph 2');
  });

  it('extracts from unclosed, malformed HTML', () => {
    const body = `<html><body><div><h1>Bridge plan approved<p>${PARA(1).replace('</p>', '')}<p>${PARA(2)}<div><span>`;
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'html' });
    expect(r.ok && r.articles[0]?.body).toContain('Paragraph 2');
  });

  it('extracts plain text given as HTML and HTML fragments without <html>', () => {
    const text =
      'Bridge plan approved\n\nThe city council approved the plan for a new bridge across the river on Tuesday, ending years of debate about the crossing and its cost to the city.';
    const r = extractArticles({ body: text, receivedAt: RECEIVED, format: 'html' });
    expect(r.ok && r.articles[0]?.body).toContain('ending years of debate');
    const frag = extractArticles({ body: `${PARA(1)}${PARA(2)}`, receivedAt: RECEIVED, format: 'html' });
    expect(frag.ok && frag.articles[0]?.body).toContain('Paragraph 2');
  });

  it('reports no_content for a page with only navigation', () => {
    const body =
      '<html><body><nav><a href="/">Home</a><a href="/news">News</a></nav><footer>© 2025 Example</footer></body></html>';
    expect(extractArticles({ body, receivedAt: RECEIVED })).toMatchObject({
      ok: false,
      reason: 'no_content',
    });
  });

  it('reports a bad extra rule file as malformed instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"version":1,"rules":[{"id":"x","kind":"inline","pattern":"(unclosed"}]}');
    expect(
      extractArticles({
        body: 'Some title\n\nSome text that is long enough to be an article body, said the council.',
        receivedAt: RECEIVED,
        ruleFiles: [file],
      }),
    ).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('operator rule files', () => {
  it('removes spans matched by an extra rule file and names the rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'site.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        rules: [{ id: 'site.promo', kind: 'inline', pattern: 'Subscribe to Gazette Plus for \\$1\\.' }],
      }),
    );
    const body =
      'Bridge plan approved\n\nThe city council approved the bridge plan on Tuesday after a long debate. Subscribe to Gazette Plus for $1. Work starts next year, officials said.';
    const base = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text', debug: true, ruleFiles: [file] });
    expect(base.ok && base.articles[0]?.body).toContain('Gazette Plus');
    expect(r.ok && r.articles[0]?.body).not.toContain('Gazette Plus');
    expect(r.ok && r.articles[0]?.removed?.some((x) => x.ruleId === 'site.promo')).toBe(true);
  });
});

describe('HTML pages', () => {
  const page = `<!doctype html><html lang="en-GB"><head><title>Bridge plan approved | The Gazette</title>
    <meta property="og:site_name" content="The Gazette"><meta property="og:image" content="/img/bridge.jpg">
    <link rel="canonical" href="https://gazette.example/news/bridge">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge plan approved after long debate","datePublished":"2025-07-04T09:30:00+01:00","dateModified":"2025-07-04T12:00:00Z","author":{"@type":"Person","name":"Jane Roe"}}</script>
    </head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <div class="cookie-banner">We use cookies to improve your experience. Accept all</div>
    <article><h1>Bridge plan approved after long debate</h1>
    ${PARA(1)}${PARA(2)}<div class="share-bar"><a href="#">Share</a><a href="#">Tweet</a></div>${PARA(3)}
    <aside class="related"><h3>Related</h3><ul><li><a href="/a">Other story one about something</a></li><li><a href="/b">Other story two</a></li></ul></aside>
    </article><div id="comments"><p>I think this is a terrible idea and the council should resign, frankly it is a waste of money.</p></div>
    <footer>© 2025 The Gazette</footer></body></html>`;

  it("names the source by the page's site name, else the producer's label, else the URL's host", () => {
    const unnamed = page.replace('<meta property="og:site_name" content="The Gazette">', '');
    const source = (body: string, label?: string): string | undefined => {
      const r = extractArticles({
        body,
        receivedAt: RECEIVED,
        url: 'https://gazette.example/news/bridge',
        ...(label ? { source: label } : {}),
      });
      return r.ok ? r.articles[0]?.source : `failed: ${r.reason}`;
    };
    expect(source(page, 'Producer Label')).toBe('The Gazette');
    expect(source(unnamed, 'Producer Label')).toBe('Producer Label');
    expect(source(unnamed)).toBe('gazette.example');
  });

  it('extracts the body, title and metadata', () => {
    const r = extractArticles({
      body: page,
      receivedAt: RECEIVED,
      url: 'https://gazette.example/news/bridge?utm=x',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.articles[0];
    expect(a?.title).toBe('Bridge plan approved after long debate');
    expect(a?.body.split('\n\n')).toHaveLength(3);
    expect(a?.body).not.toMatch(/cookies|Tweet|Other story|terrible idea|©/);
    expect(a).toMatchObject({
      source: 'The Gazette',
      url: 'https://gazette.example/news/bridge',
      author: 'Jane Roe',
      // the publisher's offset is kept (same instant as 08:30Z; the printed day stays)
      publishedAt: '2025-07-04T09:30:00.000+01:00',
      updatedAt: '2025-07-04T12:00:00.000Z',
      language: 'en',
      leadImageUrl: 'https://gazette.example/img/bridge.jpg',
    });
  });

  it('decodes broken entities and removes soft hyphens', () => {
    const html = `<html><body><article>${PARA(1)}<p>The ticket costs #36;5 and the bridge is a land\u00ADmark &ldquo;for everyone&rdquo; &amp; more, the mayor said in a statement on Tuesday evening to reporters gathered outside.</p></article></body></html>`;
    const r = extractArticles({ body: html, receivedAt: RECEIVED });
    expect(r.ok && r.articles[0]?.body).toContain(
      'The ticket costs $5 and the bridge is a landmark “for everyone” & more',
    );
  });
});

describe('div-soup page built from the seed dump', () => {
  // The seed's main article followed by its longer related-article teasers, every element an anonymous <div>:
  // the layout that makes Readability pick a teaser (NLP-NOTES section 1).
  const seed = readFileSync(resolve(__dirname, '../../../seeds/aggregator-page-dump.txt'), 'utf8').split(
    '\n',
  );
  const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const divs = (lines: string[]): string =>
    lines
      .filter(Boolean)
      .map((l) => `<div>${esc(l)}</div>`)
      .join('');
  const relatedAt = seed.indexOf('Related Articles');
  const html = `<html><head><title>${esc(seed[1] ?? '')}</title></head><body>
    <div><div><a href="/">Home</a> <a href="/w">World</a> <a href="/b">Business</a></div></div>
    <div><div><div>${esc(seed[1] ?? '')}</div><div>${divs(seed.slice(2, relatedAt))}</div></div>
    <div>${divs(seed.slice(relatedAt))}</div></div><div>© 2025 Example</div></body></html>`;

  it('keeps the main article, not the longer related teasers', () => {
    const r = extractArticles({ body: html, receivedAt: RECEIVED, debug: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.articles[0];
    expect(a?.title).toBe("China says ready to 'expand practical cooperation' with Russian army");
    expect(a?.body).toContain('The two countries have drawn closer in recent years');
    expect(a?.body).toContain('addressed the Chinese leader as his "dear friend".');
    expect(a?.body).not.toMatch(
      /Zakharova|Maldives|rare earth|Live Events|Try Our AI Features|No comments yet/,
    );
  });
});

describe('language detection', () => {
  it('loads the fastText model from the package and detects short texts', async () => {
    await initExtract();
    expect(languageModelLoadMs()).toBeGreaterThan(0);
    expect(detectLanguage('Die Bundesregierung hat am Dienstag neue Regeln beschlossen.')).toBe('de');
    expect(detectLanguage('Le gouvernement a annoncé mardi de nouvelles règles.')).toBe('fr');
    expect(detectLanguage('The government announced new rules on Tuesday.')).toBe('en');
  });
});
