import { createHash } from 'node:crypto';
import { lowerWordTokens, normaliseText } from './normalise.js';

/** Text form used for hashing: normalised, case-folded, whitespace-collapsed. */
export function hashNormalise(body: string): string {
  return normaliseText(body).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** sha256 hex of the normalised body. */
export function contentHash(body: string): string {
  return createHash('sha256').update(hashNormalise(body), 'utf8').digest('hex');
}

/**
 * `contentHash(body)` for a body that `normaliseText` (with entity decoding) returned: when it holds no `&`, `#` or
 * `\r`, normalising it again changes nothing (no entity left to decode, no CR; the invisible characters, controls
 * and odd spaces are gone, lines are trimmed and collapsed, NFC is idempotent), so that second pass is skipped.
 * Any other text takes the whole path. Same hash as `contentHash` (fingerprint.spec.ts checks both on a sample).
 */
export function contentHashOfNormalised(body: string): string {
  if (body.includes('&') || body.includes('#') || body.includes('\r')) return contentHash(body);
  return createHash('sha256').update(body.toLowerCase().replace(/\s+/g, ' ').trim(), 'utf8').digest('hex');
}

// FNV-1a 32-bit over the shingle `tokens[from] + ' ' + … + tokens[to - 1]` (UTF-16 code units, as `charCodeAt`
// reads them), computed without building the shingle string, twice with different seeds (0x9e3779b9 for the high
// word, 0x7f4a7c15 for the low one) in one pass, each followed by a murmur3 fmix32 avalanche so that similar
// shingles spread over all bits: 64 bits per shingle without BigInt.
const SEED_HI = 0x9e3779b9;
const SEED_LO = 0x7f4a7c15;
let shingleHi = 0;
let shingleLo = 0;

function hashShingle(tokens: readonly string[], from: number, to: number): void {
  let hi = 0x811c9dc5 ^ SEED_HI;
  let lo = 0x811c9dc5 ^ SEED_LO;
  for (let t = from; t < to; t++) {
    if (t > from) {
      hi = Math.imul(hi ^ 0x20, 0x01000193); // the joining space
      lo = Math.imul(lo ^ 0x20, 0x01000193);
    }
    const token = tokens[t] as string;
    for (let i = 0; i < token.length; i++) {
      const c = token.charCodeAt(i);
      hi = Math.imul(hi ^ c, 0x01000193);
      lo = Math.imul(lo ^ c, 0x01000193);
    }
  }
  shingleHi = fmix32(hi);
  shingleLo = fmix32(lo);
}

function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Adds a 32-bit word to 32 bit-sliced counters: plane k holds bit k of every bit position's count of ones (a binary
 * counter per bit position, incremented for all 32 at once; the carry stops after ~2 planes on average).
 */
function addToPlanes(planes: Int32Array, word: number): void {
  let carry = word | 0;
  for (let k = 0; carry !== 0; k++) {
    const p = planes[k] as number;
    planes[k] = p ^ carry;
    carry = p & carry;
  }
}

/** Bit b of the result is set when more than half of the n words added to `planes` had bit b set. */
function majorityBits(planes: Int32Array, n: number): number {
  let out = 0;
  for (let b = 0; b < 32; b++) {
    let ones = 0;
    for (let k = 0; k < planes.length; k++) ones += ((planes[k] as number) >>> b) & 1 ? 2 ** k : 0;
    if (2 * ones > n) out |= 1 << b;
  }
  return out >>> 0;
}

/**
 * 64-bit simhash over lower-cased word 3-shingles, as 16 hex characters: bit b is set when more shingle hashes have
 * it set than not (a weight of +1 per set bit, -1 per clear bit, kept when positive).
 */
export function simhash(body: string): string {
  const tokens = lowerWordTokens(body);
  const size = tokens.length >= 3 ? 3 : Math.max(tokens.length, 1);
  const n = tokens.length === 0 ? 0 : tokens.length - size + 1;
  // 32 planes count up to 2^32 - 1 shingles per bit position, more than a string can hold.
  const hiPlanes = new Int32Array(32);
  const loPlanes = new Int32Array(32);
  for (let i = 0; i < n; i++) {
    hashShingle(tokens, i, i + size);
    addToPlanes(hiPlanes, shingleHi);
    addToPlanes(loPlanes, shingleLo);
  }
  const hi = majorityBits(hiPlanes, n);
  const lo = majorityBits(loPlanes, n);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
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
