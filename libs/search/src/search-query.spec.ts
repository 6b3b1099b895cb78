import { describe, expect, it } from 'vitest';
import { articleMappings } from './index-template.js';
import { buildSearchBody, decodeCursor, encodeCursor, searchParamsSchema } from './search-query.js';

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
        facets: true,
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
  it('uses simple_query_string for user text and exact filters', () => {
    const p = searchParamsSchema.parse({ q: 'title:(x OR y', source: 'Reuters', from: '2026-01-01' });
    const body = buildSearchBody(p) as {
      query: { bool: { must: Array<Record<string, unknown>>; filter: unknown[] } };
    };
    expect(body.query.bool.must[0]).toHaveProperty('simple_query_string.query', 'title:(x OR y');
    expect(body.query.bool.filter).toContainEqual({ terms: { source: ['Reuters'] } });
    expect(body.query.bool.filter).toContainEqual({ range: { publishedAt: { gte: '2026-01-01' } } });
  });

  it('sorts by time without a query and adds search_after from a cursor', () => {
    const cursor = encodeCursor([1700000000000, 'abc']);
    const body = buildSearchBody(searchParamsSchema.parse({ cursor, facets: 'false' }));
    expect(body.sort).toEqual([{ publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }]);
    expect(body.search_after).toEqual([1700000000000, 'abc']);
    expect(body.aggs).toBeUndefined();
  });

  it('rejects a cursor it did not issue', () => {
    expect(() => buildSearchBody(searchParamsSchema.parse({ cursor: 'bm90IGpzb24' }))).toThrow(/cursor/);
    expect(decodeCursor('%%%')).toBeUndefined();
  });

  it('only facets on fields that are keywords in the mapping', () => {
    const body = buildSearchBody(searchParamsSchema.parse({}));
    const props = articleMappings.properties as Record<string, { type: string }>;
    for (const agg of Object.values(body.aggs as Record<string, { terms: { field: string } }>)) {
      expect(props[agg.terms.field]?.type).toBe('keyword');
    }
  });
});
