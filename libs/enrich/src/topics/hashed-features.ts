import { STOPWORDS } from './text-vectorizer.js';

/**
 * Hashed topic features of an article (the "hashing trick"): word unigrams and bigrams and character
 * 3-5-grams of each word ("<word>" with boundary marks) are hashed into a fixed number of buckets, so
 * the model needs no vocabulary and unseen words still share character n-grams with training words
 * ("smartphones" with "phone"). Title and lead words count more than the rest of the body.
 */
export interface FeatureOptions {
  /** Hash buckets per block (a power of two): words use [0, buckets), character n-grams [buckets, 2 x buckets). */
  buckets: number;
  /** Weight of each title word occurrence (a body word counts 1). */
  titleWeight: number;
  /** The first `leadWords` kept body words count `leadWeight`. */
  leadWords: number;
  leadWeight: number;
  /** Weight of the character n-gram block relative to the word block (both L2-normalised first). */
  charWeight: number;
  /**
   * Word unigrams and bigrams hash the light stem of each word (lightStem: plural -s/-es/-ies, -ing, -ed),
   * so inflections another outlet prefers ("ratings" / "rated" / "rating") share one feature. Character
   * n-grams always use the word as written. Absent in models trained before this option (no stemming).
   */
  stem?: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  buckets: 1 << 17,
  titleWeight: 3,
  leadWords: 40,
  leadWeight: 2,
  charWeight: 0.5,
};

/** 32-bit FNV-1a with a murmur finaliser. */
export function hashString(s: string, seed = 0): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const VOWEL = /[aeiouy]/;

/**
 * A light English stemmer for topic features: plural -s, -es (after s, x, ch, sh) and -ies, -ing and -ed, with the consonant
 * doubled before -ing/-ed undone ("running" -> "run"). Only lower-case ASCII words of 5+ letters change,
 * and the stem keeps at least 3 letters with a vowel, so short words, names and numbers pass through.
 */
