import { words } from '../text/tokenize.js';

/** Function words skipped as features: they carry no topic and inflate bigram counts. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers herself ' +
    'him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them themselves then ' +
    'there these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours yourself yourselves said says say mr mrs ms one two new year years also told may might ' +
    "must shall us it's he's she's i'm we're they're don't doesn't didn't isn't wasn't can't won't would've 's"
  ).split(' '),
);

/** Terms of a text for the topic model: lower-case unigrams (no stop words, no pure numbers) and bigrams of them. */
export function topicTerms(text: string): string[] {
  return topicTermsFromWords(words(text));
}

/** As topicTerms, from already lower-cased word tokens. */
export function topicTermsFromWords(lowerWords: readonly string[]): string[] {
  const ws = keptWords(lowerWords);
  const out: string[] = ws.slice();
  for (let i = 0; i + 1 < ws.length; i++) out.push(`${ws[i]} ${ws[i + 1]}`);
  return out;
}

/** Words kept as topic features: no stop words, no single characters, no pure numbers. */
export function keptWords(lowerWords: readonly string[]): string[] {
  return lowerWords.filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

/** Sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  idx: number[];
  val: number[];
}

/**
 * TF-IDF with sublinear tf (1 + ln tf) and L2 normalisation, over a fixed vocabulary.
 * Unknown terms are dropped.
 */
export function tfidf(
  terms: readonly string[],
  vocab: ReadonlyMap<string, number>,
  idf: ArrayLike<number>,
): SparseVector {
  const tf = new Map<number, number>();
  for (const t of terms) {
    const i = vocab.get(t);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  return weigh(tf, idf);
}

/** Sublinear tf x idf with L2 normalisation, from term-index counts. */
export function weigh(tf: ReadonlyMap<number, number>, idf: ArrayLike<number>): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [i, c] of tf) {
    const v = (1 + Math.log(c)) * (idf[i] ?? 0);
    idx.push(i);
    val.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < val.length; k++) val[k] = (val[k] ?? 0) / norm;
  return { idx, val };
}
