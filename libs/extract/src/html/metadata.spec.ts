import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { DomDocument } from '../dom.types.js';
import { readMetadata, structuredDate, urlDate, type MetadataTrace } from './metadata.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';
const BODY =
  '<p>The council met on Tuesday to decide how the new footbridge across the river would be paid for, and after a long debate agreed that the cost would be shared between the city and the two districts on either bank of the river.</p>';

function meta(html: string, url = 'https://example.org/guides/the-guide') {
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  return readMetadata(document, url, RECEIVED);
}

describe('dates from the article header', () => {
  it('reads a dateline written out next to the headline when no structured date exists', () => {
    const m = meta(`<html><body><div class="top"><a href="/">Home</a></div>
      <h1>How the footbridge will be paid for</h1><div class="meta"><span>Mar 24, 2025</span><span>6 min read</span></div>
      ${BODY}<aside><span>Jan 2, 2019</span></aside></body></html>`);
    expect(m.publishedAt).toBe('2025-03-24T00:00:00.000Z');
  });

  it('prefers the published dateline over an updated one shown first, and reads a date above the headline', () => {
    const m = meta(`<html><body><header><p><span>Updated: </span><span>June 3, 2025</span></p>
      <p>Published on 12 February 2024</p><h1>How the footbridge will be paid for</h1></header>${BODY}</body></html>`);
    expect(m.publishedAt).toBe('2024-02-12T00:00:00.000Z');
    const above = meta(
      `<html><body><h5>January 23, 2025</h5><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`,
    );
    expect(above.publishedAt).toBe('2025-01-23T00:00:00.000Z');
  });

  it('takes an updated dateline when it is the only date the header shows', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div><strong>Last Updated:</strong></div><div class="info">August 1, 2025</div>${BODY}</body></html>`);
    expect(m.publishedAt).toBe('2025-08-01T00:00:00.000Z');
  });

  it('ignores dates in the body and after it', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <p>March 3, 2020</p></body></html>`);
    expect(m.publishedAt).toBeUndefined();
  });

  it("keeps the publisher's UTC offset of a structured timestamp, so the printed day stays", () => {
    expect(structuredDate('2025-06-25T20:57:54-04:00')).toBe('2025-06-25T20:57:54.000-04:00');
    expect(structuredDate('2025-06-25 20:57+0530')).toBe('2025-06-25T20:57:00.000+05:30');
    expect(structuredDate('2025-06-25T20:57:54+00:00')).toBe('2025-06-25T20:57:54.000Z');
    expect(structuredDate('2025-06-25T20:57:54Z')).toBe('2025-06-25T20:57:54.000Z');
    const m = meta(
      `<html><head><meta property="article:published_time" content="2025-06-25T22:10:00-05:00"></head><body>${BODY}</body></html>`,
    );
    expect(m.publishedAt).toBe('2025-06-25T22:10:00.000-05:00');
  });

  it('reads the publication date of a scholarly citation tag', () => {
    const m = meta(`<html><head><meta name="citation_publication_date" content="2023 Jan 7"></head>
      <body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`);
    expect(m.publishedAt).toBe('2023-01-07T00:00:00.000Z');
  });

  it('reads a date from the URL path', () => {
    expect(urlDate('https://ex.org/2025/12/19/what-people-love')).toBe('2025-12-19T00:00:00.000Z');
    expect(urlDate('https://ex.org/articles/2025-12-15+Rust+GCC')).toBe('2025-12-15T00:00:00.000Z');
    expect(urlDate('https://ex.org/items/20251219/a')).toBeUndefined();
    expect(urlDate('https://ex.org/2025/13/40/a')).toBeUndefined();
    const m = meta(
      `<html><body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`,
      'https://ex.org/2024/05/06/footbridge',
    );
    expect(m.publishedAt).toBe('2024-05-06T00:00:00.000Z');
    // a canonical URL the page mangled leaves the date in the page's own address
    const mangled = meta(
      `<html><head><meta property="og:url" content="https://ex.org%2F2024%2F05%2F06%2Ffootbridge"></head><body>${BODY}</body></html>`,
      'https://ex.org/2024/05/06/footbridge',
    );
    expect(mangled.publishedAt).toBe('2024-05-06T00:00:00.000Z');
  });
});

