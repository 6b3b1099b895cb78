import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../gazetteer/gazetteer.js';
import { EntityTagger } from './entity-tagger.js';

const gazetteer = Gazetteer.load();
const DOC_A = [
  ['Russian', 'President', 'Vladimir', 'Putin', 'met', 'Xi', 'Jinping', 'in', 'Beijing', '.'],
  ['Putin', 'said', 'the', 'Kremlin', 'and', 'Reuters', 'had', 'talked', 'to', 'NATO', '.'],
];
const DOC_B = [
  ['SOCCER', '-', 'JAPAN', 'GET', 'LUCKY', 'WIN', ',', 'CHINA', 'IN', 'SURPRISE', 'DEFEAT', '.'],
  [
    'Nadim',
    'Ladki',
    'of',
    'Al-Ain',
    'scored',
    'for',
    'the',
    'United',
    'Arab',
    'Emirates',
    'in',
    'Putin',
    "'s",
    'absence',
    '.',
  ],
];

describe('EntityTagger (pre-summed weights, released id lists, arena rows)', () => {
  it('tags a document the same on first sight, from its cached word types, and after other documents', () => {
    const fresh = (doc: string[][]) => EntityTagger.load(gazetteer).tagWithConfidence(doc);
    const expectedA = fresh(DOC_A);
    const expectedB = fresh(DOC_B);
    const tagger = EntityTagger.load(gazetteer);
    expect(tagger.tagWithConfidence(DOC_A)).toEqual(expectedA);
    expect(tagger.tagWithConfidence(DOC_B)).toEqual(expectedB);
    expect(tagger.tagWithConfidence(DOC_A)).toEqual(expectedA);
    expect(expectedA.tags[0]?.slice(2, 4)).toEqual(['B-PER', 'I-PER']);
  });

  it('keeps results when many word types fill many arena rows', () => {
    const tagger = EntityTagger.load(gazetteer);
    const expected = tagger.tagWithConfidence(DOC_A);
    const many = Array.from({ length: 30 }, (_, s) =>
      Array.from({ length: 100 }, (_, i) => `Word${s * 100 + i}`),
    );
    tagger.tagWithConfidence(many);
    expect(tagger.tagWithConfidence(DOC_A)).toEqual(expected);
    expect(tagger.tagWithConfidence(DOC_B)).toEqual(EntityTagger.load(gazetteer).tagWithConfidence(DOC_B));
  });

  it('gives the same tags and confidences when evictions reuse rows as with a cache that never evicts', () => {
    const small = EntityTagger.load(gazetteer, 60);
    const large = EntityTagger.load(gazetteer);
    const filler = (k: number) => [Array.from({ length: 40 }, (_, i) => `Filler${k}x${i}`)];
    for (let round = 0; round < 4; round++) {
      for (const doc of [DOC_A, filler(round), DOC_B, filler(round + 10)])
        expect(small.tagWithConfidence(doc)).toEqual(large.tagWithConfidence(doc));
    }
    // The small tagger's rows stay at its bound: evicted types' rows were reused, never added.
    expect(small.arenaRows).toBe(60);
  });

  it('grows its rows for a document with more word types than the cache holds, and tags it fully', () => {
    const small = EntityTagger.load(gazetteer, 20);
    const big = [
      ...DOC_A,
      ...Array.from({ length: 3 }, (_, s) => Array.from({ length: 20 }, (_, i) => `Kind${s}z${i}`)),
    ];
    const result = small.tagWithConfidence(big);
    expect(result).toEqual(EntityTagger.load(gazetteer).tagWithConfidence(big));
    expect(small.arenaRows).toBeGreaterThan(20);
    expect(small.tagWithConfidence(DOC_B)).toEqual(EntityTagger.load(gazetteer).tagWithConfidence(DOC_B));
  });
});
