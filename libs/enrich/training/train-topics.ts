/**
 * Trains the coarse topic classifier and the keyword background table on the BBC *training* split
 * (see bbc-corpus.ts for the fixed, near-duplicate-safe split; the test split is never read here, and
 * neither are the cross-source evaluation sets of test/eval/enrich/cross-source.ts).
 *  1. features: hashed word unigrams + bigrams, and character 3-5-grams of title and lead words; title
 *     x3, first 40 body words (the lead) x2 (src/topics/hashed-features.ts, DEFAULT_FEATURES, fixed a priori); buckets seen in fewer than
 *     2 training documents are dropped; idf = ln((N+1)/(df+1)) + 1;
 *  2. multinomial logistic regression, SGD with L2 (Bottou's scaled-weights trick), seeded shuffles;
 *  3. L2 strength and temperature: chosen on a validation part (20% of training groups) with models
 *     trained on the other 80% (L2 by validation log-loss at the fitted temperature); then the final
 *     model is trained on the whole training split;
 *  4. keyword background: document frequencies of unigrams over the training split (df >= 2).
 * Writes libs/enrich/models/topic-model.json and keyword-df.json.
 * Run: npm run train:topics
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_FEATURES,
  type FeatureOptions,
  type HashedCounts,
  hashedCounts,
  type HashedVector,
  hashedVector,
} from '../src/topics/hashed-features.js';
import type { TopicModel } from '../src/topics/topic-classifier.js';
import { words } from '../src/text/tokenize.js';
import { type BbcArticle, bbcSplit, loadBbc } from './bbc-corpus.js';
import { seededRandom } from '../../../test/support/seeded-random.js';

const EPOCHS = Number(process.env['TOPIC_EPOCHS'] ?? 20);
const L2_GRID = (process.env['TOPIC_L2'] ?? '1e-5,3e-5,1e-4').split(',').map(Number);
const FEATURES: FeatureOptions = { ...DEFAULT_FEATURES };

interface Fitted {
  idf: Float32Array;
  W: Float64Array[];
  b: Float64Array;
}

function counts(d: BbcArticle): HashedCounts {
  const t = words(d.title);
  return hashedCounts([...t, ...words(d.body)], t.length, FEATURES);
}

function fit(docs: BbcArticle[], classes: string[], lambda: number): Fitted {
  const size = 2 * FEATURES.buckets;
  const cs = docs.map(counts);
  const df = new Uint32Array(size);
  for (const c of cs) for (const k of c.idx) df[k] = (df[k] ?? 0) + 1;
  const N = docs.length;
  const idf = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const n = df[k] ?? 0;
    if (n >= 2) idf[k] = Math.round((Math.log((N + 1) / (n + 1)) + 1) * 1000) / 1000;
  }
  const X: HashedVector[] = cs.map((c) => hashedVector(c, idf, FEATURES.buckets, FEATURES.charWeight));
  const y = docs.map((d) => classes.indexOf(d.label));
  const C = classes.length;
  const W = classes.map(() => new Float64Array(size));
  const b = new Float64Array(C);
  let scale = 1;
  const eta0 = 0.5;
  let t = 0;
  const rnd = seededRandom(7);
  const order = docs.map((_, i) => i);
  for (let e = 0; e < EPOCHS; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const k of order) {
      const x = X[k] as HashedVector;
      const eta = eta0 / (1 + eta0 * lambda * t++);
      scale *= 1 - eta * lambda;
      const logits = W.map((row, c) => {
        let s = b[c] ?? 0;
        for (let q = 0; q < x.idx.length; q++) s += scale * (row[x.idx[q] ?? 0] ?? 0) * (x.val[q] ?? 0);
        return s;
      });
      const m = Math.max(...logits);
      const ex = logits.map((l) => Math.exp(l - m));
      const z = ex.reduce((a, v) => a + v, 0);
      for (let c = 0; c < C; c++) {
        const g = (ex[c] ?? 0) / z - (y[k] === c ? 1 : 0);
        const row = W[c] as Float64Array;
        for (let q = 0; q < x.idx.length; q++) {
          const j = x.idx[q] ?? 0;
          row[j] = (row[j] ?? 0) - (eta * g * (x.val[q] ?? 0)) / scale;
        }
        b[c] = (b[c] ?? 0) - eta * g * 0.1;
      }
      if (scale < 1e-6) {
        for (const row of W) for (let j = 0; j < row.length; j++) row[j] = (row[j] ?? 0) * scale;
        scale = 1;
      }
    }
  }
  for (const row of W) for (let j = 0; j < row.length; j++) row[j] = (row[j] ?? 0) * scale;
  return { idf, W, b };
}

function logits(f: Fitted, d: BbcArticle): number[] {
  const x = hashedVector(counts(d), f.idf, FEATURES.buckets, FEATURES.charWeight);
  return f.W.map((row, c) => {
    let s = f.b[c] ?? 0;
    for (let q = 0; q < x.idx.length; q++) s += (row[x.idx[q] ?? 0] ?? 0) * (x.val[q] ?? 0);
    return s;
  });
}

/** Best temperature by log-loss on validation logits. */
function temperature(
  val: BbcArticle[],
  vl: number[][],
  classes: string[],
): { T: number; loss: number; acc: number } {
  let best = { T: 1, loss: Infinity, acc: 0 };
  for (let T = 0.05; T <= 3; T += 0.05) {
    let loss = 0;
    let acc = 0;
    val.forEach((d, i) => {
      const l = (vl[i] ?? []).map((v) => v / T);
      const m = Math.max(...l);
      const z = l.reduce((a, v) => a + Math.exp(v - m), 0);
      const yi = classes.indexOf(d.label);
      loss -= (l[yi] ?? 0) - m - Math.log(z);
      if (l.indexOf(m) === yi) acc++;
    });
    if (loss < best.loss) best = { T: Math.round(T * 100) / 100, loss, acc: acc / val.length };
  }
  return { ...best, loss: best.loss / val.length };
}

