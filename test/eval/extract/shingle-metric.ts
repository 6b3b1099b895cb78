/** Word 4-gram shingle precision/recall (the Utomo & Leu / article-extraction-benchmark metric). */

/** Tokens are `\w+` runs (Unicode letters, digits, underscore), case-sensitive. */
export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Multiset of word n-gram shingles (texts shorter than n give one shingle of all their tokens). */
export function shingles(text: string, n = 4): Map<string, number> {
  const t = tokens(text);
  const m = new Map<string, number>();
  if (t.length === 0) return m;
  const size = Math.min(n, t.length);
  for (let i = 0; i + size <= t.length; i++) {
    const key = t.slice(i, i + size).join(' ');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** Per-page TP/FP/FN normalised to sum 1 (both empty counts as a perfect page). */
export function pageCounts(predicted: string, gold: string): { tp: number; fp: number; fn: number } {
  const p = shingles(predicted);
  const g = shingles(gold);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, c] of p) {
    const gc = g.get(k) ?? 0;
    tp += Math.min(c, gc);
    fp += Math.max(0, c - gc);
  }
  for (const [k, c] of g) fn += Math.max(0, c - (p.get(k) ?? 0));
  const sum = tp + fp + fn;
  if (sum === 0) return { tp: 1, fp: 0, fn: 0 };
  return { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

/** Precision and recall from mean normalised counts; F1 from mean P and mean R. */
export function aggregate(pages: Array<{ tp: number; fp: number; fn: number }>): {
  precision: number;
  recall: number;
  f1: number;
} {
  const n = pages.length || 1;
  const tp = pages.reduce((s, p) => s + p.tp, 0) / n;
  const fp = pages.reduce((s, p) => s + p.fp, 0) / n;
  const fn = pages.reduce((s, p) => s + p.fn, 0) / n;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** F1 of one page's normalised counts. */
export function pageF1(c: { tp: number; fp: number; fn: number }): number {
  const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}
