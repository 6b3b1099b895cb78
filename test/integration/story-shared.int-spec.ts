import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reindexArticles,
  storyMarksIndexName,
  toArticleDocument,
  type ArticleDocument,
  type SearchIndexFeatures,
  type SearchResponse,
} from '@newsflow/search';
import { OpenSearchAdapter as IndexAdapter } from '../../services/index/src/opensearch.adapter.js';
import { OpenSearchAdapter as GatewayAdapter } from '../../services/gateway/src/adapters/opensearch.adapter.js';
import { SearchHandler } from '../../services/gateway/src/search/search.handler.js';
import { enrichedArticle, hexId } from '../support/article-fixtures.js';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';

/**
 * storyShared end to end on the real OpenSearch: documents written by the index stage's adapter (the code that
 * maintains the flag), searched through the gateway's handler with a counter of the requests it sends.
 */
interface Article {
  id: string;
  storyId?: string;
  duplicateOf?: string;
  title: string;
  day: number;
  source?: string;
}

const article = (a: Article): ArticleDocument => {
  const at = `2026-03-${String(a.day).padStart(2, '0')}T10:00:00Z`;
  return toArticleDocument(
    enrichedArticle({
      id: a.id,
      dumpId: 'test-story-shared',
      title: a.title,
      body: `${a.title}. More words about it.`,
      source: a.source ?? `Source ${a.id.slice(-2)}`,
      storyId: a.storyId,
      duplicateOf: a.duplicateOf,
      at,
      publishedAt: at,
    }),
  );
};

