import { Gazetteer } from '../gazetteer/gazetteer.js';
import { readModelJson } from '../model-store.js';
import { type CapsBucket, NER_CACHE_TYPES, NerFeaturizer, type TypeFeatures } from './ner-features.js';

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

/** Shared empty id list for word types whose weights are pre-summed. */
const NO_IDS: number[] = [];

const allowedCache = new WeakMap<readonly string[], Uint8Array>();

/** allowed[p * T + t] = 1 when tag t may follow tag p (row T is the sentence start). */
function allowedMatrix(tags: readonly string[]): Uint8Array {
  let m = allowedCache.get(tags);
  if (m) return m;
  const T = tags.length;
  m = new Uint8Array((T + 1) * T);
  for (let t = 0; t < T; t++) {
    for (let p = 0; p < T; p++) m[p * T + t] = allowedTransition(tags[p], tags[t] ?? 'O') ? 1 : 0;
    m[T * T + t] = allowedTransition(undefined, tags[t] ?? 'O') ? 1 : 0;
  }
  allowedCache.set(tags, m);
  return m;
}

/** Emission scores, row-major [token][tag]: the sum of each token's feature weight rows. */
export function emissions(
  feats: readonly (readonly number[])[],
  weights: Float32Array | Float64Array,
  T: number,
): Float64Array {
  const n = feats.length;
  const out = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    const fs = feats[i] ?? [];
    const o = i * T;
    for (let q = 0; q < fs.length; q++) {
      const base = (fs[q] ?? 0) * T;
      for (let t = 0; t < T; t++) out[o + t] = (out[o + t] ?? 0) + (weights[base + t] ?? 0);
    }
  }
  return out;
}

/**
 * First-order Viterbi over emission scores and a tag transition matrix, with the BIO constraint.
 * Shared by training (structured perceptron) and inference.
 */
export function viterbiEmissions(
  emit: Float64Array,
  n: number,
  transitions: ArrayLike<number>,
  start: ArrayLike<number>,
  tags: readonly string[],
): number[] {
  const T = tags.length;
  if (n === 0) return [];
  const allowed = allowedMatrix(tags);
  const score = new Float64Array(n * T);
  const back = new Int32Array(n * T);
  for (let t = 0; t < T; t++) score[t] = allowed[T * T + t] ? (emit[t] ?? 0) + (start[t] ?? 0) : -1e30;
  for (let i = 1; i < n; i++) {
    const o = i * T;
    const po = o - T;
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < T; p++) {
        if (!allowed[p * T + t]) continue;
        const v = (score[po + p] ?? 0) + (transitions[p * T + t] ?? 0);
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      score[o + t] = best + (emit[o + t] ?? 0);
      back[o + t] = arg;
    }
  }
  let bestT = 0;
  const lo = (n - 1) * T;
  for (let t = 1; t < T; t++) if ((score[lo + t] ?? 0) > (score[lo + bestT] ?? 0)) bestT = t;
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = bestT;
    bestT = back[i * T + bestT] ?? 0;
  }
  return out;
}

/** Viterbi from feature ids (computes the emissions first). */
export function viterbi(
  feats: readonly (readonly number[])[],
  weights: Float32Array | Float64Array,
  transitions: ArrayLike<number>,
  start: ArrayLike<number>,
  tags: readonly string[],
): number[] {
  return viterbiEmissions(emissions(feats, weights, tags.length), feats.length, transitions, start, tags);
}

/**
 * CoNLL-style named-entity tagger (PER, LOC, ORG, MISC): an averaged structured perceptron trained on
 * CoNLL-2003 eng.train by training/train-ner.ts, decoded with Viterbi. Input is a document as sentences
 * of tokens; output is BIO tags per token.
 */
export class EntityTagger {
  private readonly featurizer: NerFeaturizer;
  private readonly caps: ReadonlyMap<string, CapsBucket>;
  private readonly weights: Float64Array;
  readonly tags: readonly string[];