describe('authors from the article header and SEO tags', () => {
  it('keeps only the name of an author meta value that goes on with a role on the next line or glued to it', () => {
    const head = (v: string) =>
      meta(
        `<html><head><meta name="author" content="${v}"></head><body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`,
      );
    expect(head('Ann Lee\n\n Former Bridge Engineer').authors).toEqual(['Ann Lee']);
    expect(head('Ann LeightonSenior Writer').authors).toEqual(['Ann Leighton']);
    expect(head('Craig McCarthy').authors).toEqual(['Craig McCarthy']);
  });

  it('finds the name among several glued element texts (a label before it, a role after it)', () => {
    const head = (v: string) =>
      meta(
        `<html><head><meta name="author" content="${v}"></head><body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`,
      );
    expect(head('Acme platform for healthcareJoakim EdinResearch').authors).toEqual(['Joakim Edin']);
    // the text before the first boundary when it is already the name
    expect(head('Ann LeightonSenior WriterBridge Desk').authors).toEqual(['Ann Leighton']);
  });

  it('never takes a domain for an author, nor an author description for the name', () => {
    const domain = meta(
      `<html><head><meta name="author" content="paperium.net"></head><body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`,
    );
    expect(domain.authors).toBeUndefined();
    const described = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="author-description">Licensed Grader, M.A. Journalism</div><span class="author-name">Ann Lee</span>${BODY}</body></html>`);
    expect(described.authors).toEqual(['Ann Lee']);
  });

  it('reads "By …" and "Written by …" bylines near the headline, several names as a list', () => {
    const a = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <p class="x">Written by <a href="/people/1">Moses Kim and Kate Shokurova</a></p><p>April 8, 2024</p>${BODY}</body></html>`);
    expect(a.authors).toEqual(['Moses Kim', 'Kate Shokurova']);
    const b = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div>By <a href="/people/2">Matthew Richardson</a> · Review Editor · <span>Updated November 18, 2025</span></div>${BODY}</body></html>`);
    expect(b.authors).toEqual(['Matthew Richardson']);
  });

  it('reads an element marked as the author in the header, not counts or labels', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="post-meta"><span class="author-avatar-label">Follow</span><div class="text__author">Shauna Mitchell</div><div>August 25, 2024</div></div>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Shauna Mitchell']);
    expect(m.publishedAt).toBe('2024-08-25T00:00:00.000Z');
  });

  it('reads the "Written by" twitter label and dcterms.creator', () => {
    const a =
      meta(`<html><head><meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Lee">
      <meta name="twitter:label2" content="Time to read"><meta name="twitter:data2" content="4 minutes"></head><body>${BODY}</body></html>`);
    expect(a.authors).toEqual(['Ann Lee']);
    const b = meta(
      `<html><head><meta name="dcterms.creator" content="Office of Bridges"></head><body>${BODY}</body></html>`,
    );
    expect(b.authors).toEqual(['Office of Bridges']);
  });

  it('prefers a byline in the header to a login name in the author meta tag', () => {
    const m =
      meta(`<html><head><meta name="author" content="ann.lee"></head><body><h1>How the footbridge will be paid for</h1>
      <span class="byline">By Ann Lee</span>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Ann Lee']);
    const only = meta(`<html><head><meta name="author" content="ann.lee"></head><body>${BODY}</body></html>`);
    expect(only.authors).toEqual(['ann.lee']);
  });
});

