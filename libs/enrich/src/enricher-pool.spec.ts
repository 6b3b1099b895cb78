import { afterAll, describe, expect, it } from 'vitest';
import { Enricher } from './enricher.js';
import { EnricherPool } from './enricher-pool.js';

const pool = EnricherPool.create(2);
afterAll(async () => {
  await pool.close();
});

describe('EnricherPool', () => {
  it('returns the same enrichments as Enricher, in input order', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      title: `Talks ${i} in Beijing`,
      body: `Russian President Vladimir Putin met Xi Jinping in Beijing for round ${i} of talks on trade, officials in Moscow said.`,
    }));
    const local = Enricher.load();
    const got = await pool.enrichMany(inputs, 7);
    expect(got).toHaveLength(inputs.length);
    expect(got).toEqual(inputs.map((i) => local.enrich(i)));
    expect(pool.size).toBe(2);
  });
});
