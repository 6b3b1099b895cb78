import { readModelJson } from '../model-store.js';
import { words } from '../text/tokenize.js';
import {
  DEFAULT_FEATURES,
  type FeatureOptions,
  hashedCounts,
  type HashedVector,
  hashedVector,
} from './hashed-features.js';

/**
 * Serialised topic model (version 2): hashed word/char features (see hashed-features.ts), per-bucket
 * idf, per-class weights, softmax temperature. Only buckets seen at least twice in training are
 * stored, as base64 arrays: `buckets` (Uint32, ascending), `idf` (Uint16 x 1/1000), `weights` (Int16
 * x weightScale, one row of classes.length values per bucket).
 */
export interface TopicModel {
  version: 2;
  classes: string[];
  features: FeatureOptions;
  buckets: string;
  idf: string;
  weights: string;
  weightScale: number;
  bias: number[];
  temperature: number;
  trainedOn: string;
  /** Cross-source calibration applied on top of the BBC-trained weights; absent in older models. */
  calibration?: TopicCalibration;
}

/**
 * Calibration for text from other outlets (fitted by training/train-topics.ts on the TUNE part of the
 * cross-source development labels only): probabilities = softmax((logits + bias) / temperature), and
 * the top class is answered only when its probability reaches `minConfidence` (else NO_TOPIC).
 */
export interface TopicCalibration {
  bias: number[];
  temperature: number;
  minConfidence: number;
  fittedOn: string;
}

/** The answer of TopicClassifier.decide when no class is probable enough. */
export const NO_TOPIC = 'other';

/** Dense runtime arrays of a model. */
export interface DenseTopicModel {
  classes: string[];
  features: FeatureOptions;
  idf: Float32Array;
  /** weights[bucket * classes + c] */
  weights: Float32Array;
  bias: number[];
  temperature: number;
  calibration?: TopicCalibration;
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** Decodes the stored model into dense arrays (2 x buckets entries). */
export function densify(m: TopicModel): DenseTopicModel {
  if (m.version !== 2) throw new Error(`topic model version ${String(m.version)} is not supported (need 2)`);
  const C = m.classes.length;
  const size = 2 * m.features.buckets;
  const bk = b64(m.buckets);
  const id = b64(m.idf);
  const wt = b64(m.weights);
  const idx = new Uint32Array(bk.buffer, bk.byteOffset, bk.byteLength / 4);
  const idfq = new Uint16Array(id.buffer.slice(id.byteOffset, id.byteOffset + id.byteLength));
  const wq = new Int16Array(wt.buffer.slice(wt.byteOffset, wt.byteOffset + wt.byteLength));
  const idf = new Float32Array(size);
  const weights = new Float32Array(size * C);
  for (let k = 0; k < idx.length; k++) {
    const b = idx[k] ?? 0;
    idf[b] = (idfq[k] ?? 0) / 1000;
    for (let c = 0; c < C; c++) weights[b * C + c] = (wq[k * C + c] ?? 0) / m.weightScale;
  }
  return {
    classes: m.classes,
    features: m.features,
    idf,
    weights,
    bias: m.bias,
    temperature: m.temperature,
    calibration: m.calibration,
  };
}

/**
 * Coarse topic classifier: hashed word unigrams/bigrams and character n-grams, title and lead weighted
 * (hashed-features.ts), multinomial logistic regression trained by SGD (training/train-topics.ts);
 * probabilities are temperature-scaled (temperature fitted on a validation part of the training split),
 * or, when the model has a `calibration`, shifted and scaled for other outlets (TopicCalibration).
 */
export class TopicClassifier {
  readonly classes: readonly string[];

  constructor(private readonly model: DenseTopicModel) {
    this.classes = model.classes;
  }

  /** Loads models/topic-model.json. */
  static load(): TopicClassifier {
    return new TopicClassifier(densify(readModelJson<TopicModel>('topic-model.json')));
  }

  /** Calibrated class probabilities (sum 1) for a text whose first line is the title. */
  predict(text: string): Record<string, number> {
    const nl = text.indexOf('\n');
    const title = nl < 0 ? text : text.slice(0, nl);
    const body = nl < 0 ? '' : text.slice(nl + 1);
    const t = words(title);
    return this.predictWords([...t, ...words(body)], t.length);
  }

  /** As predict, from lower-cased word tokens (see words()); the first `titleWords` are the title. */
  predictWords(lowerWords: readonly string[], titleWords = 0): Record<string, number> {
    const f = this.model.features;
    return this.predictVector(
      hashedVector(hashedCounts(lowerWords, titleWords, f), this.model.idf, f.buckets, f.charWeight),
    );
  }

  /** Raw class scores (before temperature and softmax) of a feature vector. */
  logits(x: HashedVector): number[] {
    const C = this.classes.length;
    const out = this.model.bias.slice(0, C);
    const w = this.model.weights;
    for (let k = 0; k < x.idx.length; k++) {
      const base = (x.idx[k] ?? 0) * C;
      const v = x.val[k] ?? 0;
      for (let c = 0; c < C; c++) out[c] = (out[c] ?? 0) + (w[base + c] ?? 0) * v;
    }
    return out;
  }

  /**
   * The top class of `probs` (from predict/predictWords), or NO_TOPIC when the model is calibrated and
   * that class's probability is below the calibration's minConfidence.
   */
  decide(probs: Readonly<Record<string, number>>): string {
    let best = NO_TOPIC;
    let p = -1;
    for (const c of this.classes) if ((probs[c] ?? 0) > p) [best, p] = [c, probs[c] ?? 0];
    return p >= (this.model.calibration?.minConfidence ?? 0) ? best : NO_TOPIC;
  }

  private predictVector(x: HashedVector): Record<string, number> {
    const cal = this.model.calibration;
    const logits = cal
      ? this.logits(x).map((l, c) => (l + (cal.bias[c] ?? 0)) / cal.temperature)
      : this.logits(x).map((l) => l / this.model.temperature);
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    this.classes.forEach((c, i) => (out[c] = (e[i] ?? 0) / z));
    return out;
  }
}

export { DEFAULT_FEATURES };