describe('authors: JSON-LD graph nodes, "Written by" lines and byline parts (session 8)', () => {
  const graph = (nodes: string) =>
    `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[${nodes}]}</script>`;

  it('reads author and date from the Article node of a @graph, not the WebPage node listed first', () => {
    const m =
      meta(`<html><head>${graph(`{"@type":"WebPage","@id":"/p","name":"Bridge guide","datePublished":"2020-01-01"},
      {"@type":"Article","@id":"/p#article","author":{"name":"Ann Lee","@id":"/#person"},"datePublished":"2024-05-06T10:00:00Z","dateModified":"2025-01-02T10:00:00Z"}`)}
      </head><body>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Ann Lee']);
    expect(m.publishedAt).toBe('2024-05-06T10:00:00.000Z');
    expect(m.updatedAt).toBe('2025-01-02T10:00:00.000Z');
    // a field the Article node lacks still comes from the WebPage node
    const page = meta(
      `<html><head>${graph(`{"@type":"WebPage","datePublished":"2023-03-04T00:00:00Z"},
      {"@type":"BlogPosting","author":{"@type":"Person","name":"Bo Chen"}}`)}</head><body>${BODY}</body></html>`,
    );
    expect(page.publishedAt).toBe('2023-03-04T00:00:00.000Z');
    expect(page.authors).toEqual(['Bo Chen']);
  });

  it('lets a login name in the JSON-LD author wait for a name written out in the header', () => {
    const ld =
      '<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"bo.chen"}}</script>';
    const m = meta(`<html><head>${ld}</head><body><h1>How the footbridge will be paid for</h1>
      <p class="meta">By Bo Chen</p>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Bo Chen']);
    const only = meta(`<html><head>${ld}</head><body>${BODY}</body></html>`);
    expect(only.authors).toEqual(['bo.chen']);
  });

  it('reads a "Written by" line anywhere on the page, never one in the comments', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}${BODY}
      <div class="card"><img alt=""><div><p>Written by John Crenshaw</p><p></p></div></div></body></html>`);
    expect(m.authors).toEqual(['John Crenshaw']);
    const comment = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}${BODY}
      <ol class="comment-list"><li><p>Written by Rick Troll</p></li></ol></body></html>`);
    expect(comment.authors).toBeUndefined();
  });

  it('reads the name of a byline whose label is an element of its own', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="x1"><span class="x2">By</span><span>Daryl Austin</span></div>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Daryl Austin']);
  });

  it('takes the name part of a byline, never its date, section or reading time', () => {
    const dated = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="publish-date-author">Dec. 19, 2025 · Niko Matsakis on behalf of <a href="/t">the bridge group</a></div>${BODY}</body></html>`);
    expect(dated.authors).toEqual(['Niko Matsakis']);
    expect(dated.publishedAt).toBe('2025-12-19T00:00:00.000Z');
    const section = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <p class="post-author">Mahua Das in <a href="/c">Project Management</a></p>${BODY}</body></html>`);
    expect(section.authors).toEqual(['Mahua Das']);
    const dot = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="author">Ben Applebaum-Bauch ⋅ Review Editor</div>${BODY}</body></html>`);
    expect(dot.authors).toEqual(['Ben Applebaum-Bauch']);
    const reading = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div class="byline"><span class="author">6 min read</span></div>${BODY}</body></html>`);
    expect(reading.authors).toBeUndefined();
    expect(reading.publishedAt).toBeUndefined();
  });
});

