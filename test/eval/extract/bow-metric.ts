/** WCXB's metric: bag-of-words precision/recall/F1 per page (tokens = lower-cased `\w+` runs, multiset overlap). */

export function bowTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Per-page bag-of-words P/R/F1; an empty prediction against a non-empty gold scores 0, both empty scores 1. */
export function bowPrf(predicted: string, gold: string): Prf {
  const p = bowTokens(predicted);
  const g = bowTokens(gold);
  if (p.length === 0 && g.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (p.length === 0 || g.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  const precision = overlap / p.length;
  const recall = overlap / g.length;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const squash = (s: string): string => bowTokens(s).join(' ');

/** Share of snippets found in the text (token-normalised substring match). */
export function snippetHits(text: string, snippets: string[]): { hit: number; total: number } {
  const hay = ` ${squash(text)} `;
  let hit = 0;
  let total = 0;
  for (const s of snippets) {
    const needle = squash(s);
    if (!needle) continue;
    total++;
    if (hay.includes(` ${needle} `)) hit++;
  }
  return { hit, total };
}

/** Mean of per-page values. */
export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
