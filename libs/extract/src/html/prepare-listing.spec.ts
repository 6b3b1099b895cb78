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

  it('says so in a warning; on by default for a declared listing type, off with listingTeasers: false', () => {
    const input = {
      body: html,
      format: 'html' as const,
      receivedAt: RECEIVED,
      url: 'https://news.example.org/',
    };
    // without the Readability fallback, which would otherwise take the whole short page
    const on = extractArticles(input, { fallbackMinWords: 0 });
    const off = extractArticles(input, { fallbackMinWords: 0, listingTeasers: false });
    expect(on.ok && on.warnings.some((w) => w.includes('teaser list'))).toBe(true);
    expect(off.ok && off.warnings.some((w) => w.includes('teaser list'))).toBe(false);
    expect(on.ok && on.articles[0]?.body).toContain('district 11');
    expect(off.ok && off.articles[0]?.body).not.toContain('district 11');
  });

  // no declared type: the page is guessed to be a listing from its share of link text alone
  const undeclared = (lead: string): string =>
    `<html><head><title>Cycle lanes</title></head><body><main><h1>Cycle lanes</h1>${lead}
      <ul>${Array.from({ length: 30 }, (_, i) => teaser(i)).join('')}</ul></main></body></html>`;

  it('by default, keeps the teasers of a page guessed to be a listing only when it has (almost) no article text', () => {
    const run = (lead: string) =>
      extractArticles(
        { body: undeclared(lead), format: 'html', receivedAt: RECEIVED, url: 'https://news.example.org/x' },
        { fallbackMinWords: 0 },
      );
    const bare = run('');
    expect(bare.ok && bare.articles[0]?.pageType).toBe('listing');
    expect(bare.ok && bare.articles[0]?.body).toContain('district 29');
    // a short article above a long link list: the guess alone does not replace it with the teasers
    const story = run(Array.from({ length: 3 }, (_, i) => para(i + 1)).join(''));
    expect(story.ok && story.articles[0]?.body).toContain('Post 3. The volunteers');
    expect(story.ok && story.articles[0]?.body).not.toContain('district 29');
    // always trusting the guess (listingTeasers: true) takes the teasers there too
    const trusted = extractArticles(
      {
        body: undeclared(Array.from({ length: 3 }, (_, i) => para(i + 1)).join('')),
        format: 'html',
        receivedAt: RECEIVED,
        url: 'https://news.example.org/x',
      },
      { fallbackMinWords: 0, listingTeasers: true },
    );
    expect(trusted.ok && trusted.articles[0]?.body).toContain('district 29');
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

describe('collapsed panels', () => {
  const answer = (i: number): string =>
    `Answer ${i}: the permit usually takes four to six weeks, and the installer files it for you once the contract is signed and the design is final.`;
  const faq = (hide: (i: number) => string): string =>
    Array.from(
      { length: 4 },
      (_, i) =>
        `<div class="acc"><a role="button" aria-controls="panel-${i}">Question ${i}</a><div id="panel-${i}" ${hide(i)}><p>${answer(i)}</p></div></div>`,
    ).join('');
  const page = (panels: string, extra = ''): string =>
    `<html><body><article><h1>Guide</h1>${para(1)}${para(2)}${panels}${para(3)}</article>${extra}</body></html>`;
  const url = 'https://news.example.org/2026/01/guide';

  it('keeps the text of accordion panels collapsed by style, attribute or class, and named by aria-controls', () => {
    const kinds = ['style="display:none"', 'hidden', 'aria-hidden="true"', 'class="panel hidden"'];
    const text = body(page(faq((i) => kinds[i] ?? '')), url);
    for (let i = 0; i < 4; i++) expect(text).toContain(`Answer ${i}: the permit`);
    expect(text).toContain('Post 3. The volunteers');
  });

  it('keeps labelled tab panels and hidden="until-found" content', () => {
    const tabs = `<div role="tabpanel" aria-labelledby="t1" style="display: none"><p>${answer(7)}</p></div><div hidden="until-found"><p>${answer(8)}</p></div>`;
    const text = body(page(tabs), url);
    expect(text).toContain('Answer 7: the permit');
    expect(text).toContain('Answer 8: the permit');
  });

  it('still drops hidden elements that are not panels, and hidden dialogs', () => {
    const other = `<div style="display:none"><p>${answer(5)}</p></div><div id="d" role="dialog" hidden><p>${answer(6)}</p></div><a aria-controls="d">Open</a>`;
    const text = body(page('', other), url);
    expect(text).not.toContain('Answer 5');
    expect(text).not.toContain('Answer 6');
  });

  it('is off with revealPanels: false', () => {
    const r = extractArticles(
      { body: page(faq(() => 'style="display:none"')), format: 'html', receivedAt: RECEIVED, url },
      { revealPanels: false },
    );
    expect(r.ok && r.articles[0]?.body).not.toContain('Answer 0');
  });
});
