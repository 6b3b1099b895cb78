/**
 * BBC topic corpus loader and the fixed train/test split shared by training and evaluation.
 *
 * Split: articles are grouped by near-duplicate (word 5-shingle MinHash, 64 hashes, estimated Jaccard
 * >= 0.5, union-find), each group gets the key of its smallest member's normalised text, and a group is
 * in the TEST split when sha1("bbc-split-v1:" + key) mod 5 == 0 (about 20%). So near-duplicates never
 * straddle train and test, and the split does not depend on file order or on which files exist.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The data folder (../shared/data from the repo root), overridable with NEWSFLOW_DATA_DIR. */
export function dataDir(): string {
  return process.env['NEWSFLOW_DATA_DIR'] ?? resolve(__dirname, '../../../../shared/data');
}

export interface BbcArticle {
  id: string;
  label: string;
  title: string;
  body: string;
}

/** UTF-8 with a Latin-1 fallback (one file in the set has a raw £ byte). */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

/** Splits a headline-first text file into title and body. */
export function splitHeadline(text: string): { title: string; body: string } {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const nl = t.indexOf('\n');
  return nl < 0
    ? { title: t.trim(), body: '' }
    : { title: t.slice(0, nl).trim(), body: t.slice(nl + 1).trim() };
}

/** Loads every article of topics-bbc-train, label = folder name. */
export function loadBbc(dir: string = resolve(dataDir(), 'topics-bbc-train')): BbcArticle[] {
  const out: BbcArticle[] = [];
  for (const label of readdirSync(dir).sort()) {
    let files: string[];
    try {
      files = readdirSync(resolve(dir, label))
        .filter((f) => f.endsWith('.txt'))
        .sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const { title, body } = splitHeadline(decodeText(readFileSync(resolve(dir, label, f))));
      out.push({ id: `${label}/${f}`, label, title, body });
    }
  }
  return out;
}

function normalise(a: BbcArticle): string {
  return `${a.title} ${a.body}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function hash32(s: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return (h ^ (h >>> 15)) >>> 0;
}

function minhash(words: string[], k = 64): Uint32Array {
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (let i = 0; i + 5 <= Math.max(words.length, 5); i++) {
    const sh = words.slice(i, i + 5).join(' ');
    for (let j = 0; j < k; j++) {
      const h = hash32(sh, j * 0x9e3779b1);
      if (h < (sig[j] ?? 0)) sig[j] = h;
    }
  }
  return sig;
}

/** Near-duplicate groups: index of each article's group representative. */
export function nearDuplicateGroups(articles: BbcArticle[]): number[] {
  const norms = articles.map(normalise);
  const sigs = norms.map((n) => minhash(n.split(' ')));
  const parent = articles.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      const a = sigs[i] as Uint32Array;
      const b = sigs[j] as Uint32Array;
      let same = 0;
      for (let k = 0; k < a.length; k++) if (a[k] === b[k]) same++;
      if (same / a.length >= 0.5) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  return articles.map((_, i) => find(i));
}

/** The fixed split (see file comment). */
export function bbcSplit(articles: BbcArticle[]): {
  train: BbcArticle[];
  test: BbcArticle[];
  groups: number;
} {
  const norms = articles.map(normalise);
  const groups = nearDuplicateGroups(articles);
  const groupKey = new Map<number, string>();
  groups.forEach((g, i) => {
    const n = norms[i] ?? '';
    const cur = groupKey.get(g);
    if (cur === undefined || n < cur) groupKey.set(g, n);
  });
  const train: BbcArticle[] = [];
  const test: BbcArticle[] = [];
  articles.forEach((a, i) => {
    const key = groupKey.get(groups[i] ?? i) ?? '';
    const h = createHash('sha1').update(`bbc-split-v1:${key}`).digest();
    (h.readUInt32BE(0) % 5 === 0 ? test : train).push(a);
  });
  return { train, test, groups: groupKey.size };
}