  /** @param cacheTypes bound of the featurizer's word-type cache (and so of the arena's rows). */
  constructor(
    private readonly model: EntityTaggerModel,
    gazetteer: Gazetteer,
    cacheTypes = NER_CACHE_TYPES,
  ) {
    const index = new Map<string, number>();
    model.features.forEach((f, i) => index.set(f, i));
    const caps = new Map<string, CapsBucket>();
    for (const b of ['L', 'm', 'M', 'C'] as const) for (const w of model.caps[b]) caps.set(w, b);
    const buf = Buffer.from(model.weights, 'base64');
    const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
    // Float64 (2x the memory of float32, ~3 MB) keeps the hot loop free of float conversions.
    this.weights = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++) this.weights[i] = (q[i] ?? 0) * model.scale;
    this.tags = model.tags;
    this.caps = caps;
    this.featurizer = new NerFeaturizer(caps, gazetteer, (f) => index.get(f) ?? -1, cacheTypes);
  }

  /**
   * How often a lower-cased word is written capitalised mid-sentence in the training text: 'L' (<10%),
   * 'm', 'M', 'C' (>=90%), or undefined when unseen. 'L' words are common words ("man", "reading").
   */
  capitalisation(lowerWord: string): CapsBucket | undefined {
    return this.caps.get(lowerWord);
  }

  /** Loads models/ner-model.json. */
  static load(gazetteer: Gazetteer = Gazetteer.load(), cacheTypes = NER_CACHE_TYPES): EntityTagger {
    return new EntityTagger(readModelJson<EntityTaggerModel>('ner-model.json'), gazetteer, cacheTypes);
  }

  /** Rows of pre-summed weights allocated (for tests and memory accounting). */
  get arenaRows(): number {
    return this.arena.length / (5 * this.tags.length);
  }

  /**
   * Pre-summed weights of every cached word type, one row of 5 x T values per featurizer slot, in one block sized for
   * the featurizer's cache bound: evicted types' rows are reused, so the block never grows in normal use (one
   * buffer per type, or per 1,024 types, both kept dead rows alive and grew with the vocabulary seen). Only the
   * rows written become resident memory. Float32 halves the block (50k rows of 45 values: 8.6 MiB): the rows are
   * sums of a few int16-quantised weights, and the enrichment of 8,000 bench articles came out byte-identical to
   * float64 rows (BENCHMARKS, session 10).
   */
  private arena = new Float32Array(0);

  /** Room for `rows` rows: the featurizer's bound at first, then half as much again when one document needs more. */
  private growArena(rows: number, rowLength: number): void {
    const want = Math.max(rows, this.featurizer.maxTypes, Math.ceil((this.arena.length / rowLength) * 1.5));
    const next = new Float32Array(want * rowLength);
    next.set(this.arena);
    this.arena = next;
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
    const T = this.tags.length;
    const W = this.weights;
    const R = 5 * T;
    // Emission scores straight from the feature groups: no per-token feature arrays are built.
    const emits = doc.map((s) => new Float64Array(s.length * T));
    // Each word type's five feature groups (own, and as left/right neighbour at distance 1 and 2) are
    // summed once into its arena row, so a token costs five vector adds plus its few token-level
    // features. Indices are in range by construction, hence the assertions.
    const rowOf = (tf: TypeFeatures): number => {
      const base = tf.slot * R;
      if (tf.summed) return base;
      if (base + R > this.arena.length) this.growArena(tf.slot + 1, R);
      const A = this.arena;
      A.fill(0, base, base + R);
      [tf.own, tf.prev1, tf.next1, tf.prev2, tf.next2].forEach((g, gi) => {
        const o = base + gi * T;
        for (const f of g) for (let t = 0; t < T; t++) A[o + t]! += W[f * T + t]!;
      });
      tf.summed = true;
      // The id arrays are not read again at inference (the row replaces them): release them, since the
      // featurizer keeps up to 50k word types cached (about a quarter of their memory).
      tf.own = tf.prev1 = tf.next1 = tf.prev2 = tf.next2 = NO_IDS;
      return base;
    };
    this.featurizer.featurize(doc, (si, i, _groups, ctx, tokenFeatures) => {
      // Rows first (filling one may grow the arena), then read from the current arena.
      const a = rowOf(ctx.cur);
      const b = rowOf(ctx.p1) + T;
      const c = rowOf(ctx.n1) + 2 * T;
      const d = rowOf(ctx.p2) + 3 * T;
      const e = rowOf(ctx.n2) + 4 * T;
      const A = this.arena;
      const row = emits[si]!;
      const o = i * T;
      for (let t = 0; t < T; t++) row[o + t] = A[a + t]! + A[b + t]! + A[c + t]! + A[d + t]! + A[e + t]!;
      for (let q = 0; q < tokenFeatures.length; q++) {
        const base = tokenFeatures[q]! * T;
        for (let t = 0; t < T; t++) row[o + t]! += W[base + t]!;
      }
    });
    const temp = this.model.temperature ?? 1;
    const tags: string[][] = [];
    const confidence: number[][] = [];
    const typeOf = this.tags.map((t) => t.slice(2));
    for (let si = 0; si < doc.length; si++) {
      const emit = emits[si] as Float64Array;
      const best = viterbiEmissions(
        emit,
        doc[si]?.length ?? 0,
        this.model.transitions,
        this.model.start,
        this.tags,
      );
      tags.push(best.map((t) => this.tags[t] ?? 'O'));
      confidence.push(
        best.map((t, i) => {
          if (t === 0) return 1; // O: confidence is not used
          const o = i * T;
          let m = -Infinity;
          for (let k = 0; k < T; k++) m = Math.max(m, emit[o + k] ?? 0);
          // Probability of the entity type (B-X and I-X together): Viterbi may pick B-X where the
          // emissions alone prefer I-X for the same name.
          let z = 0;
          let p = 0;
          for (let k = 0; k < T; k++) {
            const e = Math.exp(((emit[o + k] ?? 0) - m) / temp);
            z += e;
            if (typeOf[k] === typeOf[t]) p += e;
          }
          return p / z;
        }),
      );
    }
    return { tags, confidence };
  }
}