const t0 = Date.now();
const all = loadBbc();
const { train } = bbcSplit(all);
const classes = [...new Set(train.map((d) => d.label))].sort();

// Validation: 80/20 split of the training groups (salted differently from the test split).
const isVal = (d: BbcArticle): boolean =>
  createHash('sha1').update(`bbc-val-v1:${d.title.toLowerCase()}`).digest().readUInt32BE(0) % 5 === 0;
const val = train.filter(isVal);
let chosen = { lambda: L2_GRID[0] ?? 1e-5, T: 1, loss: Infinity, acc: 0 };
for (const lambda of L2_GRID) {
  const part = fit(
    train.filter((d) => !isVal(d)),
    classes,
    lambda,
  );
  const r = temperature(
    val,
    val.map((d) => logits(part, d)),
    classes,
  );
  console.log(
    `L2 ${lambda}: validation ${val.length} docs, accuracy ${r.acc.toFixed(4)}, temperature ${r.T}, log-loss ${r.loss.toFixed(4)}`,
  );
  if (r.loss < chosen.loss) chosen = { lambda, ...r };
}
console.log(`chosen L2 ${chosen.lambda}, temperature ${chosen.T}`);

const f = fit(train, classes, chosen.lambda);
// Store only buckets with an idf (seen in >= 2 training documents), weights int16-quantised.
const C = classes.length;
const kept: number[] = [];
for (let k = 0; k < f.idf.length; k++) if ((f.idf[k] ?? 0) > 0) kept.push(k);
let maxW = 0;
for (const row of f.W) for (const k of kept) maxW = Math.max(maxW, Math.abs(row[k] ?? 0));
const weightScale = Math.floor(32767 / (maxW || 1));
const wq = new Int16Array(kept.length * C);
const idfq = new Uint16Array(kept.length);
kept.forEach((k, i) => {
  idfq[i] = Math.round((f.idf[k] ?? 0) * 1000);
  for (let c = 0; c < C; c++) wq[i * C + c] = Math.round((f.W[c]?.[k] ?? 0) * weightScale);
});
const model: TopicModel = {
  version: 2,
  classes,
  features: FEATURES,
  buckets: Buffer.from(Uint32Array.from(kept).buffer).toString('base64'),
  idf: Buffer.from(idfq.buffer).toString('base64'),
  weights: Buffer.from(wq.buffer).toString('base64'),
  weightScale,
  bias: [...f.b].map((v) => Math.round(v * 1e4) / 1e4),
  temperature: chosen.T,
  trainedOn: `BBC topics training split (${train.length} articles), L2 ${chosen.lambda}, ${EPOCHS} epochs, ${kept.length} buckets`,
};
writeFileSync(resolve(__dirname, '../models/topic-model.json'), JSON.stringify(model));

// Keyword background: unigram document frequencies over the training split.
const df = new Map<string, number>();
for (const d of train)
  for (const w of new Set(words(`${d.title}\n${d.body}`))) df.set(w, (df.get(w) ?? 0) + 1);
const keptDf = Object.fromEntries([...df].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]));
writeFileSync(
  resolve(__dirname, '../models/keyword-df.json'),
  JSON.stringify({ version: 1, documents: train.length, df: keptDf }),
);
console.log(
  `buckets ${kept.length}, keyword df terms ${Object.keys(keptDf).length}; done in ${Date.now() - t0} ms`,
);
