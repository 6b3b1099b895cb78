import { readModelJson } from '../model-store.js';
import { tfidf, topicTerms, topicTermsFromWords } from './text-vectorizer.js';

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
  private readonly w: Float32Array[];
  readonly classes: readonly string[];

  constructor(private readonly model: TopicModel) {
    model.vocab.forEach((t, i) => this.vocab.set(t, i));
    this.w = model.weights.map((row) => Float32Array.from(row));
    this.classes = model.classes;
  }

  /** Loads models/topic-model.json. */
  static load(): TopicClassifier {
    return new TopicClassifier(readModelJson<TopicModel>('topic-model.json'));
  }

  /** Calibrated class probabilities (sum 1) for a text. */
  predict(text: string): Record<string, number> {
    return this.predictTerms(topicTerms(text));
  }

  /** As predict, from lower-cased word tokens (see words()). */
  predictWords(lowerWords: readonly string[]): Record<string, number> {
    return this.predictTerms(topicTermsFromWords(lowerWords));
  }

  private predictTerms(terms: string[]): Record<string, number> {
    const x = tfidf(terms, this.vocab, this.model.idf);
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