describe('dates: figures-only datelines and pages whose headline is not the title element (session 8)', () => {
  it('reads a dateline written in figures, day first when dotted, never an ambiguous slashed one', () => {
    const at = (d: string) =>
      meta(
        `<html><body><h1>How the footbridge will be paid for</h1><span class="x">${d}</span>${BODY}</body></html>`,
      ).publishedAt;
    expect(at('17.05.2021')).toBe('2021-05-17T00:00:00.000Z');
    expect(at('05.06.2021')).toBe('2021-06-05T00:00:00.000Z');
    expect(at('2/24/2026')).toBe('2026-02-24T00:00:00.000Z');
    expect(at('24/2/2026')).toBe('2026-02-24T00:00:00.000Z');
    expect(at('3/4/2025')).toBeUndefined();
    expect(at('31.02.2021')).toBeUndefined();
    expect(at('Version 1.2.2021 of the plan')).toBeUndefined();
  });

  it('finds the header of a page without <h1>/<h2> by the element marked as title that holds the title', () => {
    const m =
      meta(`<html><head><meta property="og:title" content="How the footbridge will be paid for"></head><body>
      <nav><a href="/">Home</a></nav><div class="post-title">How the footbridge will be paid for</div>
      <div class="meta"><p>Luke Kim</p><small>December 17, 2025</small></div>${BODY}</body></html>`);
    expect(m.publishedAt).toBe('2025-12-17T00:00:00.000Z');
  });

  it("reads the <h1>'s header too when the title matched another heading on the page", () => {
    const m =
      meta(`<html><head><meta property="og:title" content="How the footbridge is funded - Bridge News">
      <meta property="og:site_name" content="Bridge News"></head><body>
      <aside><h2>How the footbridge is funded</h2></aside>
      <h1>Council agrees on river crossing costs</h1><h5><span>2024-11-06</span></h5>${BODY}</body></html>`);
    expect(m.title).toBe('How the footbridge is funded');
    expect(m.publishedAt).toBe('2024-11-06T00:00:00.000Z');
  });
});

describe('author lists and author boxes', () => {
  it('reads every author of repeated citation_author and author tags, one name per tag, and no profile URL', () => {
    const cited = meta(`<html><head><meta name="citation_author" content="Lee, Ann">
      <meta name="citation_author_institution" content="Institute of Bridges">
      <meta name="citation_author" content="Bo Chen"></head><body>${BODY}</body></html>`);
    expect(cited.authors).toEqual(['Lee, Ann', 'Bo Chen']);
    const repeated =
      meta(`<html><head><meta name="author" content="Ann Lee"><meta name="author" content="Bo Chen">
      </head><body>${BODY}</body></html>`);
    expect(repeated.authors).toEqual(['Ann Lee', 'Bo Chen']);
    const profile =
      meta(`<html><head><meta property="article:author" content="https://social.example/bridges">
      <meta property="article:author" content="https://social.example/bridges2"><meta name="author" content="Ann Lee">
      </head><body>${BODY}</body></html>`);
    expect(profile.authors).toEqual(['Ann Lee']);
  });

  it('falls back to the name in an author box anywhere on the page, never a comment author or a topic label', () => {
    const box = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="comments"><div class="comment-author">Rick Troll</div></div>
      <div class="post_author-box"><img alt=""><div class="text-small">Personal finance</div>
      <div class="text-small">Lauren van Dijk</div><p>Lauren writes about city budgets.</p></div></body></html>`);
    expect(box.authors).toEqual(['Lauren van Dijk']);
    const none = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="author-links"><a href="/a">All articles</a><a href="/b">More from us</a></div></body></html>`);
    expect(none.authors).toBeUndefined();
  });

  it("keeps the site's own name as author only when the page declares it a person or the writer", () => {
    const site = '<meta property="og:site_name" content="Ann Lee">';
    const labelled = meta(`<html><head>${site}<meta name="author" content="Ann Lee">
      <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Lee"></head><body>${BODY}</body></html>`);
    expect(labelled.authors).toEqual(['Ann Lee']);
    const person =
      meta(`<html><head>${site}<script type="application/ld+json">{"@type":"BlogPosting","author":{"@type":"Person","name":"Ann Lee"}}</script>
      </head><body>${BODY}</body></html>`);
    expect(person.authors).toEqual(['Ann Lee']);
    const guessed = meta(
      `<html><head>${site}<meta name="author" content="Ann Lee"></head><body>${BODY}</body></html>`,
    );
    expect(guessed.authors).toBeUndefined();
    const byline = meta(`<html><head><meta property="og:site_name" content="Bridge News">
      <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Bridge News"}}</script>
      </head><body><h1>How the footbridge will be paid for</h1><p class="byline">By Bo Chen</p>${BODY}</body></html>`);
    expect(byline.authors).toEqual(['Bo Chen']);
  });

  it('tells which source each field was read from', () => {
    const { document } =
      parseHTML(`<html><head><meta property="og:title" content="How the footbridge will be paid for">
      <meta name="author" content="Ann Lee"></head><body>${BODY}</body></html>`) as unknown as {
        document: DomDocument;
      };
    const trace: MetadataTrace = {};
    readMetadata(document, 'https://ex.org/2024/05/06/footbridge', RECEIVED, trace);
    expect(trace).toEqual({ title: 'meta', author: 'meta', published: 'url' });
  });
});

