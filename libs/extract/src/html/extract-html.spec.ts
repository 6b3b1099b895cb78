import { describe, expect, it } from 'vitest';
import { extractArticles } from '../extract-articles.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';
const P = (topic: string, n: number): string =>
  `<p>${topic} paragraph ${n}: the committee said on Tuesday that the plan would be carried out over the next three years, and that it would cost more than the council had expected when it was first approved.</p>`;

function extract(
  body: string,
  url = 'https://example.org/guides/the-guide',
): NonNullable<ReturnType<typeof first>> {
  const a = first(body, url);
  if (!a) throw new Error('no article');
  return a;
}
function first(body: string, url: string) {
  const r = extractArticles({ body, format: 'html', receivedAt: RECEIVED, url });
  return r.ok ? r.articles[0] : undefined;
}

describe('whole structured articles', () => {
  // eight headed sections, each in its own three-level wrapper, with a list, a data table, a definition list, code
  // and a quote; a sidebar of teasers and a footer around it
  const section = (i: number): string => `
    <div class="sec"><div class="inner"><div class="content">
      <h2>Step ${i}: choose the part</h2>${P(`Section ${i}`, 1)}
      <ul><li>Check the size of item ${i} before you order it</li><li>Keep the receipt of item ${i}</li></ul>
      ${i === 2 ? '<table><tr><th>Model</th><th>Range</th><th>Price</th></tr><tr><td>Alpha</td><td>320 km</td><td>$41,000</td></tr></table>' : ''}
      ${i === 3 ? '<dl><dt>Torque</dt><dd>The turning force of the motor</dd></dl>' : ''}
      ${i === 4 ? '<pre><code>npm install --save example-lib\nexample-lib init</code></pre>' : ''}
      ${i === 5 ? '<blockquote>We rebuilt the whole line in a year, said the plant manager.</blockquote>' : ''}
      ${P(`Section ${i}`, 2)}
    </div></div></div>`;
  const html = `<html><head><title>The complete guide | Example Site</title></head><body>
    <nav><a href="/">Home</a><a href="/a">Guides</a></nav>
    <div class="layout"><div class="main"><h1>The complete guide</h1>
      ${Array.from({ length: 8 }, (_, i) => section(i + 1)).join('')}
    </div>
    <div class="rail">${Array.from({ length: 6 }, (_, i) => `<div><a href="/t${i}">Teaser number ${i} about something else entirely</a></div>`).join('')}</div></div>
    <footer>© 2026 Example</footer></body></html>`;

  it('keeps every section, list, table row, definition, code block and quote, and no teaser', () => {
    const a = extract(html);
    for (let i = 1; i <= 8; i++) {
      expect(a.body).toContain(`Section ${i} paragraph 2`);
      expect(a.body).toContain(`Step ${i}: choose the part`);
      expect(a.body).toContain(`Keep the receipt of item ${i}`);
    }
    expect(a.body).toContain('Alpha | 320 km | $41,000');
    expect(a.body).toContain('The turning force of the motor');
    expect(a.body).toContain('npm install --save example-lib');
    expect(a.body).toContain('said the plant manager');
    expect(a.body).not.toContain('Teaser number');
    expect(a.title).toBe('The complete guide');
  });
});

describe('hidden and visible markup', () => {
  it('keeps text under utility classes that do not hide it, drops text that is hidden', () => {
    const html = `<html><body><div class="flex overflow-hidden"><article>
      ${P('Visible', 1)}${P('Visible', 2)}<div class="hidden md:block">${P('Wide-screen', 3)}</div>
      <div class="hidden">${P('Hidden', 4)}</div></article></div></body></html>`;
    const a = extract(html);
    expect(a.body).toContain('Visible paragraph 2');
    expect(a.body).toContain('Wide-screen paragraph 3');
    expect(a.body).not.toContain('Hidden paragraph 4');
  });

  it('puts React streamed boundaries (<div hidden id="S:n">) back into the page', () => {
    const html = `<html><body><main><h1>Streamed story</h1><template id="P:0"></template></main>
      <div hidden id="S:0"><article>${P('Streamed', 1)}${P('Streamed', 2)}${P('Streamed', 3)}</article></div></body></html>`;
    const a = extract(html);
    expect(a.body).toContain('Streamed paragraph 3');
  });

  it('keeps page-builder widgets that hold prose', () => {
    const w = (n: number): string =>
      `<div class="elementor-widget elementor-widget-text-editor">${P('Widget', n)}</div>`;
    const html = `<html><body><div class="page">${[1, 2, 3, 4].map(w).join('')}</div>
      <div class="widget"><a href="/x">Recent posts</a></div></body></html>`;
    const a = extract(html);
    expect(a.body).toContain('Widget paragraph 1');
    expect(a.body).toContain('Widget paragraph 4');
  });
});

