import { describe, expect, it } from 'vitest';
import { extractArticles } from '../extract-articles.js';
import { listingSource } from './extract-html.js';
import { isArticleLikeUrl } from './listing.js';
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
    // (the whole-page rule, page-text.ts, would take the teasers too)
    const off = extractArticles(input, {
      fallbackMinWords: 0,
      listingTeasers: false,
      pageListShare: 0,
      pageListSignalShare: 0,
    });
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

describe('listing pages as sources of links (listingSource)', () => {
  const slug = (i: number): string => `council-approves-cycle-lanes-for-district-${i}`;
  const teaser = (i: number, href = `/2025/12/${slug(i)}`): string =>
    `<li class="card"><a href="${href}"><img src="/img/${i}.jpg" alt=""></a>
       <h3><a href="${href}#comments">Council approves the new cycle lanes for district ${i}</a></h3>
       <p>The vote ended a long debate. <a href="/tag/transport">Transport</a> · <a href="/author/sam-writer">Sam Writer</a></p></li>`;
  const page = (
    items: string,
    head = '<script type="application/ld+json">{"@type":"CollectionPage"}</script>',
  ) =>
    `<html><head><title>Latest news</title>${head}</head>
    <body><nav><a href="/2025/12/a-link-in-the-menu-bar-is-navigation">A link in the menu bar is navigation</a></nav>
    <main><h1>Latest news</h1><ul>${items}</ul>
    <div><a href="/news?page=2">Older stories from the archive</a> <a href="/category/local-news">All the local news today</a></div></main>
    <footer><a href="/2025/12/a-link-in-the-footer-is-furniture">A link in the footer is furniture too</a></footer></body></html>`;
  const PAGE_URL = 'https://news.example.org/latest/';

  it('gives the teaser links of a declared listing, resolved against the page URL, once each, in page order', () => {
    const r = listingSource(page(Array.from({ length: 5 }, (_, i) => teaser(i)).join('')), {
      url: PAGE_URL,
      receivedAt: RECEIVED,
      maxLinks: 50,
    });
    expect(r.follow).toBe(true);
    if (!r.follow) return;
    expect(r.pageType).toBe('collection');
    expect(r.declared).toBe(true);
    expect(r.links.map((l) => l.url)).toEqual(
      Array.from({ length: 5 }, (_, i) => `https://news.example.org/2025/12/${slug(i)}`),
    );
    expect(r.links[2]?.title).toBe('Council approves the new cycle lanes for district 2');
  });

  it('skips navigation, footer, tag, author, category and pagination links, and links to other pages of links', () => {
    const r = listingSource(
      page(
        teaser(1) +
          teaser(2, 'https://other.example.com/topics/cycling-news-from-the-region/') +
          teaser(3) +
          teaser(4),
      ),
      { url: PAGE_URL, receivedAt: RECEIVED, maxLinks: 50 },
    );
    expect(r.follow && r.links.map((l) => l.url)).toEqual(
      [1, 3, 4].map((i) => `https://news.example.org/2025/12/${slug(i)}`),
    );
  });

  it('stops at maxLinks', () => {
    const r = listingSource(page(Array.from({ length: 30 }, (_, i) => teaser(i)).join('')), {
      url: PAGE_URL,
      receivedAt: RECEIVED,
      maxLinks: 7,
    });
    expect(r.follow && r.links).toHaveLength(7);
  });

  it('does not follow a listing with fewer than three article links, an article page, or a page whose listing type is only guessed from few links', () => {
    const two = listingSource(page(teaser(1) + teaser(2)), {
      url: PAGE_URL,
      receivedAt: RECEIVED,
      maxLinks: 50,
    });
    expect(!two.follow && two.reason).toContain('2 article link(s) on a declared collection page (needs 3)');
    const none = listingSource(page('<li>Nothing here yet, come back later today</li>'), {
      url: PAGE_URL,
      receivedAt: RECEIVED,
      maxLinks: 50,
    });
    expect(none).toMatchObject({ follow: false, pageType: 'collection' });
    expect(!none.follow && none.reason).toContain('0 article link(s)');

    const article = Array.from({ length: 6 }, (_, i) => para(i + 1)).join('');
    const story = listingSource(
      `<html><head><script type="application/ld+json">{"@type":"NewsArticle"}</script></head><body>
       <article><h1>Story</h1>${article}</article><ul>${teaser(1)}${teaser(2)}${teaser(3)}</ul></body></html>`,
      {
        url: 'https://news.example.org/2025/12/story-about-the-volunteers-hall',
        receivedAt: RECEIVED,
        maxLinks: 50,
      },
    );
    expect(story).toMatchObject({ follow: false, pageType: 'article' });

    // no declared type: a page of (almost) nothing but link text is guessed to be a listing; two links are not enough
    const titles = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `<li><a href="/2025/12/${slug(i)}">Council approves the lanes for district ${i}</a></li>`,
      ).join('');
    const guessed = (items: string) =>
      listingSource(`<html><head><title>x</title></head><body><ul>${items}</ul></body></html>`, {
        url: 'https://news.example.org/front',
        receivedAt: RECEIVED,
        maxLinks: 50,
      });
    const guessedTwo = guessed(titles(2));
    expect(guessedTwo.follow).toBe(false);
    expect(!guessedTwo.follow && guessedTwo.reason).toContain('guessed');
    const four = guessed(titles(4));
    expect(four.follow && four.declared).toBe(false);
    expect(four.follow && four.links).toHaveLength(4);
    // teasers with snippets: the article scorer finds no article (Readability would return the teasers themselves)
    expect(guessed(Array.from({ length: 6 }, (_, i) => teaser(i)).join('')).follow).toBe(true);
    // ... but a guessed page where the article scorer finds an article stays an article
    const lead = Array.from({ length: 3 }, (_, i) => para(i + 1)).join('');
    expect(
      guessed(`</ul>${lead}<ul>${Array.from({ length: 12 }, (_, i) => teaser(i)).join('')}`).follow,
    ).toBe(false);
  });

  it('keeps a declared listing that holds more prose paragraphs than article links as an article (its text is not lost)', () => {
    const essay = Array.from(
      { length: 4 },
      (_, i) =>
        `<p>${`Essay paragraph ${i} on the history of the coffee trade and its rules. `.repeat(5)}</p>`,
    ).join('');
    const withEssay = listingSource(
      page(essay.replace(/^/, '</ul>') + '<ul>' + teaser(1) + teaser(2) + teaser(3)),
      {
        url: PAGE_URL,
        receivedAt: RECEIVED,
        maxLinks: 50,
      },
    );
    expect(withEssay.follow).toBe(false);
    expect(!withEssay.follow && withEssay.reason).toMatch(
      /^\d+ prose paragraph\(s\) for 3 article link\(s\)/,
    );
    // the same essay beside more teasers than prose paragraphs is a listing with an introduction
    const longList = listingSource(
      page('</ul>' + essay + '<ul>' + Array.from({ length: 8 }, (_, i) => teaser(i)).join('')),
      { url: PAGE_URL, receivedAt: RECEIVED, maxLinks: 50 },
    );
    expect(longList.follow && longList.links).toHaveLength(8);
  });

  it('recognises article-like URLs: long slugs and ids, not sections, tags, files or the site root', () => {
    const like = (u: string): boolean => isArticleLikeUrl(new URL(u));
    expect(like('https://n.example.org/2025/12/council-approves-the-new-lanes')).toBe(true);
    expect(like('https://n.example.org/world/europe-65432101')).toBe(true);
    expect(like('https://n.example.org/news/articles/c0k2x3')).toBe(true);
    expect(like('https://n.example.org/story.php?id=123456')).toBe(false);
    expect(like('https://n.example.org/')).toBe(false);
    expect(like('https://n.example.org/science-and-technology')).toBe(false);
    expect(like('https://n.example.org/tag/council-approves-the-new-lanes')).toBe(false);
    expect(like('https://n.example.org/2025/12/council-approves-the-new-lanes.pdf')).toBe(false);
    expect(like('https://n.example.org/council-approves-the-new-lanes?page=3')).toBe(false);
    expect(like('mailto:desk@n.example.org')).toBe(false);
  });
});
