import { describe, expect, it, vi } from 'vitest';
import {
  FACET_NAMES,
  SEARCH_FILTER_PATH,
  STORY_ALONE_MAX_ARTICLES,
  cursorSafeSortValue,
  decodeCursor,
  encodeCursor,
  type RawHit,
  type RawSearchResponse,
} from '@newsflow/search';
import { rejection } from '../../../../test/support/rejection.js';
import { OpenSearchRequestError } from '../adapters/opensearch.adapter.js';
import { DependencyUnavailableProblem, ValidationProblem } from '../problem/problem.exception.js';
import { SearchHandler } from './search.handler.js';

function hit(id: string, sort: unknown[], extra: Partial<RawHit> = {}): RawHit {
  return {
    _id: id,
    _index: 'news-articles-v1',
    _score: 2.5,
    _source: {
      id,
      title: `Title ${id}`,
      source: 'Reuters',
      topicTags: ['economy'],
      countries: ['CN'],
      people: ['Jiang Bin'],
      summary: 's',
    },
    sort,
    ...extra,
  };
}

function fakeOpenSearch(res: RawSearchResponse | Error) {
  const search = vi.fn((_body: Record<string, unknown>, _filterPath?: string) =>
    res instanceof Error ? Promise.reject(res) : Promise.resolve(res),
  );
  return { search };
}

