import { describe, expect, it } from 'vitest';
import type { ArticleDocument } from './article-document.js';
import { hitsNeedingStoryDetails, type RawHit, type RawSearchResponse } from './search-results.js';
import { planSearch, searchParamsSchema } from './search-query.js';
import {
  assignStoryShares,
  storyHeadUpdateLines,
  storyMarkLines,
  storyMarksIndexName,
  storyShareFailures,
} from './story-shared.js';

const doc = (id: string, storyId: string, duplicateOf?: string): ArticleDocument =>
  ({ id, storyId, duplicateOf }) as ArticleDocument;

describe('assignStoryShares', () => {
  it('writes a lone head false, joiners and duplicates true, and a head true when its joiner is in the chunk', () => {
    const docs = [
      doc('h1', 'h1'), // alone
      doc('h2', 'h2'), // its joiner j2 is in the chunk
      doc('j2', 'h2'),
      doc('j3', 'h3'), // head elsewhere
      doc('d1', 'h1', 'h1'), // an exact duplicate of h1: never a hit, does not share h1's story
      doc('j3b', 'h3'),
    ];
    const plan = assignStoryShares(docs);
    expect(docs.map((d) => [d.id, d.storyShared])).toEqual([
      ['h1', false],
      ['h2', true],
      ['j2', true],
      ['j3', true],
      ['d1', true],
      ['j3b', true],
    ]);
    expect(plan.aloneHeads.map((d) => d.id)).toEqual(['h1']);
    expect(plan.joined.sort()).toEqual(['h2', 'h3']);
    expect(plan.headsElsewhere).toEqual(['h3']);
  });

  it('leaves documents without a story unknown and asks nothing for them', () => {
    const docs = [{ id: 'x' } as ArticleDocument];
    const plan = assignStoryShares(docs);
    expect(docs[0]?.storyShared).toBeUndefined();
    expect(plan).toEqual({ aloneHeads: [], joined: [], headsElsewhere: [] });
  });
});

describe('story mark and head update lines', () => {
  it('are NDJSON pairs addressed by story id (marks) and head id (partial update of storyShared)', () => {
    const marks = storyMarkLines(storyMarksIndexName('t.news-articles'), ['s"1']).join('');
    expect(
      marks
        .split('\n')
        .slice(0, 2)
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([{ index: { _index: 't.news-articles-shared-stories', _id: 's"1' } }, {}]);
    const upd = storyHeadUpdateLines('t.news-articles', ['h']).join('');
    expect(
      upd
        .split('\n')
        .slice(0, 2)
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { update: { _index: 't.news-articles', _id: 'h', retry_on_conflict: 3 } },
      { doc: { storyShared: true } },
    ]);
  });

  it('count a head that is not indexed yet as done, anything else as a failure', () => {
    expect(
      storyShareFailures([
        { id: 'a', status: 200 },
        { id: 'b', status: 404, errorType: 'document_missing_exception' },
        { id: 'c', status: 404, errorType: 'index_not_found_exception' },
        { id: 'd', status: 429, errorType: 'es_rejected_execution_exception' },
      ]),
    ).toEqual(['c (404 index_not_found_exception)', 'd (429 es_rejected_execution_exception)']);
  });
});

describe('hitsNeedingStoryDetails', () => {
  const hit = (id: string, storyShared?: boolean): RawHit => ({
    _id: id,
    _source: { id, storyId: id, ...(storyShared === undefined ? {} : { storyShared }) },
  });
  const first: RawSearchResponse = {
    hits: { total: { value: 10, relation: 'eq' }, hits: [] },
    aggregations: { stories: { value: 4 } },
  };
  const hits = [hit('a', false), hit('b', true), hit('c'), { _id: 'd', _source: { id: 'd' } }];

  it('trusts only false, and only when the index maintains the flag', () => {
    expect(hitsNeedingStoryDetails(first, hits, { trustStoryShared: true }).map((h) => h._id)).toEqual([
      'b',
      'c',
    ]);
    expect(hitsNeedingStoryDetails(first, hits, {}).map((h) => h._id)).toEqual(['a', 'b', 'c']);
  });

  it('asks nothing when the first answer proves every story is one article', () => {
    const alone: RawSearchResponse = {
      hits: { total: { value: 4, relation: 'eq' }, hits: [] },
      aggregations: { stories: { value: 4 } },
    };
    expect(hitsNeedingStoryDetails(alone, hits, {})).toEqual([]);
  });
});

describe('planSearch with storyShared', () => {
  const params = (q: Record<string, unknown>) => searchParamsSchema.parse(q);

  it('reads the flag with collapsed hits only when the index maintains it', () => {
    const on = planSearch(params({ q: 'floods' }), { storyShared: true });
    expect(on.trustStoryShared).toBe(true);
    expect((on.body._source as { includes: string[] }).includes).toContain('storyShared');
    const off = planSearch(params({ q: 'floods' }), {});
    expect(off.trustStoryShared).toBeUndefined();
    expect((off.body._source as { includes: string[] }).includes).not.toContain('storyShared');
    const flat = planSearch(params({ q: 'floods', collapse: 'none' }), { storyShared: true });
    expect((flat.body._source as { includes: string[] }).includes).not.toContain('storyShared');
  });
});
