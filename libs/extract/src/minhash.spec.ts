import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  minhashBands,
  minhashSignature,
} from './minhash.js';

const seed = readFileSync(resolve(__dirname, '../../../seeds/aggregator-page-dump.txt'), 'utf8');
const main = seed.split('\n').slice(0, 17).join('\n');
const other = seed.split('\n').slice(40, 44).join('\n');

describe('minhash', () => {
  it('is deterministic across calls (fixed seeds)', () => {
    expect(minhashSignature(main)).toEqual(minhashSignature(main));
  });

  it('estimates a high similarity for a lightly edited copy and a low one for another story', () => {
    const edited = main
      .replace('Jiang said.', 'Jiang said on Thursday.')
      .replace('dear friend', 'good friend');
    const a = minhashSignature(main);
    expect(estimateJaccard(a, minhashSignature(edited))).toBeGreaterThan(0.75);
    expect(estimateJaccard(a, minhashSignature(other))).toBeLessThan(0.1);
    const shared = minhashBands(a).filter((b) => minhashBands(minhashSignature(edited)).includes(b));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('round-trips a signature through its text encoding and refuses a wrong length', () => {
    const sig = minhashSignature(main);
    expect(decodeSignature(encodeSignature(sig))).toEqual(sig);
    expect(decodeSignature('AAAA')).toBeUndefined();
  });
});