describe('SearchHandler', () => {
  it('rejects an out-of-range size with a validation problem naming size, without querying OpenSearch', async () => {
    const os = fakeOpenSearch({ hits: { hits: [] } });
    const err = await rejection(new SearchHandler(os).search({ size: '1000' }));
    expect(err).toBeInstanceOf(ValidationProblem);
    expect((err as ValidationProblem).errors?.map((e) => e.field)).toEqual(['size']);
    expect(os.search).not.toHaveBeenCalled();
  });

  it('names an unknown parameter instead of ignoring it', async () => {
    const err = await rejection(
      new SearchHandler(fakeOpenSearch({ hits: { hits: [] } })).search({ qq: 'typo' }),
    );
    expect((err as ValidationProblem).errors).toEqual([{ field: 'qq', message: 'unknown parameter' }]);
  });

  it('rejects a cursor that is not one the API returned, naming cursor', async () => {
    const err = await rejection(
      new SearchHandler(fakeOpenSearch({ hits: { hits: [] } })).search({ q: 'x', cursor: 'not-base64-json' }),
    );
    expect((err as ValidationProblem).errors?.[0]?.field).toBe('cursor');
  });

  it('rejects a cursor made for another sort order before querying OpenSearch', async () => {
    const os = fakeOpenSearch({ hits: { hits: [] } });
    // A relevance cursor has 3 sort values; a time-sorted query has 2 sort keys.
    const err = await rejection(
      new SearchHandler(os).search({
        q: 'x',
        sort: 'time',
        cursor: encodeCursor([1.2, 1700000000000, 'abc']),
      }),
    );
    expect((err as ValidationProblem).errors?.[0]?.field).toBe('cursor');
    expect(os.search).not.toHaveBeenCalled();
  });

  it('turns an OpenSearch rejection of a cursor into a 400 naming cursor', async () => {
    const os = fakeOpenSearch(new OpenSearchRequestError(400, 'failed to parse search_after value'));
    const err = await rejection(
      new SearchHandler(os).search({ q: 'x', cursor: encodeCursor([1, 'a', 'b']) }),
    );
    expect((err as ValidationProblem).errors?.[0]?.field).toBe('cursor');
  });

  it('lets an unavailable OpenSearch through as a 503 problem', async () => {
    const err = await rejection(
      new SearchHandler(fakeOpenSearch(new DependencyUnavailableProblem('opensearch', 'down'))).search({
        q: 'x',
      }),
    );
    expect(err).toBeInstanceOf(DependencyUnavailableProblem);
    expect((err as DependencyUnavailableProblem).status).toBe(503);
  });

  it('sends the parsed query with the filters and shapes hits, highlights and facets', async () => {
    const os = fakeOpenSearch({
      hits: {
        total: { value: 42 },
        hits: [
          hit('a'.repeat(32), [3.1, 1700000000000, 'a'.repeat(32)], {
            highlight: { title: ['<mark>Jiang</mark> Bin'], body: ['x <mark>Jiang</mark>'] },
          }),
        ],
      },
      aggregations: {
        source: { buckets: [{ key: 'Reuters', doc_count: 40 }] },
        country: { buckets: [{ key: 'CN', doc_count: 7 }] },
      },
    });
    const res = await new SearchHandler(os).search({
      q: 'Jiang',
      source: 'Reuters,AP',
      size: '5',
      collapse: 'none',
      facets: 'source,country,topic',
    });
    const body = os.search.mock.calls[0]?.[0] as {
      query: { function_score: { query: { bool: { must: unknown[]; filter: unknown[] } } } };
      size: number;
    };
    expect(body.size).toBe(5);
    // Only the fields an article hit shows: never the body, the entities or the keywords.
    expect(body).toHaveProperty('_source.includes', expect.arrayContaining(['id', 'title', 'storyId']));
    const includes = (body as unknown as { _source: { includes: string[] } })._source.includes;
    for (const f of ['body', 'entities', 'keywords', 'keywordWeights']) expect(includes).not.toContain(f);
    expect(os.search.mock.calls[0]?.[1]).toBe(SEARCH_FILTER_PATH);
    expect(body.query.function_score.query.bool.must[0]).toHaveProperty('multi_match.query', 'Jiang');
    expect(body.query.function_score.query.bool.filter).toContainEqual({
      terms: { source: ['Reuters', 'AP'] },
    });
    expect(res.total).toBe(42);
    expect(res.hits[0]).toMatchObject({
      id: 'a'.repeat(32),
      title: `Title ${'a'.repeat(32)}`,
      source: 'Reuters',
      url: null,
      countries: ['CN'],
      people: ['Jiang Bin'],
      places: [],
      highlights: { title: '<mark>Jiang</mark> Bin', body: ['x <mark>Jiang</mark>'] },
      score: 2.5,
    });
    expect(res.facets.source).toEqual([{ value: 'Reuters', count: 40 }]);
    expect(res.facets.country).toEqual([{ value: 'CN', count: 7 }]);
    expect(res.facets.topic).toEqual([]);
    // One hit on a page of five: this is the last page.
    expect(res.nextCursor).toBeUndefined();
  });

  it('returns the last hit sort values as nextCursor when the page is full', async () => {
    const last = [1.5, 1700000000000, 'b'.repeat(32)];
    const os = fakeOpenSearch({
      hits: {
        total: { value: 10 },
        hits: [hit('a'.repeat(32), [2, 1, 'a'.repeat(32)]), hit('b'.repeat(32), last)],
      },
    });
    const res = await new SearchHandler(os).search({ q: 'x', size: '2', collapse: 'none' });
    expect(res.nextCursor).toBeDefined();
    expect(decodeCursor(res.nextCursor ?? '')).toEqual(last);

    await new SearchHandler(os).search({ q: 'x', size: '2', collapse: 'none', cursor: res.nextCursor });
    expect(os.search.mock.calls[1]?.[0]).toHaveProperty('search_after', last);
  });

  it('counts stories over storyKey only when the index says every document has it', async () => {
    const totalField = async (features?: { storyKey?: boolean }) => {
      const os = fakeOpenSearch({ hits: { hits: [] } });
      await new SearchHandler(features ? { ...os, indexFeatures: () => features } : os).search({ q: 'x' });
      return (os.search.mock.calls[0]?.[0] as { aggs: { stories: { cardinality: { field: string } } } }).aggs
        .stories.cardinality.field;
    };
    expect(await totalField({ storyKey: true })).toBe('storyKey');
    expect(await totalField({ storyKey: false })).toBe('storyId');
    expect(await totalField({})).toBe('storyId');
    expect(await totalField()).toBe('storyId');
  });

  it('asks OpenSearch for the default facets with facets=true and for every facet with facets=all', async () => {
    const aggsSent = async (facets: string) => {
      const os = fakeOpenSearch({ hits: { hits: [] } });
      const res = await new SearchHandler(os).search({ facets });
      const body = os.search.mock.calls[0]?.[0] as { aggs?: Record<string, unknown> };
      return { aggs: Object.keys(body.aggs ?? {}).sort(), facets: Object.keys(res.facets).sort() };
    };
    expect(await aggsSent('true')).toEqual({
      aggs: ['date', 'source', 'topic'],
      facets: ['date', 'source', 'topic'],
    });
    const all = await aggsSent('all');
    expect(all.aggs).toEqual([...FACET_NAMES].sort());
    expect(all.facets).toEqual([...FACET_NAMES].sort());
    expect((await aggsSent('person,source')).aggs).toEqual(['person', 'source']);
  });

  it('skips aggregations when facets=false', async () => {
    const os = fakeOpenSearch({ hits: { hits: [] } });
    const res = await new SearchHandler(os).search({ facets: 'false' });
    expect(os.search.mock.calls[0]?.[0]).not.toHaveProperty('aggs');
    expect(res.facets).toEqual({});
  });
});

