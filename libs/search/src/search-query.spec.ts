import { describe, expect, it } from 'vitest';
import { articleMappings } from './index-template.js';
import { QuerySyntaxError } from './query-syntax.js';
import {
  DEFAULT_FACETS,
  FACET_NAMES,
  InvalidCursorError,
  NOT_A_DUPLICATE,
  STORY_INNER_HITS,
  buildSearchBody,
  buildStoryDetailsBody,
  compareSortValues,
  decodeCursor,
  decodeStoryCursor,
  encodeCursor,
  encodeStoryCursor,
  planSearch,
  searchParamsSchema,
} from './search-query.js';

const parse = (q: Record<string, unknown>) => searchParamsSchema.safeParse(q);

describe('searchParamsSchema', () => {
  it('applies defaults and splits comma lists', () => {
    const r = parse({ q: 'Jiang Bin', country: 'cn,ru', size: '5' });
    expect(r.success).toBe(true);
    if (r.success)
      expect(r.data).toMatchObject({
        q: 'Jiang Bin',
        country: ['CN', 'RU'],
        size: 5,
        sort: 'relevance',
        facets: [],
      });
  });

  it('names the bad field', () => {
    for (const [input, field] of [
      [{ size: '1000' }, 'size'],
      [{ country: 'China' }, 'country'],
      [{ from: 'yesterday' }, 'from'],
      [{ sort: 'random' }, 'sort'],
      [{ from: '2026-02-01', to: '2026-01-01' }, 'from'],
    ] as const) {
      const r = parse(input);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.some((i) => String(i.path[0]) === field)).toBe(true);
    }
  });

  it('rejects unknown parameters instead of ignoring them', () => {
    expect(parse({ qq: 'typo' }).success).toBe(false);
  });
});

