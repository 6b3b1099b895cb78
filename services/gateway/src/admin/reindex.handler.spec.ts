import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ReindexResult } from '@newsflow/search';
import { ConflictProblem } from '../problem/problem.exception.js';
import { ReindexHandler, reindexStatusSchema } from './reindex.handler.js';

describe('ReindexHandler', () => {
  it('runs one reindex at a time, reports progress and the result, and refuses to drop versions meanwhile', async () => {
    let finish: (r: ReindexResult) => void = () => undefined;
    const handler = new ReindexHandler(
      {
        alias: 'x.news-articles',
        reindex: (onProgress) => {
          onProgress({ total: 10, created: 4, conflicts: 1 });
          return new Promise<ReindexResult>((r) => (finish = r));
        },
        dropOldVersions: () => Promise.resolve(['x.news-articles-v1']),
      },
      pino({ level: 'silent' }),
    );
    expect(handler.current()).toEqual({ state: 'idle' });
    expect(handler.start().state).toBe('running');
    expect(() => handler.start()).toThrow(ConflictProblem);
    await expect(handler.dropOld()).rejects.toBeInstanceOf(ConflictProblem);
    expect(handler.current()).toMatchObject({ state: 'running', progress: { created: 4 } });
    finish({
      alias: 'x.news-articles',
      from: ['x.news-articles-v1'],
      to: 'x.news-articles-v2',
      created: 9,
      conflicts: 1,
      total: 10,
      tookMs: 5,
    });
    await new Promise((r) => setImmediate(r));
    const done = reindexStatusSchema.parse(handler.current());
    expect(done).toMatchObject({ state: 'done', from: ['x.news-articles-v1'], to: 'x.news-articles-v2' });
    expect(await handler.dropOld()).toEqual({ alias: 'x.news-articles', dropped: ['x.news-articles-v1'] });
  });

  it('reports a failed run with its reason and allows a new one', async () => {
    const handler = new ReindexHandler(
      {
        alias: 'y.news-articles',
        reindex: () =>
          Promise.reject(new Error('the alias y.news-articles does not exist: nothing to reindex')),
        dropOldVersions: () => Promise.resolve([]),
      },
      pino({ level: 'silent' }),
    );
    handler.start();
    await new Promise((r) => setImmediate(r));
    expect(handler.current()).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/does not exist/) as unknown,
    });
    expect(handler.start().state).toBe('running');
  });
});
