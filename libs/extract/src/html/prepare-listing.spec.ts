import { describe, expect, it } from 'vitest';
import { extractArticles } from '../extract-articles.js';
import { dropBogusCdata, resolveNoscript } from './prepare.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';
const SENTENCE =
  'The volunteers met at the hall on Saturday to sort the donations, and most of them stayed until the evening to finish the job before the delivery.';
const para = (n: number): string => `<p>Post ${n}. ${SENTENCE}</p>`;

function body(html: string, url: string): string {
  const r = extractArticles({ body: html, format: 'html', receivedAt: RECEIVED, url });
  return r.ok ? (r.articles[0]?.body ?? '') : '';
}

describe('noscript content', () => {
  it('unwraps a <noscript> that holds the page content when the page outside it is only a shell', () => {
    const thread = Array.from({ length: 6 }, (_, i) => `<div class="post">${para(i + 1)}</div>`).join('');
    const html = `<html><head><title>A thread</title></head><body><div id="app">Loading…</div>
      <noscript><img src="/pixel.gif"></noscript><noscript><main><h1>A thread</h1>${thread}</main></noscript></body></html>`;
    const text = body(html, 'https://forum.example.org/t/a-thread/1');
    expect(text).toContain('Post 1. The volunteers');
    expect(text).toContain('Post 6. The volunteers');
  });

  it('drops <noscript> fallbacks on a page whose content is outside them', () => {
    const article = Array.from({ length: 6 }, (_, i) => para(i + 1)).join('');
    const notice = `<noscript><div>${'Please enable JavaScript to use the comment widget and the interactive map. '.repeat(8)}</div></noscript>`;
    const html = `<html><body><article><h1>Story</h1>${article}</article>${notice}</body></html>`;
    expect(resolveNoscript(html)).not.toContain('enable JavaScript');
    expect(body(html, 'https://news.example.org/2026/01/story')).not.toContain('enable JavaScript');
  });

  it('keeps short <noscript> content out whatever the page', () => {
    expect(resolveNoscript('<p>a</p><noscript><img src="x"> enable JS</noscript>')).toBe('<p>a</p>');
  });
});

describe('bogus CDATA in HTML', () => {
  it('ends a stray <![CDATA[ at the first ">", as a browser does, instead of swallowing the page', () => {
    expect(dropBogusCdata('<body><![CDATA[\n<div id="x"><p>text</p>')).toBe('<body><p>text</p>');
    const article = Array.from({ length: 6 }, (_, i) => para(i + 1)).join('');
    const html = `<html><body><![CDATA[\n\n<div id="top"></div><div class="page"><h1>Story</h1>${article}</div></body></html>`;
    expect(body(html, 'https://news.example.org/2026/01/story')).toContain('Post 6. The volunteers');
  });
});

describe('listing pages', () => {
  const teaser = (i: number): string =>
    `<li class="card"><h3><a href="/news/item-${i}">Council approves the new cycle lanes for district ${i}</a></h3>
       <p><a href="/by/sam">By Sam Writer</a> · Dec ${i + 1}, 2025</p></li>`;
  const html = `<html><head><title>Latest news</title><script type="application/ld+json">{"@type":"CollectionPage"}</script></head>
    <body><nav><a href="/">Home</a><a href="/world">World</a></nav>
    <main><h1>Latest news</h1><p>${SENTENCE}</p><ul>${Array.from({ length: 12 }, (_, i) => teaser(i)).join('')}</ul>
    <div><a href="/page/2">Next</a></div></main><footer><a href="/about">About us</a></footer></body></html>`;

  it('returns the teaser list (titles, bylines, teaser lines) of a listing page, not its navigation', () => {
    const r = extractArticles(
      {
        body: html,
        format: 'html',
        receivedAt: RECEIVED,
        url: 'https://news.example.org/',
      },
      { listingTeasers: true, fallbackMinWords: 0 },
    );
    expect(r.ok).toBe(true);
    const a = r.ok ? r.articles[0] : undefined;
    expect(a?.pageType).toBe('collection');
    expect(a?.body).toContain('Council approves the new cycle lanes for district 0');
    expect(a?.body).toContain('Council approves the new cycle lanes for district 11');
    expect(a?.body).not.toMatch(/\bWorld\b|About us|\bNext\b/);
  });

  it('says so in a warning; off by default', () => {
    const input = {
      body: html,
      format: 'html' as const,
      receivedAt: RECEIVED,
      url: 'https://news.example.org/',
    };
    // without the Readability fallback, which would otherwise take the whole short page
    const on = extractArticles(input, { fallbackMinWords: 0, listingTeasers: true });
    const off = extractArticles(input, { fallbackMinWords: 0 });
    expect(on.ok && on.warnings.some((w) => w.includes('teaser list'))).toBe(true);
    expect(off.ok && off.warnings.some((w) => w.includes('teaser list'))).toBe(false);
    expect(on.ok && on.articles[0]?.body).toContain('district 11');
    expect(off.ok && off.articles[0]?.body).not.toContain('district 11');
  });

  it('leaves article pages alone', () => {
    const article = Array.from({ length: 6 }, (_, i) => para(i + 1)).join('');
    const page = `<html><head><script type="application/ld+json">{"@type":"NewsArticle"}</script></head><body>
      <article><h1>Story</h1>${article}</article><ul>${Array.from({ length: 12 }, (_, i) => teaser(i)).join('')}</ul></body></html>`;
    const r = extractArticles(
      { body: page, format: 'html', receivedAt: RECEIVED, url: 'https://news.example.org/2026/01/story' },
      { listingTeasers: true },
    );
    const text = r.ok ? (r.articles[0]?.body ?? '') : '';
    expect(text).toContain('Post 6.');
    expect(text).not.toContain('district 11');
  });
});