describe('SearchHandler cursors of undated articles', () => {
  it('writes the Long.MIN sort value of an undated article as a date string OpenSearch accepts back', async () => {
    // Parsed the way the client parses OpenSearch's answer: the long loses precision as a JSON number.
    const sort = JSON.parse(`[-9223372036854775808, "${'c'.repeat(32)}"]`) as unknown[];
    const os = fakeOpenSearch({ hits: { hits: [hit('c'.repeat(32), sort)] } });
    const res = await new SearchHandler(os).search({ size: '1' });
    expect(decodeCursor(res.nextCursor ?? '')).toEqual(['-292275055-05-16T16:47:04.192Z', 'c'.repeat(32)]);
    expect(cursorSafeSortValue(1700000000000)).toBe(1700000000000);
    expect(cursorSafeSortValue(Number('9223372036854775807'))).toBe('+292278994-08-17T07:12:55.807Z');
  });
});

describe('SearchHandler list parameters', () => {
  it('names the list parameter itself when one of its items is bad', async () => {
    const err = await rejection(
      new SearchHandler(fakeOpenSearch({ hits: { hits: [] } })).search({ country: 'CN,China' }),
    );
    expect((err as ValidationProblem).errors).toEqual([
      { field: 'country', message: 'item 1: expected ISO 3166-1 alpha-2 codes' },
    ]);
  });
});

