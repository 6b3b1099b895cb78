import { describe, expect, it } from 'vitest';
import { enrichedArticle, hexId } from '../../../test/support/article-fixtures.js';
import { toArticleDocument } from './article-document.js';
import { ARTICLE_HIT_FIELDS, buildStoryDetailsBody } from './search-query.js';
import {
  STORY_ALONE_MAX_ARTICLES,
  everyStoryAlone,
  storyDetails,
  toArticleHit,
  toStoryHit,
  withHitList,
  type RawHit,
} from './search-results.js';

const full = {
  ...toArticleDocument(
    enrichedArticle({
      id: hexId(7),
      dumpId: 'd',
      title: 'Harbour wall approved',
      body: 'The council approved a harbour wall.',
      source: 'Coast Herald',
      at: '2026-11-30T10:00:00.000Z',
      publishedAt: '2026-11-30T09:00:00.000Z',
      storyId: hexId(1),
      duplicateOf: hexId(1),
      countries: ['GB'],
      people: ['Ada Finch'],
    }),
  ),
  iptcCodes: ['medtop:11000000'],
  iptcLabels: ['politics'],
  pageType: 'article',
  author: 'J. Doe',
};

describe('ARTICLE_HIT_FIELDS', () => {
  it('is every field an article hit is made of: the hit of those fields alone equals the hit of the whole document', () => {
    const picked = Object.fromEntries(
      ARTICLE_HIT_FIELDS.filter((f) => f in full).map((f) => [f, (full as Record<string, unknown>)[f]]),
    );
    const whole: RawHit = {
      _id: hexId(7),
      _score: 1.5,
      _source: full,
      highlight: { title: ['<mark>x</mark>'] },
    };
    const trimmed: RawHit = { ...whole, _source: picked };
    expect(toArticleHit(trimmed)).toEqual(toArticleHit(whole));
    // and the document's values do reach the hit (nothing read as null for lack of a field)
    expect(toArticleHit(trimmed)).toMatchObject({
      author: 'J. Doe',
      pageType: 'article',
      iptcLabels: ['politics'],
      people: ['Ada Finch'],
      duplicateOf: hexId(1),
    });
  });

  it('leaves out the body and the bulky enrichment', () => {
    for (const f of ['body', 'entities', 'keywords', 'keywordWeights', 'topicScores'])
      expect(ARTICLE_HIT_FIELDS as readonly string[]).not.toContain(f);
  });
});

describe('answers read with a filter_path', () => {
  it('gets an empty hit list where OpenSearch left it out, keeping the total', () => {
    expect(withHitList({})).toEqual({ hits: { hits: [] } });
    expect(withHitList({ hits: { total: { value: 0 }, hits: undefined as never } })).toEqual({
      hits: { total: { value: 0 }, hits: [] },
    });
  });

  it('reads story details without buckets as no details, and a story hit then stands alone', () => {
    const none = storyDetails(withHitList({ aggregations: { stories: {} } }));
    expect(none.size).toBe(0);
    const hit = toStoryHit({ _id: hexId(7), _source: { id: hexId(7), storyId: hexId(1) } });
    expect(hit.story).toEqual({ id: hexId(1), articles: 1, sources: [], others: [] });
  });

  it('asks for the story details by the terms themselves, not through global ordinals', () => {
    const body = buildStoryDetailsBody({ match_all: {} }, [hexId(1), hexId(2)]) as {
      aggs: { stories: { terms: Record<string, unknown> } };
    };
    expect(body.aggs.stories.terms).toMatchObject({ field: 'storyId', size: 2, execution_hint: 'map' });
  });
});

describe('everyStoryAlone', () => {
  const answer = (total: unknown, stories: unknown) =>
    ({ hits: { total, hits: [] }, aggregations: { stories: { value: stories } } }) as never;
  it('is true only for an exact article total, at most STORY_ALONE_MAX_ARTICLES, with as many stories', () => {
    expect(everyStoryAlone(answer({ value: 7, relation: 'eq' }, 7))).toBe(true);
    expect(everyStoryAlone(answer({ value: 0, relation: 'eq' }, 0))).toBe(true);
    expect(everyStoryAlone(answer(7, 7))).toBe(true);
    expect(everyStoryAlone(answer({ value: 7, relation: 'eq' }, 6))).toBe(false);
    expect(everyStoryAlone(answer({ value: 7, relation: 'gte' }, 7))).toBe(false);
    const max = STORY_ALONE_MAX_ARTICLES;
    expect(everyStoryAlone(answer({ value: max, relation: 'eq' }, max))).toBe(true);
    expect(everyStoryAlone(answer({ value: max + 1, relation: 'eq' }, max + 1))).toBe(false);
    expect(everyStoryAlone(answer(undefined, 3))).toBe(false);
    expect(everyStoryAlone(answer({ value: 3, relation: 'eq' }, null))).toBe(false);
    expect(everyStoryAlone({ hits: { total: { value: 3 }, hits: [] } })).toBe(false);
  });
});