describe('titles', () => {
  it('never takes a logo <h1> with the site name for the headline', () => {
    const m =
      meta(`<html><head><title>Reflections on a pixel-perfect pipeline | Playful Tones</title><meta property="og:site_name" content="Playful Tones"></head>
      <body><h1>Playful Tones</h1><h2>Reflections on a pixel-perfect pipeline</h2>${BODY}</body></html>`);
    expect(m.title).toBe('Reflections on a pixel-perfect pipeline');
    const logo = meta(
      `<html><head><title>Reflections on a pixel-perfect pipeline</title></head>
      <body><h1>playfultones</h1>${BODY}</body></html>`,
      'https://playfultones.com/blog/x',
    );
    expect(logo.title).toBe('Reflections on a pixel-perfect pipeline');
    // a short headline before a longer site name is still the headline
    const short = meta(
      `<html><head><title>Learn More: Tutoring | The Partnership for Student Success</title></head>
      <body><h1>Learn More: Tutoring</h1>${BODY}</body></html>`,
      'https://ex.org/tutoring',
    );
    expect(short.title).toBe('Learn More: Tutoring');
  });

  it('keeps the headline line of an <h1> that also holds a dateline', () => {
    const m = meta(`<html><head><meta property="og:title" content="Preparing a transition"></head>
      <body><h1><small>Dec 18 2025</small>
      Preparing a transition</h1>${BODY}</body></html>`);
    expect(m.title).toBe('Preparing a transition');
  });

  it('takes the whole meta title when the chosen headline was cut at a length limit', () => {
    const ld = (h: string) =>
      `<script type="application/ld+json">{"@type":"Article","headline":"${h}"}</script>`;
    const m =
      meta(`<html><head><meta property="og:title" content="How the footbridge will be paid for (and who pays most)">
      ${ld('How the footbridge will be paid for (and who')}</head><body>${BODY}</body></html>`);
    expect(m.title).toBe('How the footbridge will be paid for (and who pays most)');
    const dots =
      meta(`<html><head><meta property="og:title" content="How the footbridge will be paid for by the city">
      ${ld('How the footbridge will be paid for...')}</head><body>${BODY}</body></html>`);
    expect(dots.title).toBe('How the footbridge will be paid for by the city');
    const whole =
      meta(`<html><head><meta property="og:title" content="How the footbridge will be paid for: a guide">
      ${ld('How the footbridge will be paid for')}</head><body>${BODY}</body></html>`);
    expect(whole.title).toBe('How the footbridge will be paid for');
  });

  it('drops a trailing part that names the host, however short the headline', () => {
    const m = meta(
      `<html><head><title>GAME CHANGER | Shopmart.com</title></head><body>${BODY}</body></html>`,
      'https://www.shopmart.com/promo',
    );
    expect(m.title).toBe('GAME CHANGER');
  });
});