describe('SearchHandler stories', () => {
  const id = (n: number) => n.toString(16).padStart(32, '0');
  /** Three matching articles of a story, oldest first, the story's own article among them. */
  const articlesOf = (storyId: string): RawHit[] => [
    { _id: storyId, _index: 'x', _source: { id: storyId, source: 'AP' } },
    { _id: `${storyId}-b`, _index: 'x', _source: { id: `${storyId}-b`, source: 'Reuters' } },
    { _id: `${storyId}-c`, _index: 'x', _source: { id: `${storyId}-c`, source: 'AFP' } },
  ];
  /**
   * A collapsed OpenSearch answer: hits ranked from `from`, sort values [score, date, id]; the story details
   * request (terms on storyId) is answered with three matching articles per story.
   */
  function ranked(stories: Array<{ id: string; score: number }>, dateSort = false) {
    return vi.fn((body: Record<string, unknown>) => {
      if (body.size === 0) {
        const filter = (body.query as { bool: { filter: Array<{ terms?: { storyId: string[] } }> } }).bool
          .filter;
        const ids = filter.find((f) => f.terms)?.terms?.storyId ?? [];
        return Promise.resolve({
          hits: { hits: [] },
          aggregations: {
            stories: {
              buckets: ids.map((key) => ({
                key,
                doc_count: 3,
                articles: { hits: { hits: articlesOf(key) } },
              })),
            },
          },
        } as RawSearchResponse);
      }
      const from = Number(body.from ?? 0);
      const size = Number(body.size);
      return Promise.resolve({
        hits: {
          // Three matching articles per story (as the details answer says).
          total: { value: stories.length * 3, relation: 'eq' },
          hits: stories.slice(from, from + size).map((s) =>
            hit(s.id, dateSort ? [s.score, s.id] : [s.score, 1700000000000, s.id], {
              _source: { id: s.id, title: s.id, storyId: s.id, source: 'AP' },
            }),
          ),
        },
        aggregations: { stories: { value: stories.length } },
      } as RawSearchResponse);
    });
  }

  it('answers one hit per story with the count and sources of its other articles', async () => {
    const search = ranked([{ id: id(1), score: 3 }]);
    const res = await new SearchHandler({ search }).search({ q: 'floods' });
    expect(res.collapsed).toBe(true);
    expect(res.total).toBe(1);
    expect(res.hits[0]?.story).toMatchObject({ id: id(1), articles: 3, sources: ['Reuters', 'AFP'] });
    expect(res.hits[0]?.story?.others.map((o) => o.id)).toEqual([`${id(1)}-b`, `${id(1)}-c`]);
    // One request for the page, one for the details of all its stories (not one per story).
    expect(search).toHaveBeenCalledTimes(2);
    expect(search.mock.calls[1]?.[0]).toHaveProperty('aggs.stories.terms.field', 'storyId');
  });

  it('sends no details request when the first answer counts as many stories as matching articles', async () => {
    const answer = (articles: number, stories: number) =>
      vi.fn((body: Record<string, unknown>) =>
        Promise.resolve(
          body.size === 0
            ? { hits: { hits: [] }, aggregations: { stories: { buckets: [] } } }
            : {
                hits: {
                  total: { value: articles, relation: 'eq' },
                  hits: [1, 2].map((n) =>
                    hit(id(n), [1, 2, id(n)], { _source: { id: id(n), title: 't', storyId: id(n) } }),
                  ),
                },
                aggregations: { stories: { value: stories } },
              },
        ),
      );
    const alone = answer(2, 2);
    const res = await new SearchHandler({ search: alone }).search({ q: 'floods' });
    expect(alone).toHaveBeenCalledTimes(1);
    expect(res.hits.map((h) => h.story)).toEqual([
      { id: id(1), articles: 1, sources: [], others: [] },
      { id: id(2), articles: 1, sources: [], others: [] },
    ]);
    // Fewer stories than articles: some story has others, so the details are read.
    const shared = answer(3, 2);
    await new SearchHandler({ search: shared }).search({ q: 'floods' });
    expect(shared).toHaveBeenCalledTimes(2);
    // Above STORY_ALONE_MAX_ARTICLES the story count is an estimate: the details are read.
    const many = answer(STORY_ALONE_MAX_ARTICLES + 1, STORY_ALONE_MAX_ARTICLES + 1);
    await new SearchHandler({ search: many }).search({ q: 'floods' });
    expect(many).toHaveBeenCalledTimes(2);
  });

  it('shows a story without details (gone since the page was read) as a story of one article', async () => {
    const search = vi.fn((body: Record<string, unknown>) =>
      Promise.resolve(
        body.size === 0
          ? { hits: { hits: [] }, aggregations: { stories: { buckets: [] } } }
          : {
              hits: {
                hits: [hit(id(7), [1, 2, id(7)], { _source: { id: id(7), title: 't', storyId: id(7) } })],
              },
              aggregations: { stories: { value: 1 } },
            },
      ),
    );
    const res = await new SearchHandler({ search }).search({ q: 'floods' });
    expect(res.hits[0]?.story).toEqual({ id: id(7), articles: 1, sources: [], others: [] });
  });

  it('pages stories without repeating one that moved down because new stories arrived', async () => {
    let stories = Array.from({ length: 10 }, (_, i) => ({ id: id(i + 1), score: 20 - i }));
    const h = (s: typeof stories) => new SearchHandler({ search: ranked(s) });
    const page1 = await h(stories).search({ q: 'floods', size: '4' });
    expect(page1.hits.map((x) => x.id)).toEqual([id(1), id(2), id(3), id(4)]);
    expect(page1.nextCursor).toBeDefined();
    // Two better stories arrive before page 2 (scores change too: relevance is not compared, ids are).
    stories = [
      { id: id(100), score: 40 },
      { id: id(101), score: 39 },
      ...stories.map((s) => ({ ...s, score: s.score / 2 })),
    ];
    const page2 = await h(stories).search({ q: 'floods', size: '4', cursor: page1.nextCursor });
    expect(page2.hits.map((x) => x.id)).toEqual([id(5), id(6), id(7), id(8)]);
    const page3 = await h(stories).search({ q: 'floods', size: '4', cursor: page2.nextCursor });
    expect(page3.hits.map((x) => x.id)).toEqual([id(9), id(10)]);
    expect(page3.nextCursor).toBeUndefined();
  });

  it('does not skip a story that moved up because earlier ones were removed', async () => {
    let stories = Array.from({ length: 8 }, (_, i) => ({ id: id(i + 1), score: 10 - i }));
    const page1 = await new SearchHandler({ search: ranked(stories) }).search({ q: 'floods', size: '4' });
    stories = stories.filter((s) => s.id !== id(1) && s.id !== id(2));
    const page2 = await new SearchHandler({ search: ranked(stories) }).search({
      q: 'floods',
      size: '4',
      cursor: page1.nextCursor,
    });
    expect(page2.hits.map((x) => x.id)).toEqual([id(5), id(6), id(7), id(8)]);
  });

  it('with a date sort skips every story at or before the boundary, however many arrived', async () => {
    const dated = (n: number, t: number) => ({ id: id(n), score: t });
    let stories = Array.from({ length: 6 }, (_, i) => dated(i + 1, 100 - i));
    const page1 = await new SearchHandler({ search: ranked(stories, true) }).search({
      q: 'floods',
      sort: 'newest',
      size: '2',
    });
    stories = [dated(50, 300), dated(51, 299), dated(52, 298), dated(53, 297), ...stories];
    const page2 = await new SearchHandler({ search: ranked(stories, true) }).search({
      q: 'floods',
      sort: 'newest',
      size: '2',
      cursor: page1.nextCursor,
    });
    expect(page2.hits.map((x) => x.id)).toEqual([id(3), id(4)]);
  });
});

describe('SearchHandler query syntax', () => {
  it('answers a malformed q with a 400 naming q and the position, without querying OpenSearch', async () => {
    const os = fakeOpenSearch({ hits: { hits: [] } });
    const err = await rejection(new SearchHandler(os).search({ q: 'floods AND (rain' }));
    expect(err).toBeInstanceOf(ValidationProblem);
    expect((err as ValidationProblem).errors).toEqual([
      { field: 'q', message: "'(' is never closed at position 11", position: 11 },
    ]);
    expect(os.search).not.toHaveBeenCalled();
  });
});