describe('metadata', () => {
  it('reads several authors from a JSON-LD graph by @id, never the publisher', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        {
          '@type': 'Article',
          headline: 'Bridge plan approved',
          author: [{ '@id': 'https://ex.org/#/person/1' }, { '@id': 'https://ex.org/#/person/2' }],
          publisher: { '@type': 'Organization', name: 'Example Times' },
          datePublished: '2025-03-02T09:00:00Z',
          dateModified: '2025-04-01T10:00:00Z',
        },
        { '@type': 'Person', '@id': 'https://ex.org/#/person/1', name: 'Ann Lee' },
        { '@type': 'Person', '@id': 'https://ex.org/#/person/2', name: 'Bo Chen' },
      ],
    };
    const html = `<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script>
      <meta property="og:site_name" content="Example Times"><title>Example Times: Bridge plan approved</title></head>
      <body><article><h1>Bridge plan approved</h1>${P('Bridge', 1)}${P('Bridge', 2)}</article></body></html>`;
    const a = extract(html, 'https://ex.org/news/2025/bridge');
    expect(a.authors).toEqual(['Ann Lee', 'Bo Chen']);
    expect(a.author).toBe('Ann Lee, Bo Chen');
    expect(a.publishedAt).toBe('2025-03-02T09:00:00.000Z');
    expect(a.updatedAt).toBe('2025-04-01T10:00:00.000Z');
    expect(a.title).toBe('Bridge plan approved');
    expect(a.pageType).toBe('article');
  });

  it('splits a byline into names and refuses the site name as an author', () => {
    const html = `<html><head><meta name="author" content="Example Times"><meta property="og:site_name" content="Example Times">
      <meta property="og:title" content="Ferry service resumes &amp; expands | Example Times"></head>
      <body><article><h1>Ferry service resumes &amp; expands</h1><p class="byline">By Ann Lee and Bo Chen</p>${P('Ferry', 1)}${P('Ferry', 2)}</article></body></html>`;
    const a = extract(html);
    expect(a.authors).toEqual(['Ann Lee', 'Bo Chen']);
    expect(a.title).toBe('Ferry service resumes & expands');
  });
});

describe('page type', () => {
  const body = `<body><main>${P('Item', 1)}${P('Item', 2)}</main></body>`;
  it('reads the declared type of the main entity', () => {
    const ld = (t: string): string =>
      `<script type="application/ld+json">${JSON.stringify({ '@type': t, name: 'x' })}</script>`;
    expect(extract(`<html><head>${ld('Product')}</head>${body}</html>`).pageType).toBe('product');
    expect(extract(`<html><head>${ld('DiscussionForumPosting')}</head>${body}</html>`).pageType).toBe(
      'forum',
    );
    expect(extract(`<html><head>${ld('NewsArticle')}</head>${body}</html>`).pageType).toBe('article');
  });

  it('falls back to the URL path and to link-heavy text', () => {
    expect(extract(`<html>${body}</html>`, 'https://ex.org/docs/api/intro').pageType).toBe('documentation');
    const teasers = Array.from(
      { length: 12 },
      (_, i) => `<li><a href="/s/${i}">Story number ${i} headline here</a> short</li>`,
    ).join('');
    expect(
      extract(`<html><body><ul>${teasers}</ul>${P('Intro', 1)}</body></html>`, 'https://ex.org/').pageType,
    ).toBe('listing');
  });
});

