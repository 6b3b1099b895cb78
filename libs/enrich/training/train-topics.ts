/**
 * Trains the coarse topic classifier and the keyword background table on the BBC *training* split
 * (see bbc-corpus.ts for the fixed, near-duplicate-safe split; the test split is never read here).
 *  1. vocabulary: unigrams with df >= 2 and bigrams with df >= 3 in the training split; idf = ln((N+1)/(df+1)) + 1;
 *  2. multinomial logistic regression, SGD with L2 (Bottou's scaled-weights trick), seeded shuffles;
 *  3. temperature: fitted by grid search on log-loss over a validation part (20% of training groups)
 *     with a model trained on the other 80%; then the final model is trained on the whole training split;
 *  4. keyword background: document frequencies of unigrams over the training split (df >= 2).
 * Writes libs/enrich/models/topic-model.json and keyword-df.json.
 * Run: npm run train:topics
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type SparseVector, tfidf, topicTerms } from '../src/topics/text-vectorizer.js';
import type { TopicModel } from '../src/topics/topic-classifier.js';
import { words } from '../src/text/tokenize.js';
import { type BbcArticle, bbcSplit, loadBbc } from './bbc-corpus.js';

const LAMBDA = Number(process.env['TOPIC_L2'] ?? 1e-5);
const EPOCHS = Number(process.env['TOPIC_EPOCHS'] ?? 25);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fitted {
  classes: string[];
  vocab: string[];
  idf: number[];
  W: Float64Array[];
  b: Float64Array;
}

function fit(docs: BbcArticle[], classes: string[]): Fitted {
  const termLists = docs.map((d) => topicTerms(`${d.title}\n${d.body}`));
  const df = new Map<string, number>();
  for (const ts of termLists) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const vocab: string[] = [];
  for (const [t, n] of df) if (n >= (t.includes(' ') ? 3 : 2)) vocab.push(t);
  vocab.sort();
  const vmap = new Map(vocab.map((t, i) => [t, i]));
  const N = docs.length;
  const idf = vocab.map((t) => Math.log((N + 1) / ((df.get(t) ?? 0) + 1)) + 1);
  const X: SparseVector[] = termLists.map((ts) => tfidf(ts, vmap, idf));
  const y = docs.map((d) => classes.indexOf(d.label));
  const C = classes.length;
  const W = classes.map(() => new Float64Array(vocab.length));
  const b = new Float64Array(C);
  let scale = 1;
  const eta0 = 0.5;
  let t = 0;
  const rnd = mulberry32(7);
  const order = docs.map((_, i) => i);
  for (let e = 0; e < EPOCHS; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const k of order) {
      const x = X[k] as SparseVector;
      const eta = eta0 / (1 + eta0 * LAMBDA * t++);
      scale *= 1 - eta * LAMBDA;
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
  return { classes, vocab, idf, W, b };
}

function logits(f: Fitted, d: BbcArticle): number[] {
  const vmap = new Map(f.vocab.map((t, i) => [t, i]));
  const x = tfidf(topicTerms(`${d.title}\n${d.body}`), vmap, f.idf);
  return f.W.map((row, c) => {
    let s = f.b[c] ?? 0;
    for (let q = 0; q < x.idx.length; q++) s += (row[x.idx[q] ?? 0] ?? 0) * (x.val[q] ?? 0);
    return s;
  });
}

const t0 = Date.now();
const all = loadBbc();
const { train } = bbcSplit(all);
const classes = [...new Set(train.map((d) => d.label))].sort();

// Temperature: 80/20 split of the training groups (salted differently from the test split).
const isVal = (d: BbcArticle): boolean =>
  createHash('sha1').update(`bbc-val-v1:${d.title.toLowerCase()}`).digest().readUInt32BE(0) % 5 === 0;
const fitPart = fit(
  train.filter((d) => !isVal(d)),
  classes,
);
const val = train.filter(isVal);
const valLogits = val.map((d) => logits(fitPart, d));
let bestT = 1;
let bestLoss = Infinity;
let valAcc = 0;
for (let T = 0.05; T <= 3; T += 0.05) {
  let loss = 0;
  let acc = 0;
  val.forEach((d, i) => {
    const l = (valLogits[i] ?? []).map((v) => v / T);
    const m = Math.max(...l);
    const z = l.reduce((a, v) => a + Math.exp(v - m), 0);
    const yi = classes.indexOf(d.label);
    loss -= (l[yi] ?? 0) - m - Math.log(z);
    if (l.indexOf(m) === yi) acc++;
  });
  if (loss < bestLoss) {
    bestLoss = loss;
    bestT = Math.round(T * 100) / 100;
    valAcc = acc / val.length;
  }
}
console.log(
  `validation: ${val.length} docs, accuracy ${valAcc.toFixed(4)}, temperature ${bestT}, mean log-loss ${(bestLoss / val.length).toFixed(4)}`,
);

const f = fit(train, classes);
const model: TopicModel = {
  version: 1,
  classes,
  vocab: f.vocab,
  idf: f.idf.map((v) => Math.round(v * 1e4) / 1e4),
  weights: f.W.map((row) => [...row].map((v) => Math.round(v * 1e4) / 1e4)),
  bias: [...f.b].map((v) => Math.round(v * 1e4) / 1e4),
  temperature: bestT,
  trainedOn: `BBC topics training split (${train.length} articles), L2 ${LAMBDA}, ${EPOCHS} epochs`,
};
writeFileSync(resolve(__dirname, '../models/topic-model.json'), JSON.stringify(model));

// Keyword background: unigram document frequencies over the training split.
const df = new Map<string, number>();
for (const d of train)
  for (const w of new Set(words(`${d.title}\n${d.body}`))) df.set(w, (df.get(w) ?? 0) + 1);
const kept = Object.fromEntries([...df].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]));
writeFileSync(
  resolve(__dirname, '../models/keyword-df.json'),
  JSON.stringify({ version: 1, documents: train.length, df: kept }),
);
console.log(
  `vocab ${f.vocab.length}, keyword df terms ${Object.keys(kept).length}; done in ${Date.now() - t0} ms`,
);