describe('bylines without a label and standfirsts (session 10)', () => {
  it('reads the name of a header meta line that also holds a date, not a role beside it nor a line without a date', () => {
    const m = meta(`<html><body><header><h1>How the footbridge will be paid for</h1>
      <p>Ann Lee | Senior Writer | July 2, 2025</p></header>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Ann Lee']);
    const glued = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <div><span>2025-12-17</span><span>·</span><a href="/">Bo Chen</a></div>${BODY}</body></html>`);
    expect(glued.authors).toEqual(['Bo Chen']);
    const noDate = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <p>City Budgets | Transport</p>${BODY}</body></html>`);
    expect(noDate.authors).toBeUndefined();
    const site = meta(`<html><head><meta property="og:site_name" content="Bridge News"></head><body>
      <h1>How the footbridge will be paid for</h1><p>By Bridge News · July 2, 2025</p>${BODY}</body></html>`);
    expect(site.authors).toBeUndefined();
  });

  it('reads the name written beside a portrait whose alt text is that name, not a photo of a thing', () => {
    const card = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}<hr>
      <p><img src="https://cdn.example.org/profile/ann_100.png" alt="Ann Lee"></p>
      <p><strong>Ann Lee</strong> <em>writes about city budgets.</em></p></body></html>`);
    expect(card.authors).toEqual(['Ann Lee']);
    const lower = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div><div><img class="author__photo" src="/a.jpg" alt="ann Lee"></div><div><h3>Ann Lee</h3></div></div></body></html>`);
    expect(lower.authors).toEqual(['Ann Lee']);
    const dish = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div><img src="/recipes/carajillo.jpg" alt="Roasted Hazelnut Carajillo"><p>Roasted Hazelnut Carajillo</p></div>
      </body></html>`);
    expect(dish.authors).toBeUndefined();
  });

  it('reads a dateline after a standfirst marked as such, never after an unmarked first paragraph', () => {
    const lede = BODY.replace('<p>', '<p class="post-card__excerpt">');
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>${lede}
      <div class="meta"><div>By</div><div>Ann Lee</div><div>February 28, 2026</div></div>${BODY}</body></html>`);
    expect(m.publishedAt).toBe('2026-02-28T00:00:00.000Z');
    expect(m.authors).toEqual(['Ann Lee']);
    const body = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="meta"><div>By</div><div>Ann Lee</div><div>February 28, 2026</div></div>${BODY}</body></html>`);
    expect(body.publishedAt).toBeUndefined();
  });
});

describe('title suffixes (session 10)', () => {
  it('cuts a shorter trailing part after a spaced dash even when it holds hyphenated words', () => {
    const m =
      meta(`<html><head><title>Best Moving Companies in Ohio (2025) – Top Local &amp; Long-Distance Movers</title>
      </head><body>${BODY}</body></html>`);
    expect(m.title).toBe('Best Moving Companies in Ohio (2025)');
    const inside = meta(
      `<html><head><title>A Long-Distance Move in Ohio</title></head><body>${BODY}</body></html>`,
    );
    expect(inside.title).toBe('A Long-Distance Move in Ohio');
  });
});

describe('visible headline against meta titles (session 10)', () => {
  it('takes the page h1 when a third of its words are in the meta title, not an unrelated h1', () => {
    const m =
      meta(`<html><head><meta property="og:title" content="Top 11 Footbridge Rules for 2025"></head><body>
      <h1>11 Footbridge Rules for the City to Stay Ahead</h1>${BODY}</body></html>`);
    expect(m.title).toBe('11 Footbridge Rules for the City to Stay Ahead');
    const promo =
      meta(`<html><head><meta property="og:title" content="How the footbridge will be paid for"></head><body>
      <h1>A message from our founder about our new subscriber programme</h1>${BODY}</body></html>`);
    expect(promo.title).toBe('How the footbridge will be paid for');
  });
});