describe('section-end markers inside a split article body', () => {
  // the body is split into rich-text wrappers of one class around an inline "Related articles" box
  const box = `<div class="callout"><div>Related articles</div><a href="/x">Another story about budgets</a></div>`;
  const html = `<html><head><title>Five tools compared</title></head><body><div class="page"><h1>Five tools compared</h1>
    <div class="rich-text">${P('Tool 1', 1)}${P('Tool 2', 2)}${P('Tool 3', 3)}</div>${box}
    <div class="rich-text"><h2>4. The fourth tool</h2>${P('Tool 4', 4)}<h2>5. The fifth tool</h2>${P('Tool 5', 5)}</div>
    </div><div class="more"><h3>Related articles</h3><p><a href="/y">Teaser of a related story on another subject</a></p></div></body></html>`;

  it('is not an end when the article goes on in a sibling wrapper of the same class', () => {
    const a = extract(html);
    expect(a.body).toContain('Tool 3 paragraph 3');
    expect(a.body).toContain('Tool 5 paragraph 5');
    expect(a.body).not.toContain('Teaser of a related story');
  });

  it('cuts there with sectionContinuation: false', () => {
    const r = extractArticles(
      { body: html, format: 'html', receivedAt: RECEIVED, url: 'https://example.org/guides/the-guide' },
      { sectionContinuation: false },
    );
    const body = r.ok ? (r.articles[0]?.body ?? '') : '';
    expect(body).toContain('Tool 3 paragraph 3');
    expect(body).not.toContain('Tool 5 paragraph 5');
  });
});

describe('product pages', () => {
  const review = (n: number): string =>
    `<div class="review-item"><p>Review ${n}: I bought this kettle for my mother last winter and she says that it is the best one she has ever had in the kitchen, and that she would buy it again.</p></div>`;
  const page = (declared: boolean): string => `<html><head><title>Steel kettle | Example Shop</title>
    ${declared ? '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Steel kettle"}</script>' : ''}
    </head><body>
    <nav><a href="/">Home</a><a href="/kitchen">Kitchen</a></nav>
    <div class="product"><div class="summary"><h1>Steel kettle</h1><span class="price">$35.00</span></div>
      <div class="details">
        <div class="description"><p>This kettle is made of brushed steel and it boils a full litre of water in less than three minutes, so that your tea is ready when you are.</p>
          <p>The handle stays cool to the touch and the lid opens with one hand, which is why it is the one that our own staff use every day.</p></div>
        <div class="specs"><h3>Specifications</h3><ul><li>Capacity: 1.7 litres</li><li>Power: 2200 W</li><li>Cord length: 75 cm</li></ul></div>
      </div>
    </div>
    <div class="customer-reviews"><h2>Customer reviews</h2>${Array.from({ length: 4 }, (_, i) => review(i + 1)).join('')}</div>
    <footer>© 2026 Example Shop</footer></body></html>`;
  const run = (html: string, tuning = {}) => {
    const r = extractArticles(
      {
        body: html,
        format: 'html',
        receivedAt: RECEIVED,
        url: 'https://shop.example.org/kitchen/steel-kettle',
      },
      tuning,
    );
    const a = r.ok ? r.articles[0] : undefined;
    if (!a) throw new Error('no article');
    return a;
  };

  it('keeps the description, the price and the spec list of a declared product, and drops its customer reviews', () => {
    const a = run(page(true));
    expect(a.pageType).toBe('product');
    expect(a.body).toContain('boils a full litre of water');
    expect(a.body).toContain('Capacity: 1.7 litres');
    expect(a.body).toContain('Power: 2200 W');
    expect(a.body).toContain('$35.00');
    expect(a.body).not.toContain('Review 2');
  });

  it('keeps the reviews with the rule off, or on a page not declared a product', () => {
    for (const a of [run(page(true), { productFurniture: false }), run(page(false))]) {
      expect(a.body).toContain('boils a full litre of water');
      expect(a.body).toContain('Review 2');
    }
  });

  it('widens the text to the section holding the product heading, its price and spec list', () => {
    const html = page(true)
      .replace(/<div class="customer-reviews">[\s\S]*?<\/div>\s*<footer>/, '<footer>')
      .replace(
        '<span class="price">$35.00</span>',
        '<span class="price">$35.00</span><ul><li>Colour: steel grey</li><li>Weight: 1.1 kg</li></ul>',
      );
    expect(run(html).body).toContain('Weight: 1.1 kg');
    expect(run(html, { productRegion: false }).body).not.toContain('Weight: 1.1 kg');
  });

  it('keeps an element named "reviews" that holds the product heading', () => {
    const a = run(page(true).replace('<div class="product">', '<div class="product reviews-enabled">'));
    expect(a.body).toContain('Capacity: 1.7 litres');
    expect(a.body).not.toContain('Review 2');
  });
});

