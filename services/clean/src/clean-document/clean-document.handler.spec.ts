import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLEAN_TOPIC,
  DLQ_TOPIC,
  INGEST_TOPIC,
  cleanArticleSchema,
  deadLetterSchema,
  ingestEnvelopeSchema,
  type RawDocument,
} from '@newsflow/contracts';
import { resolveDump } from '@newsflow/extract';
import type { InboundMessage } from '@newsflow/messaging';
import type { DedupVerdict, DuplicateStore } from '../dedup.adapter.js';
import { CleanDocumentHandler, DEFAULT_TEXT_LIMITS } from './clean-document.handler.js';

const seed = readFileSync(resolve(__dirname, '../../../../seeds/aggregator-page-dump.txt'), 'utf8');
const receivedAt = '2026-11-27T10:00:00.000Z';

function raw(overrides: Partial<RawDocument> = {}): RawDocument {
  return {
    schemaVersion: 1,
    dumpId: 'dump-seed',
    docIndex: 0,
    format: 'text',
    contentType: 'text/plain',
    charset: 'utf-8',
    body: seed,
    receivedAt,
    fetchedAt: receivedAt,
    ...overrides,
  };
}
const msg = (value: unknown): InboundMessage => ({
  topic: 'news.raw.v1',
  partition: 0,
  offset: '0',
  key: 'dump-seed',
  value: Buffer.from(JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});

/** In-memory stand-in with the same first-writer-wins semantics as the Redis adapter. */
class MemoryDedup implements DuplicateStore {
  readonly hashes = new Map<string, string>();
  register(articleId: string, contentHash: string): Promise<DedupVerdict> {
    const first = this.hashes.get(contentHash);
    if (!first) this.hashes.set(contentHash, articleId);
    return Promise.resolve({
      duplicateOf: first && first !== articleId ? first : undefined,
      storyId: articleId,
    });
  }
}

const parse = (outs: Array<{ value: Buffer | string }>) =>
  outs.map((o) => cleanArticleSchema.parse(JSON.parse(String(o.value))));

describe('CleanDocumentHandler', () => {
  it('splits the seed aggregator dump into its four articles with sources and resolved times', async () => {
    const articles = parse(await new CleanDocumentHandler(new MemoryDedup()).handle(msg(raw())));
    expect(articles.map((a) => a.title)).toEqual([
      "China says ready to 'expand practical cooperation' with Russian army",
      "Peace was never West's goal in Ukraine, says Russia, accusing it of fuelling war by arming Kyiv",
      "Muizzu's U-turn: India in, China out? Maldives seemingly pivots again as PM Modi offers big incentives",
      "US trade policy shift: Response to China's resource dominance",
    ]);
    expect(articles.slice(1).map((a) => a.source)).toEqual([
      'First Post',
      'Time of India',
      'Hindustan Times',
    ]);
    const at = Date.parse(receivedAt);
    expect(articles.slice(1).map((a) => Date.parse(a.publishedAt ?? ''))).toEqual([
      at - 15 * 60_000,
      at - 28 * 60_000,
      at - 60 * 60_000,
    ]);
    expect(new Set(articles.map((a) => a.id)).size).toBe(4);
    for (const a of articles) {
      expect(a.dumpId).toBe('dump-seed');
      expect(a.language).toBe('en');
      for (const junk of [
        'Live Events',
        'Try Our AI Features',
        'No comments yet',
        '&w=3840',
        'STORY CONTINUES BELOW THIS AD',
        'Taboola',
        'Sponsored Links',
        'You May Like',
        'read more',
      ]) {
        expect(a.body).not.toContain(junk);
      }
    }
  });

  it('gives the same ids when the same dump is cleaned again, and marks exact duplicates', async () => {
    const dedup = new MemoryDedup();
    const handler = new CleanDocumentHandler(dedup);
    const first = parse(await handler.handle(msg(raw())));
    const again = parse(await handler.handle(msg(raw())));
    expect(again.map((a) => a.id)).toEqual(first.map((a) => a.id));
    expect(again.every((a) => a.duplicateOf === undefined)).toBe(true);
    // The same body under another title is another article id, and an exact duplicate of the first one.
    const retitled = 'Russia says the West never wanted peace in Ukraine';
    const copy = parse(
      await handler.handle(
        msg(
          raw({
            body: seed.replace(
              "Peace was never West's goal in Ukraine, says Russia, accusing it of fuelling war by arming Kyiv",
              retitled,
            ),
          }),
        ),
      ),
    );
    const copied = copy.find((a) => a.title === retitled);
    expect(copied?.id).not.toBe(first[1]!.id);
    expect(copied?.duplicateOf).toBe(first[1]!.id);
  });

  it('keeps a structured NDJSON document as one article with its own title', async () => {
    const [a] = parse(
      await new CleanDocumentHandler(new MemoryDedup()).handle(
        msg(
          raw({
            format: 'ndjson',
            title: 'Markets rally',
            body: 'Stocks rose sharply on Monday as investors cheered the results.',
            source: 'Wire',
            publishedAt: '2026-11-26T09:00:00Z',
          }),
        ),
      ),
    );
    expect(a).toMatchObject({
      title: 'Markets rally',
      source: 'Wire',
      publishedAt: '2026-11-26T09:00:00.000Z',
    });
  });

  it('fails permanently with the extractor reason when a document holds no article', async () => {
    await expect(
      new CleanDocumentHandler(new MemoryDedup()).handle(
        msg(raw({ body: '\u0000\u0001\u0002binary\u0000' })),
      ),
    ).rejects.toMatchObject({
      name: 'PermanentError',
    });
  });

  it('cleans NDJSON records whose title and body hold inline HTML into plain articles, not no_content', async () => {
    const record = {
      title: 'Rates <b>held</b>',
      body: '<p>The central bank kept its main rate unchanged on Thursday.</p><p>Markets had expected it.</p>',
      source: 'Wire',
    };
    const resolved = await resolveDump(Buffer.from(JSON.stringify(record)));
    if (!resolved.ok) throw new Error(resolved.message);
    const [doc] = resolved.documents;
    const articles = parse(
      await new CleanDocumentHandler(new MemoryDedup()).handle(
        msg(raw({ format: 'ndjson', contentType: doc!.contentType, title: doc!.title, body: doc!.body })),
      ),
    );
    expect(articles.map(({ title, body }) => ({ title, body }))).toEqual([
      {
        title: 'Rates held',
        body: 'The central bank kept its main rate unchanged on Thursday.\n\nMarkets had expected it.',
      },
    ]);
  });

  it('gives a re-pushed dump the same article ids whatever its source label, so search shows no duplicate', async () => {
    const dedup = new MemoryDedup();
    const handler = new CleanDocumentHandler(dedup);
    const doc = {
      format: 'ndjson' as const,
      title: 'Rates held',
      body: 'The central bank kept its main rate unchanged on Thursday, as markets had expected.',
    };
    const first = parse(await handler.handle(msg(raw(doc))));
    const labelled = parse(await handler.handle(msg(raw({ ...doc, dumpId: 'dump-2', source: 'demo' }))));
    expect(labelled.map((a) => a.id)).toEqual(first.map((a) => a.id));
    expect(labelled[0]?.duplicateOf).toBeUndefined();
  });

  describe('size limits', () => {
    it('dead-letters a 2 MB text without newlines as line_too_long instead of indexing one 2 MB article', async () => {
      const blob = 'lorem ipsum dolor sit amet '.repeat(80_000).slice(0, 2_000_000);
      await expect(
        new CleanDocumentHandler(new MemoryDedup()).handle(msg(raw({ body: blob }))),
      ).rejects.toMatchObject({
        name: 'PermanentError',
        code: 'line_too_long',
        message: expect.stringContaining('a line of 2000000 characters (limit 50000)') as unknown,
      });
    });

    it('dead-letters a record whose title is beyond the title limit', async () => {
      await expect(
        new CleanDocumentHandler(new MemoryDedup()).handle(
          msg(raw({ format: 'ndjson', title: 'headline '.repeat(60), body: 'A short body of a record.' })),
        ),
      ).rejects.toMatchObject({ code: 'title_too_long' });
    });

    it('keeps the articles of a dump within the limits and dead-letters the one beyond them', async () => {
      const all = parse(await new CleanDocumentHandler(new MemoryDedup()).handle(msg(raw())));
      const longest = Math.max(...all.map((a) => a.body.length));
      const limited = new CleanDocumentHandler(new MemoryDedup(), undefined, {
        ...DEFAULT_TEXT_LIMITS,
        maxArticleChars: longest - 1,
      });
      const outs = await limited.handle(msg(raw()));
      expect(outs.filter((o) => o.topic === CLEAN_TOPIC)).toHaveLength(all.length - 1);
      const dead = outs
        .filter((o) => o.topic === DLQ_TOPIC)
        .map((o) => deadLetterSchema.parse(JSON.parse(String(o.value))));
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ stage: 'clean', errorCode: 'article_too_long' });
      expect(dead[0]!.errorMessage).toContain(`has ${longest} characters (limit ${longest - 1})`);
    });
  });
});

