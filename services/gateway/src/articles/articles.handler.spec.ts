import { describe, expect, it, vi } from 'vitest';
import type { RawSearchResponse } from '@newsflow/search';
import { rejection } from '../../../../test/support/rejection.js';
import { NotFoundProblem, ValidationProblem } from '../problem/problem.exception.js';
import { ArticlesHandler } from './articles.handler.js';

const ID = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';

function fake(
  stored: Record<string, Record<string, unknown>>,
  similar: RawSearchResponse = { hits: { hits: [] } },
) {
  return {
    getArticle: vi.fn((id: string) =>
      Promise.resolve(stored[id] ? { index: 'p.news-articles-v1', source: stored[id] } : undefined),
    ),
    search: vi.fn((_body: Record<string, unknown>) => Promise.resolve(similar)),
  };
}

describe('ArticlesHandler', () => {
  it('rejects an id that is not 32 hex characters, naming id, without a lookup', async () => {
    const os = fake({});
    const err = await rejection(new ArticlesHandler(os).get('not-an-id'));
    expect(err).toBeInstanceOf(ValidationProblem);
    expect((err as ValidationProblem).errors?.[0]?.field).toBe('id');
    expect(os.getArticle).not.toHaveBeenCalled();
  });

  it('answers a missing article with a not-found problem', async () => {
    const err = await rejection(new ArticlesHandler(fake({})).get(ID));
    expect(err).toBeInstanceOf(NotFoundProblem);
    expect((err as NotFoundProblem).status).toBe(404);
  });

  it('returns the stored document with its id', async () => {
    const a = await new ArticlesHandler(fake({ [ID]: { title: 'T', body: 'B' } })).get(ID);
    expect(a).toEqual({ id: ID, title: 'T', body: 'B' });
  });

  it('finds similar articles with more_like_this on the concrete index, excluding the article itself', async () => {
    const os = fake(
      { [ID]: { title: 'T' } },
      { hits: { hits: [{ _id: OTHER, _index: 'x', _score: 1, _source: { id: OTHER, title: 'U' } }] } },
    );
    const res = await new ArticlesHandler(os).similar(ID, { size: '3' });
    const body = os.search.mock.calls[0]?.[0] as {
      size: number;
      query: { bool: { must_not: unknown[]; should: Array<{ more_like_this: { like: unknown[] } }> } };
    };
    expect(body.size).toBe(3);
    expect(body.query.bool.must_not).toContainEqual({ ids: { values: [ID] } });
    expect(body.query.bool.should[0]?.more_like_this.like).toEqual([
      { _index: 'p.news-articles-v1', _id: ID },
    ]);
    expect(res).toMatchObject({ id: ID, hits: [{ id: OTHER, title: 'U' }] });
  });

  it('answers similar for a missing article with not-found, and a bad size naming size', async () => {
    expect(await rejection(new ArticlesHandler(fake({})).similar(ID, {}))).toBeInstanceOf(NotFoundProblem);
    const err = await rejection(new ArticlesHandler(fake({ [ID]: {} })).similar(ID, { size: '0' }));
    expect((err as ValidationProblem).errors?.[0]?.field).toBe('size');
  });
});