describe('storyShared on a real OpenSearch node', () => {
  let alias: string;
  let writer: IndexAdapter;
  let other: IndexAdapter;
  let gateway: GatewayAdapter;

  beforeAll(async () => {
    alias = testName('story-shared');
    writer = new IndexAdapter(stackEndpoints().opensearchUrl, alias);
    // A second index process: its own client and limiter.
    other = new IndexAdapter(stackEndpoints().opensearchUrl, alias);
    await writer.ensureIndex();
    await other.ensureIndex();
    gateway = GatewayAdapter.create(stackEndpoints().opensearchUrl, alias, `${alias}-jobs`, 30_000);
  });

  afterAll(async () => {
    const c = writer.client;
    for (const index of [`${alias}-v1`, `${alias}-v2`, storyMarksIndexName(alias), `${alias}-jobs`])
      await c.indices.delete({ index }).catch(() => undefined);
    await c.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await Promise.all([writer.close(), other.close()]);
  });

  const refresh = () => writer.client.indices.refresh({ index: alias });
  const flagOf = async (id: string): Promise<unknown> => {
    const res = await writer.client.get({ index: alias, id });
    return (res.body as { _source: { storyShared?: unknown } })._source.storyShared;
  };
  /** A search through the gateway's handler; `requests` counts what it sent to OpenSearch. */
  const search = async (q: Record<string, unknown>, features: SearchIndexFeatures) => {
    let requests = 0;
    const os = {
      search: (body: Record<string, unknown>, filterPath?: string) => {
        requests += 1;
        return gateway.search(body, filterPath);
      },
      indexFeatures: () => features,
    };
    const res = await new SearchHandler(os).search(q);
    return { res, requests };
  };
  const ON: SearchIndexFeatures = { storyKey: true, storyShared: true };
  const OFF: SearchIndexFeatures = { storyKey: true };

  it('creates the index with the storyShared mapping and the marker the gateway trusts', async () => {
    const mapping = await writer.client.indices.getMapping({ index: alias });
    const m = Object.values(mapping.body as object)[0] as {
      mappings: { _meta: Record<string, unknown>; properties: Record<string, { type: string }> };
    };
    expect(m.mappings.properties.storyShared?.type).toBe('boolean');
    expect(m.mappings._meta.storySharedComplete).toBe(true);
    const marks = await writer.client.indices.exists({ index: storyMarksIndexName(alias) });
    expect(marks.body).toBe(true);
  });

  it('a story of one article needs no details request; when it gains a second article later, both show with counts', async () => {
    const head = hexId(0x1000);
    const shared = hexId(0x2000);
    // The query matches a shared story (older) and a lone one (newest): more articles than stories, so only the
    // flag can tell that the first page (size 1, newest first) holds a lone story.
    await writer.bulkIndex([
      article({ id: head, title: 'Zorvathian ferry strike begins', day: 20 }),
      article({ id: shared, title: 'Zorvathian ferry timetable', day: 5 }),
      article({ id: hexId(0x2001), storyId: shared, title: 'Zorvathian ferry timetable changes', day: 6 }),
    ]);
    await refresh();
    expect(await flagOf(head)).toBe(false);
    expect(await flagOf(shared)).toBe(true);
    const q = { q: 'zorvathian', sort: 'newest', size: '1' };
    const alone = await search(q, ON);
    expect(alone.requests).toBe(1);
    expect(alone.res.hits[0]?.story).toEqual({ id: head, articles: 1, sources: [], others: [] });
    // Without the flag the same page costs two requests and answers the same.
    const without = await search(q, OFF);
    expect(without.requests).toBe(2);
    expect(without.res).toEqual(alone.res);

    // A second article of the head's story arrives in a later chunk, through the other index process.
    const joiner = hexId(0x1001);
    await other.bulkIndex([
      article({
        id: joiner,
        storyId: head,
        title: 'Zorvathian ferry strike spreads',
        day: 21,
        source: 'Tide',
      }),
    ]);
    await refresh();
    expect(await flagOf(head)).toBe(true);
    const both = await search({ q: 'zorvathian strike', sort: 'oldest' }, ON);
    expect(both.requests).toBe(2);
    expect(both.res.hits).toHaveLength(1);
    expect(both.res.hits[0]?.id).toBe(head);
    expect(both.res.hits[0]?.story).toMatchObject({ id: head, articles: 2, sources: ['Tide'] });
    expect(both.res.hits[0]?.story?.others.map((o) => o.id)).toEqual([joiner]);
    expect((await search({ q: 'zorvathian strike', sort: 'oldest' }, OFF)).res).toEqual(both.res);
  });

  it('a joiner indexed before its head (another partition) still makes the head shared', async () => {
    const head = hexId(0x3000);
    const joiner = hexId(0x3001);
    await other.bulkIndex([article({ id: joiner, storyId: head, title: 'Quillbrook dam opens', day: 8 })]);
    // The joiner's head update found no head (404, ignored); the head finds the joiner's mark.
    await writer.bulkIndex([article({ id: head, title: 'Quillbrook dam opening', day: 7 })]);
    await refresh();
    expect(await flagOf(head)).toBe(true);
    const r = await search({ q: 'quillbrook', sort: 'oldest' }, ON);
    expect(r.requests).toBe(2);
    expect(r.res.hits[0]?.story).toMatchObject({ id: head, articles: 2 });
  });

  it('replays (the same chunks again, a head alone again, duplicates) do not turn a shared story back to alone', async () => {
    const head = hexId(0x4000);
    const joiner = hexId(0x4001);
    const chunk = [
      article({ id: head, title: 'Vellmoor bridge closed', day: 9 }),
      article({ id: joiner, storyId: head, title: 'Vellmoor bridge closure', day: 10 }),
    ];
    await writer.bulkIndex(chunk.map((d) => ({ ...d })));
    // The head replayed alone (e.g. its partition re-read from an older offset), twice, and the whole chunk again.
    await other.bulkIndex([{ ...chunk[0]! }]);
    await writer.bulkIndex([{ ...chunk[0]! }]);
    await other.bulkIndex(chunk.map((d) => ({ ...d })));
    // An exact duplicate of the head: never a hit, counts for nothing.
    await writer.bulkIndex([
      article({
        id: hexId(0x4002),
        storyId: head,
        duplicateOf: head,
        title: 'Vellmoor bridge closed',
        day: 9,
      }),
    ]);
    await refresh();
    expect(await flagOf(head)).toBe(true);
    const r = await search({ q: 'vellmoor', sort: 'oldest' }, ON);
    expect(r.res.total).toBe(1);
    expect(r.res.hits[0]?.story).toMatchObject({ id: head, articles: 2 });
    expect(r.res.hits[0]?.story?.others.map((o) => o.id)).toEqual([joiner]);
    // A lone head with only an exact duplicate stays alone, replayed or not.
    const lone = hexId(0x4100);
    const loneChunk = [
      article({ id: lone, title: 'Harrowgate kiln fire', day: 11 }),
      article({
        id: hexId(0x4101),
        storyId: lone,
        duplicateOf: lone,
        title: 'Harrowgate kiln fire',
        day: 11,
      }),
    ];
    await writer.bulkIndex(loneChunk.map((d) => ({ ...d })));
    await other.bulkIndex(loneChunk.map((d) => ({ ...d })));
    await refresh();
    expect(await flagOf(lone)).toBe(false);
  });

  it('heads and joiners written concurrently by two index processes always end shared', async () => {
    const stories = Array.from({ length: 40 }, (_, i) => hexId(0x5000 + i * 16));
    const heads = stories.map((s, i) => article({ id: s, title: `Brindlemoor story ${i} head`, day: 12 }));
    const joiners = stories.map((s, i) =>
      article({
        id: hexId(0x5000 + i * 16 + 1),
        storyId: s,
        title: `Brindlemoor story ${i} joiner`,
        day: 13,
      }),
    );
    // Interleaved chunks of heads on one process and joiners on the other, all in flight at once.
    await Promise.all([
      ...[0, 10, 20, 30].map((k) => writer.bulkIndex(heads.slice(k, k + 10))),
      ...[30, 20, 10, 0].map((k) => other.bulkIndex(joiners.slice(k, k + 10))),
    ]);
    await refresh();
    const flags = await Promise.all(stories.map(flagOf));
    expect(flags.filter((f) => f !== true)).toEqual([]);
  });

  it('answers exactly as without the flag on a mixed corpus, with fewer requests', async () => {
    const docs: ArticleDocument[] = [];
    // 30 stories of the word "Ostrevan": a third alone, a third of 2-4 articles, a third alone but with a duplicate.
    for (let i = 0; i < 30; i++) {
      const head = hexId(0x6000 + i * 16);
      docs.push(
        article({
          id: head,
          title: `Ostrevan report ${i} ${i % 2 ? 'harbour' : 'market'}`,
          day: 1 + (i % 25),
        }),
      );
      if (i % 3 === 1)
        for (let k = 1; k <= 1 + (i % 3) + (i % 4); k++)
          docs.push(
            article({
              id: hexId(0x6000 + i * 16 + k),
              storyId: head,
              title: `Ostrevan report ${i} follow-up ${k} ${k % 2 ? 'harbour' : 'market'}`,
              day: 1 + ((i + k) % 25),
            }),
          );
      if (i % 3 === 2)
        docs.push(
          article({
            id: hexId(0x6000 + i * 16 + 9),
            storyId: head,
            duplicateOf: head,
            title: `Ostrevan report ${i}`,
            day: 2,
          }),
        );
    }
    // Shuffled into chunks over both processes (joiners before heads sometimes).
    const order = docs.map((d, i) => ({ d, k: (i * 7919) % docs.length })).sort((a, b) => a.k - b.k);
    for (let i = 0; i < order.length; i += 8)
      await (i % 16 ? other : writer).bulkIndex(order.slice(i, i + 8).map((o) => o.d));
    await refresh();
    let withFlag = 0;
    let without = 0;
    for (const q of [
      { q: 'ostrevan' },
      { q: 'ostrevan', size: '2', sort: 'oldest' },
      { q: 'ostrevan', size: '5', sort: 'newest' },
      { q: 'ostrevan harbour', sort: 'oldest' },
      { q: 'ostrevan market', size: '3' },
      { q: 'ostrevan "follow-up"' },
      { q: 'ostrevan -harbour', size: '4', sort: 'newest' },
    ]) {
      const on = await search(q, ON);
      const off = await search(q, OFF);
      expect(on.res).toEqual(off.res);
      withFlag += on.requests;
      without += off.requests;
      // Page through with the cursor too: the same pages either way.
      let cursorOn: SearchResponse['nextCursor'] = on.res.nextCursor;
      let cursorOff = off.res.nextCursor;
      while (cursorOn) {
        const a = await search({ ...q, cursor: cursorOn }, ON);
        const b = await search({ ...q, cursor: cursorOff }, OFF);
        expect(a.res).toEqual(b.res);
        withFlag += a.requests;
        without += b.requests;
        cursorOn = a.res.nextCursor;
        cursorOff = b.res.nextCursor;
      }
    }
    expect(withFlag).toBeLessThan(without);
  });

  it('a reindex carries the flag and settles the heads of joiners written before the flag existed', async () => {
    // A legacy writer (no flag, no marks): a head and its joiner, and a lone head.
    const legacyHead = hexId(0x7000);
    const legacyLone = hexId(0x7100);
    const strip = (d: ArticleDocument) => {
      const { storyShared: _drop, ...rest } = d;
      return rest;
    };
    await writer.client.bulk({
      refresh: true,
      body: [
        article({ id: legacyHead, title: 'Marrowfield mine reopens', day: 14 }),
        article({ id: hexId(0x7001), storyId: legacyHead, title: 'Marrowfield mine reopening', day: 15 }),
        article({ id: legacyLone, title: 'Marrowfield school prize', day: 16 }),
      ].flatMap((d) => [{ index: { _index: alias, _id: d.id } }, strip(d)]),
    });
    // The legacy head is then replayed through the stage: it finds no mark (its joiner marked nothing), so it is
    // written alone, which is wrong until the reindex settles it.
    await writer.bulkIndex([article({ id: legacyHead, title: 'Marrowfield mine reopens', day: 14 })]);
    expect(await flagOf(legacyHead)).toBe(false);

    const result = await reindexArticles(writer.client, alias, { settleMs: 100, pollMs: 100 });
    expect(result.to).toBe(`${alias}-v2`);
    expect(await flagOf(legacyHead)).toBe(true);
    expect(await flagOf(legacyLone)).toBeUndefined();
    // Flags written by the stage are carried.
    expect(await flagOf(hexId(0x1000))).toBe(true);
    expect(await flagOf(hexId(0x6000))).toBe(false);
    const r = await search({ q: 'marrowfield', sort: 'oldest' }, ON);
    expect(r.res.hits.map((h) => h.story?.articles)).toEqual([2, 1]);
  });
});