describe('CleanDocumentHandler: listing pages as sources of links', () => {
  const slug = (i: number) => `council-approves-cycle-lanes-for-district-${i}`;
  const teaser = (i: number) =>
    `<li><h3><a href="/2026/11/${slug(i)}">Council approves the new cycle lanes for district ${i}</a></h3>
      <p>The vote ended a long debate in the town hall.</p></li>`;
  const listing = (items: string) =>
    `<html><head><title>Local news</title><script type="application/ld+json">{"@type":"CollectionPage"}</script></head>
     <body><nav><a href="/2026/11/the-menu-links-are-navigation-not-news">The menu links are navigation not news</a></nav>
     <main><h1>Local news</h1><ul>${items}</ul></main></body></html>`;
  const page = (html: string) =>
    raw({
      format: 'html',
      contentType: 'text/html',
      body: html,
      url: 'https://news.example.org/local/',
      source: 'Example News',
      dumpId: 'dump-listing',
    });
  const withDepth = (value: unknown, depth?: string): InboundMessage => ({
    ...msg(value),
    key: 'dump-listing',
    headers: depth === undefined ? {} : { 'newsflow-link-depth': depth },
  });

  it('sends the article links of a listing page back to fetch as a URL list one link deeper, instead of an article', async () => {
    const outs = await new CleanDocumentHandler(new MemoryDedup()).handle(
      withDepth(page(listing([1, 2, 3].map(teaser).join('')))),
    );
    expect(outs).toHaveLength(1);
    const [out] = outs;
    expect(out!.topic).toBe(INGEST_TOPIC);
    expect(out!.key).toBe('dump-listing');
    expect(out!.headers).toEqual({ 'newsflow-link-depth': '1' });
    const env = ingestEnvelopeSchema.parse(JSON.parse(String(out!.value)));
    expect(env).toMatchObject({
      id: 'dump-listing',
      source: 'Example News',
      receivedAt,
      contentType: 'text/uri-list',
    });
    expect(env.body?.trim().split('\n')).toEqual(
      [1, 2, 3].map((i) => `https://news.example.org/2026/11/${slug(i)}`),
    );
  });

  it('publishes a listing page reached through a link as an article of its page type (no second expansion)', async () => {
    const outs = await new CleanDocumentHandler(new MemoryDedup()).handle(
      withDepth(page(listing([1, 2, 3].map(teaser).join(''))), '1'),
    );
    const articles = parse(outs);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ pageType: 'collection' });
    expect(articles[0]!.body).toContain('district 3');
  });

  it('publishes a listing without article links, and every listing when the depth limit is 0, as an article', async () => {
    const empty = parse(
      await new CleanDocumentHandler(new MemoryDedup()).handle(
        withDepth(page(listing('<li>No stories in this section yet, please come back later today.</li>'))),
      ),
    );
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ pageType: 'collection' });
    const off = new CleanDocumentHandler(new MemoryDedup(), undefined, DEFAULT_TEXT_LIMITS, {
      maxLinks: 50,
      maxDepth: 0,
    });
    const outs = await off.handle(withDepth(page(listing([1, 2, 3].map(teaser).join('')))));
    expect(outs.map((o) => o.topic)).toEqual([CLEAN_TOPIC]);
  });

  it('sends at most maxLinks links of one page', async () => {
    const few = new CleanDocumentHandler(new MemoryDedup(), undefined, DEFAULT_TEXT_LIMITS, {
      maxLinks: 2,
      maxDepth: 1,
    });
    const [out] = await few.handle(withDepth(page(listing([1, 2, 3, 4].map(teaser).join('')))));
    expect(
      ingestEnvelopeSchema
        .parse(JSON.parse(String(out!.value)))
        .body?.trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('leaves an article page with links to other articles an article', async () => {
    const story = Array.from(
      { length: 6 },
      (_, i) =>
        `<p>Paragraph ${i + 1}. The volunteers met at the hall on Saturday to sort the donations, and most of them stayed until the evening.</p>`,
    ).join('');
    const html = `<html><head><title>Volunteers</title><script type="application/ld+json">{"@type":"NewsArticle"}</script></head>
      <body><article><h1>Volunteers</h1>${story}</article><ul>${[1, 2, 3].map(teaser).join('')}</ul></body></html>`;
    const outs = await new CleanDocumentHandler(new MemoryDedup()).handle(withDepth(page(html)));
    expect(outs.map((o) => o.topic)).toEqual([CLEAN_TOPIC]);
    expect(parse(outs)[0]).toMatchObject({ pageType: 'article' });
  });
});