export function lightStem(w: string): string {
  if (w.length < 5 || !/^[a-z]+$/.test(w)) return w;
  let s = w;
  if (s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (/(?:ss|x|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (!s.endsWith(suffix)) continue;
    const base = s.slice(0, -suffix.length);
    if (base.length < 3 || !VOWEL.test(base)) break;
    const last = base.charCodeAt(base.length - 1);
    s =
      last === base.charCodeAt(base.length - 2) && !/[lsz]$/.test(base) && !VOWEL.test(base.slice(-1))
        ? base.slice(0, -1)
        : base;
    break;
  }
  return s;
}

const WORD_SEED = 0x9e3779b1;
const CHAR_SEED = 0x7f4a7c15;

/** Low 30 bits: every bucket mask (buckets <= 2^30) sees the same bits. */
const CHAR_BITS = 0x3fffffff;

/**
 * Bounds of the two word caches. A word's unigram hash is kept as a 32-bit integer (a small integer in the map, no
 * object per word), so a cached word costs its key and one map entry; character n-gram hashes are needed only for
 * title and lead words, so they have their own, smaller cache. Both clear when full: news vocabulary keeps growing
 * (names, numbers, one-off tokens), and a clear costs each word one hash again, while an unbounded or large cache is
 * the biggest share of a long-running classify's heap (BENCHMARKS, session 10).
 */
export const TOPIC_WORD_CACHE = 60_000;
export const TOPIC_CHAR_CACHE = 20_000;

/**
 * Word -> its unigram hash (as an int32; `>>> 0` gives the unsigned value, and `& mask` reads the same bits either
 * way). One cache per stemming mode, so models with and without stemming can share a process.
 */
const WORD_CACHES = [new Map<string, number>(), new Map<string, number>()] as const;
/** Word -> its character 3-5-gram hashes (low 30 bits, small integers). */
const CHAR_CACHE = new Map<string, number[]>();

function wordHash(w: string, stem: boolean): number {
  const cache = WORD_CACHES[stem ? 1 : 0];
  let h = cache.get(w);
  if (h !== undefined) return h;
  h = hashString(stem ? lightStem(w) : w, WORD_SEED) | 0;
  if (cache.size >= TOPIC_WORD_CACHE) cache.clear();
  cache.set(w, h);
  return h;
}

/** Character 3-5-gram hashes of `<w>` (low 30 bits), cached. */
function charHashes(w: string): number[] {
  let chars = CHAR_CACHE.get(w);
  if (chars) return chars;
  const marked = `<${w}>`;
  chars = [];
  for (let n = 3; n <= 5; n++)
    for (let i = 0; i + n <= marked.length; i++)
      chars.push(hashString(marked.slice(i, i + n), CHAR_SEED) & CHAR_BITS);
  if (CHAR_CACHE.size >= TOPIC_CHAR_CACHE) CHAR_CACHE.clear();
  CHAR_CACHE.set(w, chars);
  return chars;
}

const isKept = (w: string): boolean => w.length > 1 && !STOPWORDS.has(w) && !/^\d+$/.test(w);

/** Weighted feature counts of one document: bucket indices (words < buckets <= chars) and counts. */
export interface HashedCounts {
  idx: number[];
  cnt: number[];
}

let scratch = new Float64Array(0);

/**
 * Weighted feature counts. Word unigrams and bigrams (within the title or within the body) for every
 * kept word; character n-grams only for the title and the lead (the first `leadWords` kept body
 * words), where they matter most for short texts and cost least.
 */
export function hashedCounts(
  lowerWords: readonly string[],
  titleWords: number,
  opts: FeatureOptions = DEFAULT_FEATURES,
): HashedCounts {
  const mask = opts.buckets - 1;
  if (scratch.length !== 2 * opts.buckets) scratch = new Float64Array(2 * opts.buckets);
  const acc = scratch;
  const idx: number[] = [];
  const add = (k: number, w: number): void => {
    if (acc[k] === 0) idx.push(k);
    acc[k] = (acc[k] ?? 0) + w;
  };
  let prev = 0;
  let hasPrev = false;
  let prevZone = -1;
  let bodyKept = 0;
  const stem = opts.stem === true;
  for (let i = 0; i < lowerWords.length; i++) {
    const w = lowerWords[i] as string;
    const zone = i < titleWords ? 0 : 1;
    if (!isKept(w)) continue;
    let weight = 1;
    let lead = true;
    if (zone === 0) weight = opts.titleWeight;
    else if (bodyKept++ < opts.leadWords) weight = opts.leadWeight;
    else lead = false;
    const h = wordHash(w, stem);
    add(h & mask, weight);
    if (hasPrev && prevZone === zone) add((Math.imul(prev ^ 0x5bd1e995, 31) + h) & mask, weight);
    if (lead) for (const c of charHashes(w)) add(opts.buckets + (c & mask), weight);
    prev = h;
    hasPrev = true;
    prevZone = zone;
  }
  const cnt = idx.map((k) => {
    const v = acc[k] ?? 0;
    acc[k] = 0;
    return v;
  });
  return { idx, cnt };
}

/** Sparse vector: parallel arrays of bucket indices and values. */
export interface HashedVector {
  idx: number[];
  val: number[];
}

/**
 * Sublinear tf (1 + ln tf) x idf per block (words, characters), each block L2-normalised, the char
 * block scaled by charWeight, the whole renormalised. Buckets with idf 0 (seen in fewer than two
 * training documents) are dropped.
 */
export function hashedVector(
  counts: HashedCounts,
  idf: ArrayLike<number>,
  buckets: number,
  charWeight: number,
): HashedVector {
  const idx: number[] = [];
  const val: number[] = [];
  let nw = 0;
  let nc = 0;
  for (let j = 0; j < counts.idx.length; j++) {
    const i = counts.idx[j] ?? 0;
    const d = idf[i] ?? 0;
    if (d === 0) continue;
    const v = (1 + Math.log(counts.cnt[j] ?? 1)) * d;
    idx.push(i);
    val.push(v);
    if (i < buckets) nw += v * v;
    else nc += v * v;
  }
  const z = Math.sqrt(1 + charWeight * charWeight);
  const kw = nw > 0 ? 1 / Math.sqrt(nw) / z : 0;
  const kc = nc > 0 ? charWeight / Math.sqrt(nc) / z : 0;
  for (let j = 0; j < val.length; j++) val[j] = (val[j] ?? 0) * ((idx[j] ?? 0) < buckets ? kw : kc);
  return { idx, val };
}
