import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { DomDocument } from '../dom.types.js';
import { dataScripts, namesOf, scriptMetadata, SCRIPT_RULES } from './meta-scripts.js';
import { readMetadata } from './metadata.js';

const TITLE = 'How the footbridge will be paid for';

describe('dataScripts', () => {
  it('keeps inline data scripts with an author or date key, not JSON-LD, external or unrelated scripts', () => {
    const html = `<html><head>
      <script type="application/ld+json">{"author":{"name":"In LD"}}</script>
      <script src="/app.js"></script>
      <script>window.track = function () { return 1 + 2; };</script>
      <script type="text/template"><p data-author="x">"author": "template"</p></script>
      <script id="__NEXT_DATA__" type="application/json">{"props":{"post":{"author":{"name":"Ann Lee"}}}}</script>
      <script>window.__INITIAL_STATE__ = {"article":{"publishedAt":"2025-03-04T10:00:00Z"}};</script>
      </head><body></body></html>`;
    const s = dataScripts(html);
    expect(s).toHaveLength(2);
    expect(s[0]).toContain('Ann Lee');
    expect(s[1]).toContain('publishedAt');
  });

  it('caps the characters kept from one script', () => {
    const big = `{"author":"Ann Lee","pad":"${'x'.repeat(SCRIPT_RULES.scriptChars + 1000)}"}`;
    const s = dataScripts(`<script type="application/json">${big}</script>`);
    expect(s[0]?.length).toBe(SCRIPT_RULES.scriptChars);
  });
});

describe('scriptMetadata', () => {
  it("reads the page's own record: the keys nearest to where the script names the title, not a related article's", () => {
    const state = JSON.stringify({
      related: [{ title: 'Another story', author: { name: 'Bo Chen' }, publishedAt: '2024-01-01T00:00:00Z' }],
      post: {
        title: TITLE,
        author: { name: 'Ann Lee', slug: 'ann-lee' },
        publishedAt: '2025-03-04T10:00:00Z',
        updatedAt: '2025-04-01T08:00:00Z',
      },
    });
    const m = scriptMetadata([state], TITLE);
    expect(m.authors).toEqual(['Ann Lee']);
    expect(m.published).toBe('2025-03-04T10:00:00Z');
    expect(m.modified).toBe('2025-04-01T08:00:00Z');
  });

  it('reads JSON streamed inside a string (escaped quotes) and a plain "date" key next to the title', () => {
    const chunk = `self.__next_f.push([1,"{\\"post\\":{\\"title\\":\\"${TITLE}\\",\\"date\\":\\"2024-04-08 06:59:34\\",\\"author\\":{\\"id\\":21,\\"name\\":\\"Elise Nass\\"}}}"])`;
    const m = scriptMetadata([chunk], TITLE);
    expect(m.authors).toEqual(['Elise Nass']);
    expect(m.published).toBe('2024-04-08T06:59:34');
  });

  it('skips an organisation named as author and takes the person near the title', () => {
    const state = JSON.stringify({
      seo: { title: TITLE, author: { '@type': 'Organization', name: 'Example News' } },
      post: { title: TITLE, author: { id: 3, name: 'Ann Lee' } },
    });
    expect(scriptMetadata([state], TITLE).authors).toEqual(['Ann Lee']);
  });

  it('without the title in the scripts, takes a key only when it has one value across the scripts', () => {
    const one = 'dataLayer.push({"author_name":"Ann Lee","datePublished":"2025-03-04"});';
    expect(scriptMetadata([one], TITLE)).toEqual({ authors: ['Ann Lee'], published: '2025-03-04' });
    const many = JSON.stringify({ items: [{ author: 'Ann Lee' }, { author: 'Bo Chen' }] });
    expect(scriptMetadata([many], TITLE).authors).toBeUndefined();
    // a plain "date" is never taken away from the title
    expect(scriptMetadata([JSON.stringify({ date: '2025-03-04' })], TITLE).published).toBeUndefined();
  });

  it('refuses values that are not dates and reads epoch timestamps', () => {
    const state = JSON.stringify({ title: TITLE, publishedAt: 'soon', updatedAt: 1741082400 });
    const m = scriptMetadata([state], TITLE);
    expect(m.published).toBeUndefined();
    expect(m.modified).toBe('2025-03-04T10:00:00.000Z');
  });

  it('names authors from strings, objects (name, first + last name, screen name) and lists', () => {
    expect(namesOf([{ name: 'Ann Lee' }, { firstName: 'Bo', lastName: 'Chen' }, 'Cy Diaz'])).toEqual([
      'Ann Lee',
      'Bo Chen',
      'Cy Diaz',
    ]);
    expect(namesOf({ id: 'X1', screenName: 'MixmasterFred' })).toEqual(['MixmasterFred']);
    expect(namesOf({ type: 'organization', name: 'Example News' })).toEqual([]);
  });
});

describe('readMetadata with data scripts', () => {
  const html = `<html><head><title>${TITLE} | Example News</title><meta property="og:site_name" content="Example News"></head>
    <body><h1>${TITLE}</h1><p>The council met on Tuesday to decide how the new footbridge across the river would be paid for, and after a long debate agreed that the cost would be shared.</p></body></html>`;
  const raw = html.replace(
    '</head>',
    `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({
      post: {
        title: TITLE,
        author: { name: 'Ann Lee' },
        publishedAt: '2025-03-04T10:00:00-05:00',
        modifiedAt: '2025-05-01',
      },
    })}</script></head>`,
  );
  const read = (scripts?: string[]) => {
    const { document } = parseHTML(html) as unknown as { document: DomDocument };
    return readMetadata(
      document,
      'https://example.org/guides/the-guide',
      '2026-01-10T12:00:00.000Z',
      undefined,
      scripts,
    );
  };

  it('takes author and dates from the scripts when the page has no other', () => {
    const m = read(dataScripts(raw));
    expect(m.authors).toEqual(['Ann Lee']);
    expect(m.publishedAt).toBe('2025-03-04T10:00:00.000-05:00');
    expect(m.updatedAt).toBe('2025-05-01T00:00:00.000Z');
    const none = read();
    expect(none.authors).toBeUndefined();
    expect(none.publishedAt).toBeUndefined();
  });

  it('keeps the author tag and the header dateline before the scripts', () => {
    const withTags = html
      .replace('</head>', '<meta name="author" content="Bo Chen"></head>')
      .replace(`<h1>${TITLE}</h1>`, `<h1>${TITLE}</h1><p>June 2, 2025</p>`);
    const { document } = parseHTML(withTags) as unknown as { document: DomDocument };
    const m = readMetadata(document, undefined, '2026-01-10T12:00:00.000Z', undefined, dataScripts(raw));
    expect(m.authors).toEqual(['Bo Chen']);
    expect(m.publishedAt).toBe('2025-06-02T00:00:00.000Z');
  });
});
