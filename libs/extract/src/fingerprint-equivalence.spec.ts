import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { contentHash, contentHashOfNormalised, simhash } from './fingerprint.js';
import { minhashSignature } from './minhash.js';
import { lowerWordTokens, normaliseText, wordTokens } from './normalise.js';

/*
 * The fingerprints were rewritten for speed (one tokenisation shared by SimHash and MinHash, shingles hashed without
 * building their strings, bit-sliced SimHash counters, no second normalisation of an already normalised body). These
 * are the implementations they replaced, kept verbatim: the clean stage's outputs and dedup decisions must not move.
 */
function referenceContentHash(body: string): string {
  const normalised = normaliseText(body).toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

function referenceFnv1aShingle(tokens: readonly string[], from: number, to: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let t = from; t < to; t++) {
    if (t > from) {
      h ^= 0x20;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    const token = tokens[t] as string;
    for (let i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function referenceSimhash(body: string): string {
  const tokens = wordTokens(body.toLowerCase());
  const weights = new Int32Array(64);
  const size = tokens.length >= 3 ? 3 : Math.max(tokens.length, 1);
  const n = tokens.length === 0 ? 0 : tokens.length - size + 1;
  for (let i = 0; i < n; i++) {
    const hi = referenceFnv1aShingle(tokens, i, i + size, 0x9e3779b9);
    const lo = referenceFnv1aShingle(tokens, i, i + size, 0x7f4a7c15);
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

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Uint32Array.from({ length: 64 }, (_, i) => fmix32((i + 1) * 0x9e3779b9));

function referenceMinhash(text: string): Uint32Array {
  const words = wordTokens(text.toLowerCase());
  const sig = new Uint32Array(64).fill(0xffffffff);
  for (let i = 0; i + 2 < words.length; i += 1) {
    const shingle = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
    let base = 0x811c9dc5;
    for (let k = 0; k < shingle.length; k += 1) {
      base ^= shingle.charCodeAt(k);
      base = Math.imul(base, 0x01000193);
    }
    base >>>= 0;
    for (let p = 0; p < 64; p += 1) {
      const v = fmix32(base ^ (SEEDS[p] ?? 0));
      if (v < (sig[p] ?? 0)) sig[p] = v;
    }
  }
  return sig;
}

/** Texts with what the normaliser and the tokeniser treat specially: entities, CR, odd spaces, accents, astral. */
const PIECES = [
  'the',
  'Minister',
  'said',
  'économie',
  'Zürich',
  'naïve',
  'e\u0301te\u0301',
  '東京',
  '𝒳𝒴',
  '😀',
  '42',
  '3.5%',
  'snake_case',
  "don't",
  '&amp;',
  '&lt;b&gt;',
  '#36;',
  '#1',
  '&#8220;quoted&#8221;',
  '\u00a0',
  '\u200b',
  '\u00ad',
  '\t',
  '\r\n',
  '\n',
  '\n\n\n',
  '  ',
  '\u2028',
  '\u3000',
  '\u0007',
  'İstanbul',
  'ΣΊΣΥΦΟΣ',
];

function randomText(random: () => number): string {
  const words = 1 + Math.floor(random() * (random() < 0.1 ? 4 : 400));
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(PIECES[Math.floor(random() * PIECES.length)] as string);
    out.push(random() < 0.8 ? ' ' : '');
  }
  return out.join('');
}

/** The repository's seed dumps, as real article prose. */
function seedTexts(): string[] {
  const dir = resolve(__dirname, '../../../seeds');
  return readdirSync(dir)
    .filter((f) => /\.(txt|ndjson|jsonl)$/.test(f))
    .map((f) => readFileSync(resolve(dir, f), 'utf8'))
    .flatMap((t) => t.split(/\n\s*\n/))
    .filter((t) => t.trim().length > 0);
}

describe('fingerprints: same values as the implementations they replaced', () => {
  const random = seededRandom(7);
  const generated = Array.from({ length: 1500 }, () => randomText(random));
  const texts = [...seedTexts(), ...generated, '', ' ', 'one', 'one two', 'one two three'];

  it('has a sample with the special cases in it', () => {
    expect(texts.length).toBeGreaterThan(1500);
    expect(texts.some((t) => t.includes('&amp;'))).toBe(true);
    expect(generated.filter((t) => !/[&#\r]/.test(normaliseText(t))).length).toBeGreaterThan(50);
  });

  it('simhash', () => {
    for (const t of texts) expect(simhash(t), JSON.stringify(t.slice(0, 80))).toBe(referenceSimhash(t));
  });

  it('minhashSignature', () => {
    for (const t of texts)
      expect(Array.from(minhashSignature(t)), JSON.stringify(t.slice(0, 80))).toEqual(
        Array.from(referenceMinhash(t)),
      );
  });

  it('simhash and minhash of the same body in turn (the shared tokens) and of alternating bodies', () => {
    for (let i = 1; i < 200; i++) {
      const a = texts[i] as string;
      const b = texts[i - 1] as string;
      expect(simhash(a)).toBe(referenceSimhash(a));
      expect(Array.from(minhashSignature(a))).toEqual(Array.from(referenceMinhash(a)));
      expect(Array.from(minhashSignature(b))).toEqual(Array.from(referenceMinhash(b)));
      expect(simhash(a)).toBe(referenceSimhash(a));
    }
  });

  it('lowerWordTokens is wordTokens of the lower-cased text', () => {
    for (const t of texts) expect(lowerWordTokens(t)).toEqual(wordTokens(t.toLowerCase()));
  });

  it('contentHash, and contentHashOfNormalised on normalised bodies', () => {
    for (const t of texts) {
      const ref = referenceContentHash(t);
      expect(contentHash(t)).toBe(ref);
      const body = normaliseText(t);
      expect(contentHashOfNormalised(body), JSON.stringify(body.slice(0, 80))).toBe(
        referenceContentHash(body),
      );
    }
  });

  it('normalising a normalised text without "&", "#" or CR changes nothing (why the second pass is skipped)', () => {
    let checked = 0;
    for (const t of texts) {
      const once = normaliseText(t);
      if (/[&#\r]/.test(once)) continue;
      checked++;
      expect(normaliseText(once)).toBe(once);
    }
    expect(checked).toBeGreaterThan(100);
  });
});
