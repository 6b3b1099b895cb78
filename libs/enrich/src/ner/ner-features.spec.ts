import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../gazetteer/gazetteer.js';
import { NerFeaturizer } from './ner-features.js';

const gazetteer = Gazetteer.load();

/** A featurizer whose feature index grows, recording which words had their features computed (cache misses). */
function recordingFeaturizer(maxTypes: number) {
  const computed: string[] = [];
  const index = new Map<string, number>();
  const featurizer = new NerFeaturizer(
    new Map(),
    gazetteer,
    (f) => {
      if (f.startsWith('w=')) computed.push(f.slice(2));
      let id = index.get(f);
      if (id === undefined) index.set(f, (id = index.size));
      return id;
    },
    maxTypes,
  );
  const run = (doc: string[][]) => {
    const tokens: number[][] = [];
    featurizer.featurize(doc, (_s, _i, _groups, _ctx, tokenFeatures) => tokens.push([...tokenFeatures]));
    return tokens;
  };
  return { featurizer, computed, run };
}

describe('NerFeaturizer word-type cache', () => {
  it('stays within its bound and keeps the words recent documents used, dropping one-off tokens', () => {
    const { featurizer, computed, run } = recordingFeaturizer(40);
    // Each document repeats four everyday words and adds ten tokens seen nowhere else.
    for (let d = 0; d < 30; d++) {
      run([['The', 'minister', 'said', 'today', ...Array.from({ length: 10 }, (_, k) => `code${d}x${k}`)]]);
      expect(featurizer.cachedTypes).toBeLessThanOrEqual(40);
    }
    computed.length = 0;
    run([['The', 'minister', 'said', 'today', 'code0x0']]);
    // The everyday words are still cached; a one-off token of the first document was evicted and is computed again.
    expect(computed).toEqual(['code0x0']);
  });

  it('gives every token the same features with a small cache as with a large one', () => {
    const docs = [
      [
        ['Russian', 'President', 'Vladimir', 'Putin', 'met', 'Xi', 'Jinping', 'in', 'Beijing', '.'],
        ['Putin', 'said', 'the', 'Kremlin', 'had', 'talked', 'to', 'NATO', '.'],
      ],
      [['SOCCER', '-', 'JAPAN', 'GET', 'LUCKY', 'WIN', ',', 'CHINA', 'IN', 'SURPRISE', 'DEFEAT', '.']],
      [['Mr', 'Putin', 'and', 'Xi', 'Jinping', 'met', 'again', 'in', 'Moscow', 'on', 'Monday', '.']],
    ];
    const small = recordingFeaturizer(6);
    const large = recordingFeaturizer(10_000);
    for (let round = 0; round < 3; round++)
      for (const doc of docs) expect(small.run(doc)).toEqual(large.run(doc));
    expect(small.computed.length).toBeGreaterThan(large.computed.length);
  });

  it('hands out at most maxTypes rows and reuses the rows of evicted types', () => {
    const { featurizer } = recordingFeaturizer(40);
    const slotsOfDoc: number[][] = [];
    for (let d = 0; d < 30; d++) {
      const doc = [['The', 'minister', 'said', ...Array.from({ length: 10 }, (_, k) => `tok${d}x${k}`)]];
      const slots: number[] = [];
      featurizer.featurize(doc, (_s, _i, _g, ctx) => slots.push(ctx.cur.slot));
      slotsOfDoc.push(slots);
      // Within a document, no two word types share a row.
      expect(new Set(slots).size).toBe(slots.length);
    }
    expect(featurizer.slots).toBeLessThanOrEqual(40);
    expect(featurizer.cachedTypes).toBeLessThanOrEqual(40);
    // Rows of evicted one-off tokens were given to later tokens.
    const late = new Set(slotsOfDoc.slice(20).flat());
    expect(slotsOfDoc[0]?.slice(3).some((s) => late.has(s))).toBe(true);
  });

  it('keeps every type of a document larger than the cache (no clear mid-document)', () => {
    const { featurizer } = recordingFeaturizer(8);
    const words = Array.from({ length: 30 }, (_, k) => `w${k}`);
    const seen: Array<{ slot: number; lower: string }> = [];
    featurizer.featurize([words], (_s, _i, _g, ctx) =>
      seen.push({ slot: ctx.cur.slot, lower: ctx.cur.lower }),
    );
    expect(seen.map((s) => s.lower)).toEqual(words);
    expect(new Set(seen.map((s) => s.slot)).size).toBe(30);
    expect(featurizer.slots).toBeGreaterThanOrEqual(30);
    expect(featurizer.cachedTypes).toBeGreaterThanOrEqual(30);
    // The next document's new types evict again: the cache is back within its bound, and no new rows are taken.
    const slotsBefore = featurizer.slots;
    featurizer.featurize([['later', 'words', 'here']], () => undefined);
    expect(featurizer.cachedTypes).toBeLessThanOrEqual(8);
    expect(featurizer.slots).toBe(slotsBefore);
  });
});