describe('buildSearchBody', () => {
  it('parses user text into match queries (never simple_query_string) and keeps exact filters', () => {
    const p = searchParamsSchema.parse({ q: 'floods OR rain', source: 'Reuters', from: '2026-01-01' });
    const body = buildSearchBody(p) as {
      query: {
        function_score: { query: { bool: { must: unknown[]; filter: unknown[]; must_not: unknown[] } } };
      };
    };
    const inner = body.query.function_score.query.bool;
    expect(JSON.stringify(body)).not.toMatch(/simple_query_string|query_string/);
    expect(inner.must[0]).toHaveProperty('bool.should');
    expect(inner.filter).toContainEqual({ terms: { source: ['Reuters'] } });
    expect(inner.filter).toContainEqual({ range: { publishedAt: { gte: '2026-01-01' } } });
    expect(inner.must_not).toContainEqual(NOT_A_DUPLICATE);
  });

  it('throws a syntax error with the position for malformed q', () => {
    expect(() => buildSearchBody(searchParamsSchema.parse({ q: 'title:(x OR y' }))).toThrow(QuerySyntaxError);
  });

  it('sorts by time without a query and adds search_after from a cursor', () => {
    const cursor = encodeCursor([1700000000000, 'abc']);
    const body = buildSearchBody(searchParamsSchema.parse({ cursor, facets: 'false' }));
    expect(body.sort).toEqual([{ publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }]);
    expect(body.search_after).toEqual([1700000000000, 'abc']);
    expect(body.aggs).toBeUndefined();
    expect(body.collapse).toBeUndefined();
  });

  it('sorts oldest first on request, and by decayed relevance with text', () => {
    expect(buildSearchBody(searchParamsSchema.parse({ sort: 'oldest' })).sort).toEqual([
      { publishedAt: { order: 'asc', missing: '_last' } },
      { id: 'asc' },
    ]);
    const rel = buildSearchBody(searchParamsSchema.parse({ q: 'floods' }));
    expect(rel.sort).toEqual([
      { _score: 'desc' },
      { publishedAt: { order: 'desc', missing: '_last' } },
      { id: 'asc' },
    ]);
    expect(rel).toHaveProperty('query.function_score.functions.0.gauss.publishedAt.scale', '7d');
  });

  it('collapses text searches on storyId (story details in a second request) unless collapse=none', () => {
    const on = planSearch(searchParamsSchema.parse({ q: 'floods' }));
    expect(on.collapse).toBe(true);
    expect(on.body.collapse).toEqual({ field: 'storyId' });
    expect(on.body).toHaveProperty('aggs.stories.cardinality.field', 'storyId');
    const off = planSearch(searchParamsSchema.parse({ q: 'floods', collapse: 'none' }));
    expect(off.collapse).toBe(false);
    expect(off.body.collapse).toBeUndefined();
    expect(planSearch(searchParamsSchema.parse({ q: 'source:AP' })).collapse).toBe(false);
    expect(planSearch(searchParamsSchema.parse({ collapse: 'story' })).collapse).toBe(true);
  });

  it('asks for the story details of a page in one request: the matching articles of those stories only', () => {
    const plan = planSearch(searchParamsSchema.parse({ q: 'floods', source: 'AP' }));
    const body = buildStoryDetailsBody(plan.match, ['s1', 's2']);
    expect(body).toMatchObject({
      size: 0,
      query: { bool: { filter: [plan.match, { terms: { storyId: ['s1', 's2'] } }] } },
    });
    expect(body).toHaveProperty('aggs.stories.terms', { field: 'storyId', size: 2, execution_hint: 'map' });
    expect(body).toHaveProperty('aggs.stories.aggs.articles.top_hits.size', STORY_INNER_HITS + 1);
    // The same articles as the search matches: the parsed text, the filters and no exact duplicates.
    expect(JSON.stringify(plan.match)).toContain('"source":["AP"]');
    expect(plan.match).toHaveProperty('bool.must_not', [NOT_A_DUPLICATE]);
  });

  it('reads a story cursor on collapsed searches and refuses an article cursor there', () => {
    const c = encodeStoryCursor({ o: 10, b: [1.5, 1700000000000, 'abc'], s: ['0000abcd'] });
    expect(planSearch(searchParamsSchema.parse({ q: 'floods', cursor: c })).storyCursor).toEqual({
      o: 10,
      b: [1.5, 1700000000000, 'abc'],
      s: ['0000abcd'],
    });
    expect(() =>
      planSearch(searchParamsSchema.parse({ q: 'floods', cursor: encodeCursor([1.5, 1, 'abc']) })),
    ).toThrow(InvalidCursorError);
    expect(decodeStoryCursor(encodeStoryCursor({ o: -1, b: [], s: [] }))).toBeUndefined();
  });

  it('rejects a cursor it did not issue', () => {
    expect(() => buildSearchBody(searchParamsSchema.parse({ cursor: 'bm90IGpzb24' }))).toThrow(/cursor/);
    expect(decodeCursor('%%%')).toBeUndefined();
  });

  it('computes facets only on request: the default set with true, every one with all, a named list, a date histogram with automatic interval', () => {
    expect(buildSearchBody(searchParamsSchema.parse({})).aggs).toBeUndefined();
    expect(buildSearchBody(searchParamsSchema.parse({ facets: 'false' })).aggs).toBeUndefined();
    const byDefault = buildSearchBody(searchParamsSchema.parse({ facets: 'true' }));
    expect(Object.keys(byDefault.aggs as object).sort()).toEqual(['date', 'source', 'topic']);
    expect(
      Object.keys(buildSearchBody(searchParamsSchema.parse({ facets: true })).aggs as object).sort(),
    ).toEqual(['date', 'source', 'topic']);
    expect(searchParamsSchema.parse({ facets: 'true' }).facets).toEqual([...DEFAULT_FACETS]);
    const all = buildSearchBody(searchParamsSchema.parse({ facets: 'all' }));
    expect(Object.keys(all.aggs as object).sort()).toEqual([...FACET_NAMES].sort());
    // `all` inside a list is every facet too; repeats count once.
    expect(searchParamsSchema.parse({ facets: 'person,all,person' }).facets).toHaveLength(FACET_NAMES.length);
    const entity = buildSearchBody(searchParamsSchema.parse({ facets: 'person,place,organisation' }));
    expect(entity).toHaveProperty('aggs.person.terms.field', 'people');
    expect(Object.keys(entity.aggs as object).sort()).toEqual(['organisation', 'person', 'place']);
    const some = buildSearchBody(searchParamsSchema.parse({ facets: 'source,date' }));
    expect(Object.keys(some.aggs as object).sort()).toEqual(['date', 'source']);
    expect(some).toHaveProperty('aggs.date.auto_date_histogram.field', 'publishedAt');
    expect(searchParamsSchema.safeParse({ facets: 'source,colour' }).success).toBe(false);
  });

  it('only facets on fields that are keywords in the mapping', () => {
    const body = buildSearchBody(searchParamsSchema.parse({ facets: 'all' }));
    const props = articleMappings.properties as Record<string, { type: string } | undefined>;
    // Fields the index engineers are adding to the mapping at the time of writing (keyword when they land).
    const pending = ['iptcCodes', 'iptcLabels', 'pageType'];
    const aggs = Object.entries(body.aggs as Record<string, { terms?: { field: string } }>);
    expect(aggs.length).toBe(FACET_NAMES.length);
    for (const [name, agg] of aggs) {
      if (name === 'date') continue;
      const field = agg.terms?.field ?? '';
      if (props[field] === undefined) expect(pending).toContain(field);
      else expect(props[field]?.type).toBe('keyword');
    }
  });
});

describe('compareSortValues', () => {
  it('orders by each key in its direction, numbers as numbers and ids as strings', () => {
    const d: Array<'asc' | 'desc'> = ['desc', 'desc', 'asc'];
    expect(compareSortValues([2, 1, 'a'], [1, 9, 'a'], d)).toBeLessThan(0);
    expect(compareSortValues([1, 5, 'a'], [1, 4, 'a'], d)).toBeLessThan(0);
    expect(compareSortValues([1, 5, 'b'], [1, 5, 'a'], d)).toBeGreaterThan(0);
    expect(compareSortValues([1, 5, 'a'], [1, 5, 'a'], d)).toBe(0);
  });
});
