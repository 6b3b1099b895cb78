import { lowerWordTokens } from './normalise.js';

/**
 * MinHash over word 3-shingles, for near-duplicate stories across sources. SimHash (see fingerprint.ts) only
 * separates near-identical copies (a few bits); two outlets' versions of one wire story differ in a few
 * sentences, which moves a 64-bit SimHash by 5-10 bits but keeps the shingle Jaccard around 0.5-0.9, which
 * MinHash estimates directly. Deterministic seeds: signatures stay comparable across processes and restarts.
 */
export const MINHASH_PERMUTATIONS = 64;
/** LSH banding: 16 bands of 4 rows. P(candidate) = 1-(1-J^4)^16: 0.64 at J=0.5, 0.99 at J=0.7, 0.12 at J=0.3. */
export const MINHASH_BANDS = 16;
/** Estimated Jaccard from which two articles belong to one story. */
export const STORY_JACCARD = 0.5;

const SEEDS = Uint32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => fmix32((i + 1) * 0x9e3779b9));

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit of `a + ' ' + b + ' ' + c` (UTF-16 code units), without building that string. */
function fnv1aShingle(a: string, b: string, c: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i += 1) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x20, 0x01000193);
  for (let i = 0; i < b.length; i += 1) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x20, 0x01000193);
  for (let i = 0; i < c.length; i += 1) h = Math.imul(h ^ c.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** MinHash signature of a text (empty texts and texts under 3 words give an all-max signature). */
export function minhashSignature(text: string): Uint32Array {
  const words = lowerWordTokens(text);
  const sig = new Uint32Array(MINHASH_PERMUTATIONS).fill(0xffffffff);
  for (let i = 0; i + 2 < words.length; i += 1) {
    const base = fnv1aShingle(words[i] as string, words[i + 1] as string, words[i + 2] as string);
    for (let p = 0; p < MINHASH_PERMUTATIONS; p += 1) {
      // fmix32(base ^ seed), inlined
      let h = base ^ (SEEDS[p] as number);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h >>>= 0;
      if (h < (sig[p] as number)) sig[p] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_PERMUTATIONS; i += 1) if (a[i] === b[i]) same += 1;
  return same / MINHASH_PERMUTATIONS;
}

/** LSH band keys of a signature: two articles sharing any key are candidates for one story. */
export function minhashBands(sig: Uint32Array): string[] {
  const rows = MINHASH_PERMUTATIONS / MINHASH_BANDS;
  const out: string[] = [];
  for (let b = 0; b < MINHASH_BANDS; b += 1) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r += 1) h = fmix32(h ^ (sig[b * rows + r] ?? 0));
    out.push(`${b}:${h.toString(16).padStart(8, '0')}`);
  }
  return out;
}

export function encodeSignature(sig: Uint32Array): string {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array | undefined {
  const buf = Buffer.from(encoded, 'base64');
  if (buf.length !== MINHASH_PERMUTATIONS * 4) return undefined;
  const out = new Uint32Array(MINHASH_PERMUTATIONS);
  for (let i = 0; i < MINHASH_PERMUTATIONS; i += 1) out[i] = buf.readUInt32LE(i * 4);
  return out;
}
