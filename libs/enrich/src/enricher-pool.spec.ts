import { afterAll, describe, expect, it } from 'vitest';
import { Enricher } from './enricher.js';
import { EnricherPool, EnricherWorkerError } from './enricher-pool.js';

const pool = EnricherPool.create(2);
afterAll(async () => {
  await pool.close();
});

const article = (i: number) => ({
  title: `Talks ${i} in Beijing`,
  body: `Russian President Vladimir Putin met Xi Jinping in Beijing for round ${i} of talks on trade, officials in Moscow said.`,
});

describe('EnricherPool', () => {
  it('returns the same enrichments as Enricher, in input order', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => article(i));
    const local = Enricher.load();
    const got = await pool.enrichMany(inputs, 7);
    expect(got).toHaveLength(inputs.length);
    expect(got).toEqual(inputs.map((i) => local.enrich(i)));
    expect(pool.size).toBe(2);
  });

  it('fails a batch with ERR_WORKER_OUT_OF_MEMORY when the worker is over its heap limit, every time, without a restart loop', async () => {
    // 4 MB of old space cannot even hold the models: each batch starts a new worker, which dies loading them
    const starved = EnricherPool.create(1, { resourceLimits: { maxOldGenerationSizeMb: 4 } });
    try {
      for (let i = 0; i < 2; i++) {
        const failure = await starved.enrichBatch([article(i)]).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(failure).toBeInstanceOf(EnricherWorkerError);
        expect((failure as EnricherWorkerError).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
      }
    } finally {
      await starved.close();
    }
  }, 60_000);
});
