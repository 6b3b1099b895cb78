import { readModelJson } from '../model-store.js';
import { keptWords, type SparseVector, tfidf, weigh } from './text-vectorizer.js';
import { words } from '../text/tokenize.js';

/** Serialised topic model: vocabulary, idf, per-class weights and bias, softmax temperature. */
export interface TopicModel {
  version: number;
  classes: string[];
  vocab: string[];
  idf: number[];
  /** weights[c][j], rounded. */
  weights: number[][];
  bias: number[];
  temperature: number;
  trainedOn: string;
}

/**
 * Coarse topic classifier: TF-IDF (unigrams + bigrams) and multinomial logistic regression trained by
 * SGD on the BBC training split (training/train-topics.ts); probabilities are temperature-scaled
 * (temperature fitted on a validation part of the training split) so they are calibrated.
 */
export class TopicClassifier {
  private readonly vocab = new Map<string, number>();
  /** Bigram lookup without building "a b" strings: first word -> second word -> index. */
  private readonly bigrams = new Map<string, Map<string, number>>();
  private readonly w: Float32Array[];
  readonly classes: readonly string[];

  constructor(private readonly model: TopicModel) {
    model.vocab.forEach((t, i) => {
      const sp = t.indexOf(' ');
      if (sp < 0) {
        this.vocab.set(t, i);
        return;
      }
      const first = t.slice(0, sp);
      let inner = this.bigrams.get(first);
      if (!inner) this.bigrams.set(first, (inner = new Map<string, number>()));
      inner.set(t.slice(sp + 1), i);
    });
    this.w = model.weights.map((row) => Float32Array.from(row));
    this.classes = model.classes;
  }

  /** Loads models/topic-model.json. */
  static load(): TopicClassifier {
    return new TopicClassifier(readModelJson<TopicModel>('topic-model.json'));
  }

  /** Calibrated class probabilities (sum 1) for a text. */
  predict(text: string): Record<string, number> {
    return this.predictWords(words(text));
  }

  /** As predict, from lower-cased word tokens (see words()). Same terms as topicTerms(), without building bigram strings. */
  predictWords(lowerWords: readonly string[]): Record<string, number> {
    const ws = keptWords(lowerWords);
    const tf = new Map<number, number>();
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      const u = this.vocab.get(w);
      if (u !== undefined) tf.set(u, (tf.get(u) ?? 0) + 1);
      const next = ws[i + 1];
      if (next !== undefined) {
        const b = this.bigrams.get(w)?.get(next);
        if (b !== undefined) tf.set(b, (tf.get(b) ?? 0) + 1);
      }
    }
    return this.predictVector(weigh(tf, this.model.idf));
  }

  /** Probabilities for an explicit term list (used by tests to check the fast path). */
  predictTerms(terms: readonly string[]): Record<string, number> {
    const vocab = new Map(this.model.vocab.map((t, i) => [t, i]));
    return this.predictVector(tfidf(terms, vocab, this.model.idf));
  }

  private predictVector(x: SparseVector): Record<string, number> {
    const logits = this.classes.map((_, c) => {
      const row = this.w[c] as Float32Array;
      let s = this.model.bias[c] ?? 0;
      for (let k = 0; k < x.idx.length; k++) s += (row[x.idx[k] ?? 0] ?? 0) * (x.val[k] ?? 0);
      return s / this.model.temperature;
    });
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    this.classes.forEach((c, i) => (out[c] = (e[i] ?? 0) / z));
    return out;
  }
}
