import { createHash } from 'node:crypto';
import { normaliseText, wordTokens } from './normalise.js';

/** Text form used for hashing: normalised, case-folded, whitespace-collapsed. */
export function hashNormalise(body: string): string {
  return normaliseText(body).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** sha256 hex of the normalised body. */
export function contentHash(body: string): string {
  return createHash('sha256').update(hashNormalise(body), 'utf8').digest('hex');
}

// FNV-1a 32-bit with a seed over the shingle `tokens[from] + ' ' + … + tokens[to - 1]` (UTF-16 code units, as
// `charCodeAt` reads them), computed without building the shingle string; applied twice with different seeds to get
// 64 bits per shingle without BigInt.
function fnv1aShingle(tokens: readonly string[], from: number, to: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let t = from; t < to; t++) {
    if (t > from) {
      h ^= 0x20; // the joining space
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    const token = tokens[t] as string;
    for (let i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  // final avalanche (murmur3 fmix32) so that similar shingles spread over all bits
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** 64-bit simhash over lower-cased word 3-shingles, as 16 hex characters. */
export function simhash(body: string): string {
  const tokens = wordTokens(body.toLowerCase());
  const weights = new Int32Array(64);
  const size = tokens.length >= 3 ? 3 : Math.max(tokens.length, 1);
  const n = tokens.length === 0 ? 0 : tokens.length - size + 1;
  for (let i = 0; i < n; i++) {
    const hi = fnv1aShingle(tokens, i, i + size, 0x9e3779b9);
    const lo = fnv1aShingle(tokens, i, i + size, 0x7f4a7c15);
    for (let b = 0; b < 32; b++) {
      weights[b] = (weights[b] as number) + ((hi >>> b) & 1) * 2 - 1;
      weights[32 + b] = (weights[32 + b] as number) + ((lo >>> b) & 1) * 2 - 1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if ((weights[b] as number) > 0) hi |= 1 << b;
    if ((weights[32 + b] as number) > 0) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function popcount32(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Number of differing bits between two 16-hex-char simhashes. (Stories are found by MinHash LSH, `minhash.ts`; the
 * simhash travels on the clean article for consumers that compare pages by distance.)
 */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/i.test(a) || !/^[0-9a-f]{16}$/i.test(b)) {
    throw new RangeError('simhash must be 16 hex characters');
  }
  const d1 = popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16));
  const d2 = popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
  return d1 + d2;
}