describe('the structured end of an article (STRUCTURAL_TAIL)', () => {
  const rows = Array.from(
    { length: 6 },
    (_, i) =>
      `<tr><td>Week ${i + 1}</td><td>Rest</td><td>Run easy ${20 + i} min</td><td>Cross-train 30 min</td></tr>`,
  ).join('');
  const page = (after: string): string => `<html><head><title>The training plan</title></head><body>
    <div class="wrap"><div class="post"><h1>The training plan</h1>${P('Plan', 1)}${P('Plan', 2)}${P('Plan', 3)}
      <h2>The weekly schedule</h2><table><tr><th>Week</th><th>Monday</th><th>Tuesday</th><th>Wednesday</th></tr>${rows}</table>
      ${after}</div>
    <div class="rail">${Array.from({ length: 5 }, (_, i) => `<div><a href="/t${i}">Teaser number ${i} about something else</a></div>`).join('')}</div></div>
    </body></html>`;

  it('keeps a table that ends the article, with its heading', () => {
    const a = extract(page(''));
    expect(a.body).toContain('The weekly schedule');
    expect(a.body).toContain('Week 6 | Rest | Run easy 25 min | Cross-train 30 min');
    expect(a.body).not.toContain('Teaser number');
  });

  it('stops at a reference list and drops a heading left with nothing after it', () => {
    const a = extract(
      page(
        `<h2>Sources</h2><ol><li>“Marathon training.” Runner Guide, https://example.com/guide. Accessed 11 Apr. 2025.</li><li>Coach Notes, consulted on October 22, 2025. ↩︎</li></ol>`,
      ),
    );
    expect(a.body).toContain('Week 6 | Rest');
    expect(a.body).not.toContain('Accessed 11 Apr');
    expect(a.body).not.toContain('Sources');
  });

  it('stops at a pager row with empty cells and at a reporting credit', () => {
    const pager = extract(page(`<table><tr><td>|</td><td>1 of 3</td><td></td></tr></table>`));
    expect(pager.body).toContain('Week 6 | Rest');
    expect(pager.body).not.toContain('1 of 3');
    const credit = extract(page(`<ul><li>With reporting by Ann Lee</li></ul>`));
    expect(credit.body).not.toContain('With reporting by');
  });

  it('does not extend a short scored text (it may not be the article) nor read a form', () => {
    const a = extract(
      page(
        `<form><table><tr><td>First Name:</td><td><input></td></tr><tr><td>Last Name:</td><td><input></td></tr></table></form>`,
      ),
    );
    expect(a.body).not.toContain('First Name');
  });
});

describe('page-builder wrappers named like furniture (LAYOUT_CLASS_COUNT)', () => {
  // every paragraph and heading sits in a "widget" wrapper, a weak furniture name; the sidebar's newsletter widget too
  const widget = (inner: string): string =>
    `<div class="builder-element builder-widget"><div class="builder-widget-container">${inner}</div></div>`;
  const body = Array.from(
    { length: 8 },
    (_, i) =>
      widget(`<h2>Part ${i + 1}</h2>`) +
      widget(
        `<p>Part ${i + 1} opens with one sentence of about forty words that the reader needs, and it ends here</p>`,
      ),
  ).join('');
  const html = `<html><head><title>The builder page</title></head><body><div class="page"><h1>The builder page</h1>${P('Intro', 1)}${P('Intro', 2)}${body}</div>
    <div class="side"><div class="widget newsletter-box"><p>Get the weekly letter in your inbox</p></div></div></body></html>`;

  it('keeps the text of wrappers the page gives to many elements, drops a one-off widget', () => {
    const a = extract(html);
    expect(a.body).toContain('Intro paragraph 2');
    for (let i = 1; i <= 8; i++) expect(a.body).toContain(`Part ${i} opens with one sentence`);
    expect(a.body).not.toContain('weekly letter');
  });

  it('without the rule, the wrappers are removed as furniture', () => {
    const r = extractArticles(
      { body: html, format: 'html', receivedAt: RECEIVED, url: 'https://example.org/b' },
      { layoutClassCount: 0 },
    );
    const a = r.ok ? r.articles[0] : undefined;
    expect(a?.body ?? '').toContain('Intro paragraph 2');
    expect(a?.body ?? '').not.toContain('Part 5 opens with one sentence');
  });
});
