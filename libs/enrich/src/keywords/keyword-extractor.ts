import { readModelJson } from '../model-store.js';
import { STOPWORDS } from '../topics/text-vectorizer.js';

/** Titles and reporting verbs that are frequent in news but never a topic. */
const NOT_KEYWORDS = new Set([
  'prof',
  'sir',
  'dame',
  'lord',
  'lady',
  'miss',
  'dr',
  'gen',
  'col',
  'sen',
  'rep',
  'gov',
  'according',
  'added',
  'told',
  'saying',
  'spokesman',
  'spokeswoman',
]);

interface KeywordDf {
  documents: number;
  df: Record<string, number>;
}

/**
 * Keywords by TF-IDF against a background document-frequency table learned from the BBC training
 * split (models/keyword-df.json): weight = (1 + ln tf) x ln((N + 1) / (df + 1)), where unseen words get
 * df 0; names found by the entity recogniser compete as whole phrases with the same formula
 * (df of their rarest word). Weights are scaled so that the top keyword has weight 1.
 */
export class KeywordExtractor {
  private readonly idfs = new Map<string, number>();
  private readonly unseenIdf: number;

  constructor(model: KeywordDf) {
    const n = model.documents;
    for (const [w, df] of Object.entries(model.df)) this.idfs.set(w, Math.log((n + 1) / (df + 1)));
    this.unseenIdf = Math.log(n + 1);
  }

  /** Loads models/keyword-df.json. */
  static load(): KeywordExtractor {
    return new KeywordExtractor(readModelJson<KeywordDf>('keyword-df.json'));
  }

  private idf(w: string): number {
    return this.idfs.get(w) ?? this.unseenIdf;
  }

  /**
   * @param tokens lower-cased word tokens of the article
   * @param phrases entity names (canonical) with their mention counts
   */
  extract(
    tokens: readonly string[],
    phrases: ReadonlyMap<string, number>,
    limit = 10,
  ): Array<{ term: string; weight: number }> {
    const tf = new Map<string, number>();
    const covered = new Set<string>();
    for (const p of phrases.keys()) for (const w of p.toLowerCase().split(/\s+/)) covered.add(w);
    for (const raw of tokens) {
      const w = raw.endsWith("'s") ? raw.slice(0, -2) : raw;
      if (w.length < 3 || STOPWORDS.has(w) || NOT_KEYWORDS.has(w) || /\d/.test(w) || covered.has(w)) continue;
      tf.set(w, (tf.get(w) ?? 0) + 1);
    }
    const scored: Array<{ term: string; weight: number }> = [];
    for (const [w, c] of tf) scored.push({ term: w, weight: (1 + Math.log(c)) * this.idf(w) });
    for (const [p, c] of phrases) {
      const idf = Math.max(
        ...p
          .toLowerCase()
          .split(/\s+/)
          .map((w) => this.idf(w)),
      );
      scored.push({ term: p, weight: (1 + Math.log(c)) * idf });
    }
    scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    const top = scored.slice(0, limit);
    const max = top[0]?.weight ?? 1;
    return top.map((k) => ({ term: k.term, weight: Math.round((k.weight / max) * 1000) / 1000 }));
  }
}
