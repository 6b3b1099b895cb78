import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import {
  DEFAULT_FEATURES,
  type FeatureOptions,
  hashedCounts,
  hashString,
  lightStem,
  TOPIC_CHAR_CACHE,
  TOPIC_WORD_CACHE,
} from './hashed-features.js';
import { STOPWORDS } from './text-vectorizer.js';

/** The eager implementation before the lazy, 30-bit character hashes: the reference for unchanged outputs. */
function referenceCounts(
  lowerWords: readonly string[],
  titleWords: number,
  opts: FeatureOptions,
): Map<number, number> {
  const mask = opts.buckets - 1;
  const acc = new Map<number, number>();
  const add = (k: number, w: number): void => void acc.set(k, (acc.get(k) ?? 0) + w);
  const kept = (w: string): boolean => w.length > 1 && !STOPWORDS.has(w) && !/^\d+$/.test(w);
  let prev: number | undefined;
  let prevZone = -1;
  let bodyKept = 0;
  lowerWords.forEach((w, i) => {
    const zone = i < titleWords ? 0 : 1;
    if (!kept(w)) return;
    let weight = 1;
    let lead = true;
    if (zone === 0) weight = opts.titleWeight;
    else if (bodyKept++ < opts.leadWords) weight = opts.leadWeight;
    else lead = false;
    const word = hashString(w, 0x9e3779b1);
    add(word & mask, weight);
    if (prev !== undefined && prevZone === zone)
      add((Math.imul(prev ^ 0x5bd1e995, 31) + word) & mask, weight);
    if (lead) {
      const marked = `<${w}>`;
      for (let n = 3; n <= 5; n++)
        for (let j = 0; j + n <= marked.length; j++)
          add(opts.buckets + (hashString(marked.slice(j, j + n), 0x7f4a7c15) & mask), weight);
    }
    prev = word;
    prevZone = zone;
  });
  return acc;
}

const TEXTS: Array<[string, string]> = [
  [
    'Striker scores twice in cup final',
    'The striker scored twice as United beat Chelsea 3-1 in the final. '.repeat(12),
  ],
  [
    'Smartphones sales rise',
    'Shares in the bank fell after it reported lower quarterly profits; analysts cut forecasts. '.repeat(9),
  ],
  ['', 'Only a body, with numbers 2004 and 1,200 and words like well-known and O’Brien’s.'],
];

describe('hashedCounts (lazy character hashes, 30-bit)', () => {
  for (const buckets of [DEFAULT_FEATURES.buckets, 1 << 10, 1 << 30]) {
    it(`gives the same weighted counts as the eager reference with ${buckets} buckets`, () => {
      const opts = { ...DEFAULT_FEATURES, buckets };
      // Twice: the second pass reads every word's cached features (the first computes them).
      for (let pass = 0; pass < 2; pass++)
        for (const [title, body] of TEXTS) {
          const t = words(title);
          // Body words first seen beyond the lead, then in a later title: their character hashes are computed late.
          const ws = [...t, ...words(body)];
          const got = hashedCounts(ws, t.length, opts);
          const ref = referenceCounts(ws, t.length, opts);
          expect(new Map(got.idx.map((k, j) => [k, got.cnt[j]]))).toEqual(ref);
          const rev = hashedCounts([...ws].reverse(), 5, opts);
          const refRev = referenceCounts([...ws].reverse(), 5, opts);
          expect(new Map(rev.idx.map((k, j) => [k, rev.cnt[j]]))).toEqual(refRev);
        }
    });
  }
});

describe('hashedCounts word caches (bounded, cleared when full)', () => {
  it('gives the same counts after more distinct words than both bounds have passed through the caches', () => {
    const opts = DEFAULT_FEATURES;
    const [title, body] = TEXTS[0] as [string, string];
    const ws = [...words(title), ...words(body)];
    const n = words(title).length;
    const ref = referenceCounts(ws, n, opts);
    const before = hashedCounts(ws, n, opts);
    // Every flood word is a title word, so it fills the character cache as well as the word cache.
    const flood = Math.max(TOPIC_WORD_CACHE, TOPIC_CHAR_CACHE) + 5_000;
    for (let i = 0; i < flood; i += 500) {
      const batch = Array.from({ length: 500 }, (_, k) => `floodword${i + k}`);
      hashedCounts(batch, batch.length, opts);
    }
    const after = hashedCounts(ws, n, opts);
    expect(new Map(after.idx.map((k, j) => [k, after.cnt[j]]))).toEqual(ref);
    expect(after).toEqual(before);
  });
});

describe('lightStem and the stem option', () => {
  it('strips plural, -ing and -ed endings and leaves short words, names and odd tokens alone', () => {
    const cases: Array<[string, string]> = [
      ['companies', 'company'],
      ['shares', 'share'],
      ['taxes', 'tax'],
      ['running', 'run'],
      ['stopped', 'stop'],
      ['falling', 'fall'],
      ['played', 'play'],
      ['business', 'business'],
      ['analysis', 'analysis'],
      ['focus', 'focus'],
      ['bring', 'bring'],
      ['news', 'news'],
      ['mp3s', 'mp3s'],
      ['élections', 'élections'],
    ];
    for (const [w, s] of cases) expect(lightStem(w)).toBe(s);
  });

  it('gives inflections one word bucket only when the model asks for stems, and keeps character n-grams as written', () => {
    const stem: FeatureOptions = { ...DEFAULT_FEATURES, stem: true };
    const words = (o: FeatureOptions, w: string): number[] =>
      hashedCounts([w], 1, o).idx.filter((k) => k < o.buckets);
    const chars = (o: FeatureOptions, w: string): number[] =>
      hashedCounts([w], 1, o)
        .idx.filter((k) => k >= o.buckets)
        .sort();
    expect(words(stem, 'elections')).toEqual(words(stem, 'election'));
    expect(words(DEFAULT_FEATURES, 'elections')).not.toEqual(words(DEFAULT_FEATURES, 'election'));
    expect(chars(stem, 'elections')).toEqual(chars(DEFAULT_FEATURES, 'elections'));
    // The caches of the two modes are separate: the unstemmed hash is unchanged after a stemmed lookup.
    expect(words(DEFAULT_FEATURES, 'elections')).toEqual([
      hashString('elections', 0x9e3779b1) & (DEFAULT_FEATURES.buckets - 1),
    ]);
  });
});
