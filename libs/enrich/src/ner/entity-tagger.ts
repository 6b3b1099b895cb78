import { Gazetteer } from '../gazetteer/gazetteer.js';
import { readModelJson } from '../model-store.js';
import { type CapsBucket, NerFeaturizer } from './ner-features.js';

/** Serialised tagger: feature strings, int16-quantised weights (features x tags), transitions, caps table. */
export interface EntityTaggerModel {
  version: number;
  tags: string[];
  features: string[];
  scale: number;
  /** base64 of an Int16Array, row-major [feature][tag]. */
  weights: string;
  transitions: number[];
  start: number[];
  caps: Record<CapsBucket, string[]>;
  trainedOn: string;
  /** Softmax temperature over per-token emission scores, for token confidences (fitted on eng.testa). */
  temperature?: number;
}

/** I-X may only follow B-X or I-X: hard constraint used in decoding. */
export function allowedTransition(prev: string | undefined, cur: string): boolean {
  if (!cur.startsWith('I-')) return true;
  return prev !== undefined && prev !== 'O' && prev.slice(2) === cur.slice(2);
}

/**
 * First-order Viterbi over emission scores (features x tag weights) and a tag transition matrix.
 * Shared by training (structured perceptron) and inference.
 */
export function viterbi(
  feats: readonly (readonly number[])[],
  weights: Float32Array | Float64Array,
  transitions: ArrayLike<number>,
  start: ArrayLike<number>,
  tags: readonly string[],
): number[] {
  const T = tags.length;
  const n = feats.length;
  if (n === 0) return [];
  const score = new Float64Array(n * T);
  const back = new Int32Array(n * T);
  const emit = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    emit.fill(0);
    for (const f of feats[i] ?? []) {
      const base = f * T;
      for (let t = 0; t < T; t++) emit[t] = (emit[t] ?? 0) + (weights[base + t] ?? 0);
    }
    for (let t = 0; t < T; t++) {
      const e = emit[t] ?? 0;
      if (i === 0) {
        score[t] = allowedTransition(undefined, tags[t] ?? 'O') ? e + (start[t] ?? 0) : -1e30;
        continue;
      }
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < T; p++) {
        if (!allowedTransition(tags[p], tags[t] ?? 'O')) continue;
        const s = (score[(i - 1) * T + p] ?? 0) + (transitions[p * T + t] ?? 0);
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[i * T + t] = best + e;
      back[i * T + t] = arg;
    }
  }
  let bestT = 0;
  for (let t = 1; t < T; t++) if ((score[(n - 1) * T + t] ?? 0) > (score[(n - 1) * T + bestT] ?? 0)) bestT = t;
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = bestT;
    bestT = back[i * T + bestT] ?? 0;
  }
  return out;
}

/**
 * CoNLL-style named-entity tagger (PER, LOC, ORG, MISC): an averaged structured perceptron trained on
 * CoNLL-2003 eng.train by training/train-ner.ts, decoded with Viterbi. Input is a document as sentences
 * of tokens; output is BIO tags per token.
 */
export class EntityTagger {
  private readonly featurizer: NerFeaturizer;
  private readonly weights: Float32Array;
  readonly tags: readonly string[];

  constructor(
    private readonly model: EntityTaggerModel,
    gazetteer: Gazetteer,
  ) {
    const index = new Map<string, number>();
    model.features.forEach((f, i) => index.set(f, i));
    const caps = new Map<string, CapsBucket>();
    for (const b of ['L', 'm', 'M', 'C'] as const) for (const w of model.caps[b]) caps.set(w, b);
    const buf = Buffer.from(model.weights, 'base64');
    const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
    this.weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) this.weights[i] = (q[i] ?? 0) * model.scale;
    this.tags = model.tags;
    this.featurizer = new NerFeaturizer(caps, gazetteer, (f) => index.get(f) ?? -1);
  }

  /** Loads models/ner-model.json. */
  static load(gazetteer: Gazetteer = Gazetteer.load()): EntityTagger {
    return new EntityTagger(readModelJson<EntityTaggerModel>('ner-model.json'), gazetteer);
  }

  /** BIO tags for every token of a document given as sentences of token strings. */
  tagDocument(doc: readonly (readonly string[])[]): string[][] {
    return this.tagWithConfidence(doc).tags;
  }

  /**
   * BIO tags plus a per-token confidence: the softmax (temperature from the model file) of the
   * token's emission scores, summed over the chosen entity type. A heuristic, not a marginal probability.
   */
  tagWithConfidence(doc: readonly (readonly string[])[]): { tags: string[][]; confidence: number[][] } {
    const feats: number[][][] = doc.map((s) => new Array<number[]>(s.length));
    this.featurizer.featurize(doc, (s, i, f) => {
      const row = feats[s];
      if (row) row[i] = f;
    });
    const T = this.tags.length;
    const temp = this.model.temperature ?? 1;
    const tags: string[][] = [];
    const confidence: number[][] = [];
    const emit = new Float64Array(T);
    for (const sf of feats) {
      const best = viterbi(sf, this.weights, this.model.transitions, this.model.start, this.tags);
      tags.push(best.map((t) => this.tags[t] ?? 'O'));
      confidence.push(
        best.map((t, i) => {
          emit.fill(0);
          for (const f of sf[i] ?? []) for (let k = 0; k < T; k++) emit[k] = (emit[k] ?? 0) + (this.weights[f * T + k] ?? 0);
          let m = -Infinity;
          for (const v of emit) m = Math.max(m, v);
          let z = 0;
          for (const v of emit) z += Math.exp((v - m) / temp);
          // Probability of the entity type (B-X and I-X together): Viterbi may pick B-X where the
          // emissions alone prefer I-X for the same name.
          const type = (this.tags[t] ?? 'O').slice(2);
          let p = 0;
          for (let k = 0; k < T; k++) if (k === t || (type !== '' && (this.tags[k] ?? '').slice(2) === type)) p += Math.exp(((emit[k] ?? 0) - m) / temp);
          return p / z;
        }),
      );
    }
    return { tags, confidence };
  }
}