describe('authors (session 11)', () => {
  it("keeps a site's own name under a \"Written by\" label when it is a person's, never an organisation's", () => {
    const person = meta(`<html><head><meta property="og:site_name" content="Ann Lee"></head><body>
      <h1>How the footbridge will be paid for</h1>${BODY}<div class="post-foot"><p>Written by Ann Lee</p></div></body></html>`);
    expect(person.authors).toEqual(['Ann Lee']);
    const store = meta(`<html><head><meta property="og:site_name" content="Bridge Store"></head><body>
      <h1>How the footbridge will be paid for</h1>${BODY}<div class="post-foot"><p>Written by Bridge Store</p></div></body></html>`);
    expect(store.authors).toBeUndefined();
    const clinic = meta(`<html><head><meta property="og:site_name" content="Bridge Clinic">
      <script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Bridge Clinic"}}</script>
      </head><body><h1>How the footbridge will be paid for</h1>${BODY}</body></html>`);
    expect(clinic.authors).toBeUndefined();
  });

  it('reads the name of a meta line beside a date when a section follows it ("Ann Lee in Transport")', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>
      <p>Dec 26, 2025 <span>•</span> <img class="avatar" src="/a.png"> Ann Lee in <a href="/c/transport">Transport Policy</a></p>${BODY}</body></html>`);
    expect(m.authors).toEqual(['Ann Lee']);
  });

  it('reads an "Authors:" line anywhere, the names without the role that follows them', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <section class="foot"><p>Authors: Ann Lee and Bo Chen, Extension transport educators</p></section></body></html>`);
    expect(m.authors).toEqual(['Ann Lee', 'Bo Chen']);
    const role = meta(
      `<html><body><h1>How the footbridge will be paid for</h1><p class="byline">By Ann Lee, staff writer</p>${BODY}</body></html>`,
    );
    expect(role.authors).toEqual(['Ann Lee']);
    const two = meta(
      `<html><body><h1>How the footbridge will be paid for</h1><p class="byline">By Ann Lee, Bo Chen</p>${BODY}</body></html>`,
    );
    expect(two.authors).toEqual(['Ann Lee', 'Bo Chen']);
  });

  it('reads every author linked to an author page in the author box, not the other links', () => {
    const two = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="article-byline__content"><strong>Written by</strong><br><strong><a href="/authors/ann-lee">Ann Lee</a></strong>,
      4+ years covering city budgets<br><strong><a href="/authors/bo-chen">Bo Chen</a></strong>, senior editor</div></body></html>`);
    expect(two.authors).toEqual(['Ann Lee', 'Bo Chen']);
    const one = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="author-box"><a href="/authors/ann-lee">Ann Lee</a> writes about budgets.
      <a href="/topics/city-budgets">City Budgets</a><a href="/authors/">All Authors</a></div></body></html>`);
    expect(one.authors).toEqual(['Ann Lee']);
  });

  it('never takes a topic label in a byline-classed element for the author', () => {
    const m = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="byline">Personal finance</div></body></html>`);
    expect(m.authors).toBeUndefined();
    const name = meta(`<html><body><h1>How the footbridge will be paid for</h1>${BODY}
      <div class="byline">Lauren van Dijk</div></body></html>`);
    expect(name.authors).toEqual(['Lauren van Dijk']);
  });
});

describe('dates (session 11)', () => {
  const ld = (published: string, modified: string): string =>
    `<script type="application/ld+json">{"@type":"Article","datePublished":"${published}","dateModified":"${modified}"}</script>`;

  it('takes the header dateline over a structured published date that only repeats the modified stamp', () => {
    const stamp = meta(`<html><head>${ld('2025-06-24T00:00:00Z', '2025-06-24T00:00:00Z')}</head><body>
      <h1>How the footbridge will be paid for</h1><div class="meta"><span>Ann Lee</span><span>August 25, 2024</span></div>${BODY}</body></html>`);
    expect(stamp.publishedAt).toBe('2024-08-25T00:00:00.000Z');
    expect(stamp.updatedAt).toBe('2025-06-24T00:00:00.000Z');
    // two different structured dates: the published one stands, whatever the header shows
    const kept = meta(`<html><head>${ld('2025-06-20T00:00:00Z', '2025-06-24T00:00:00Z')}</head><body>
      <h1>How the footbridge will be paid for</h1><div class="meta"><span>August 25, 2024</span></div>${BODY}</body></html>`);
    expect(kept.publishedAt).toBe('2025-06-20T00:00:00.000Z');
    // an "Updated" dateline is not the original publication, nor a later day
    const updated = meta(`<html><head>${ld('2025-06-24T00:00:00Z', '2025-06-24T00:00:00Z')}</head><body>
      <h1>How the footbridge will be paid for</h1><p>Updated August 25, 2024</p>${BODY}</body></html>`);
    expect(updated.publishedAt).toBe('2025-06-24T00:00:00.000Z');
    // the header shows the stamp's day too: the page gives that day as its date
    const both = meta(`<html><head>${ld('2025-06-24T00:00:00Z', '2025-06-24T00:00:00Z')}</head><body>
      <h1>How the footbridge will be paid for</h1><p><time datetime="2025-06-23T17:03:44Z">Jun 23</time></p>
      <p>June 24, 2025 by Ann Lee</p>${BODY}</body></html>`);
    expect(both.publishedAt).toBe('2025-06-24T00:00:00.000Z');
  });

  it('reads a dateline labelled as published beyond the header, never one of a teaser, a link or a comment', () => {
    const lede = `<p class="intro">${'A long introduction that runs on over the first lines of the page. '.repeat(4)}</p>`;
    const after = meta(`<html><body><h1>How the footbridge will be paid for</h1>${lede}
      <div><span>Posted on</span><div><span>Nov 21, 2018</span></div></div>${BODY}</body></html>`);
    expect(after.publishedAt).toBe('2018-11-21T00:00:00.000Z');
    const foot = meta(`<html><body><h1>How the footbridge will be paid for</h1>${lede}${BODY}
      <div class="article-foot">Published <span>August 13, 2025</span></div></body></html>`);
    expect(foot.publishedAt).toBe('2025-08-13T00:00:00.000Z');
    const teasers = meta(`<html><body><h1>How the footbridge will be paid for</h1>${lede}${BODY}
      <div class="related-posts"><div><h3>Another story</h3><p>Posted on May 2, 2024</p></div></div>
      <ul><li>Published June 1, 2023</li></ul><div class="comment-body"><p>Posted on July 3, 2024</p></div></body></html>`);
    expect(teasers.publishedAt).toBeUndefined();
  });

  it('reads JSON-LD written into a <meta> value', () => {
    const json = JSON.stringify({ '@type': 'Article', datePublished: '2025-11-17T09:00:00-05:00' }).replace(
      /"/g,
      '&quot;',
    );
    const m = meta(
      `<html><head><meta name="script:ld+json" content="${json}"></head><body>${BODY}</body></html>`,
    );
    expect(m.publishedAt).toBe('2025-11-17T09:00:00.000-05:00');
    const other = meta(
      `<html><head><meta name="description" content="${json}"></head><body>${BODY}</body></html>`,
    );
    expect(other.publishedAt).toBeUndefined();
  });

  it('finds the header of a page with several <h1>s by the one that rewords the title, not an unrelated one', () => {
    const html = (
      h1: string,
    ): string => `<html><head><meta property="og:title" content="Top 5 Footbridge Designs in 2026"></head>
      <body><h1>Our newsletter</h1><div><h1>${h1}</h1><p><span>Feb 16, 2026</span></p></div>${BODY}</body></html>`;
    expect(meta(html('The Top 5 Footbridge Designs of 2026')).publishedAt).toBe('2026-02-16T00:00:00.000Z');
    expect(meta(html('Visit the city museum this spring')).publishedAt).toBeUndefined();
  });
});
