import { describe, expect, it } from 'vitest';
import { contentHash, hammingDistance, simhash } from './fingerprint.js';

const A = Array.from(
  { length: 12 },
  (_, i) =>
    `Sentence number ${i} explains how the council voted on the bridge plan and what happens next for the residents of district ${i}.`,
).join(' ');

describe('fingerprints', () => {
  it('hashes normalised bodies: whitespace and case do not matter, words do', () => {
    expect(contentHash(A)).toBe(contentHash(`  ${A.toUpperCase().replace(/ /g, '\n ')} `));
    expect(contentHash(A)).not.toBe(contentHash(`${A} Extra.`));
  });

  it('gives near-duplicates a small distance and unrelated texts a large one', () => {
    const edited = A.replace('voted on', 'voted for');
    const other = Array.from(
      { length: 12 },
      (_, i) =>
        `Player ${i} scored twice as the visitors won the cup final in front of a record crowd at the stadium ${i}.`,
    ).join(' ');
    expect(hammingDistance(simhash(A), simhash(A))).toBe(0);
    expect(hammingDistance(simhash(A), simhash(edited))).toBeLessThanOrEqual(9);
    expect(hammingDistance(simhash(A), simhash(other))).toBeGreaterThan(12);
  });

  it('keeps the simhash values already stored on clean articles (shingles of 3, 2 and 1 words, non-ASCII text)', () => {
    // Values of the string-joining implementation this one replaced: fingerprints stay comparable across versions.
    expect(simhash('The quick brown fox jumps over the lazy dog near the river bank.')).toBe(
      'f58744c4a96999e9',
    );
    expect(simhash('Zürich: Ça coûte 12 €')).toBe('4183181c11802241');
    expect(simhash('two words')).toBe('eb33aacfbd043749');
    expect(simhash('one')).toBe('2db8d58c2b546415');
  });

  it('computes Hamming distance on 16-hex simhashes', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '8000000000000000')).toBe(2);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(RangeError);
  });
});
