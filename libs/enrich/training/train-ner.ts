/**
 * Trains the entity tagger: averaged structured perceptron (Viterbi decoding) on CoNLL-2003 eng.train
 * (../shared/data/ner-conll2003/eng.train), with a capitalisation-profile table learned from eng.train
 * plus the BBC topic *training* split. Writes libs/enrich/models/ner-model.json.
 * The POS and chunk columns are not used: real articles come without them.
 * Run: npm run train:ner   (env NER_EPOCHS, default 8)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Gazetteer } from '../src/gazetteer/gazetteer.js';
import { conllDocuments, parseConll, scoreSpans, toBio } from '../src/ner/conll.js';
import { type EntityTaggerModel, viterbi } from '../src/ner/entity-tagger.js';
import { type CapsBucket, capsBucket, NerFeaturizer } from '../src/ner/ner-features.js';
import { tokenize } from '../src/text/tokenize.js';
import { bbcSplit, dataDir, loadBbc } from './bbc-corpus.js';
import { seededRandom } from '../../../test/support/seeded-random.js';

const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC'];
const T = TAGS.length;
const epochs = Number(process.env['NER_EPOCHS'] ?? 8);

const t0 = Date.now();
const trainDocs = conllDocuments(
  parseConll(readFileSync(resolve(dataDir(), 'ner-conll2003/eng.train'), 'latin1')),
);

// Capitalisation profile: for each lower-cased word, how often it is capitalised mid-sentence.
const counts = new Map<string, [number, number]>();
const count = (w: string, prev: string | undefined): void => {
  if (prev === undefined || /^[.!?:"“]$/.test(prev) || !/^\p{L}/u.test(w)) return;
  const l = w.toLowerCase();
  const c = counts.get(l) ?? [0, 0];
  if (/^\p{Lu}/u.test(w)) c[0]++;
  c[1]++;
  counts.set(l, c);
};
for (const d of trainDocs)
  for (const s of d) {
    const words = s.map((t) => t.word);
    if (words.join('').toUpperCase() === words.join('')) continue;
    words.forEach((w, i) => count(w, i > 0 ? words[i - 1] : undefined));
  }
const bbc = loadBbc();
const { train: bbcTrain } = bbcSplit(bbc);
for (const a of bbcTrain) {
  const toks = tokenize(`${a.title}\n\n${a.body}`);
  toks.forEach((t, i) =>
    count(t.text, i > 0 && toks[i - 1]?.sentence === t.sentence ? toks[i - 1]?.text : undefined),
  );
}
const capsLists: Record<CapsBucket, string[]> = { L: [], m: [], M: [], C: [] };
const caps = new Map<string, CapsBucket>();
for (const [w, [c, n]] of counts) {
  if (n < 3) continue;
  const b = capsBucket(c, n);
  capsLists[b].push(w);
  caps.set(w, b);
}

const index = new Map<string, number>();
const gaz = Gazetteer.load();
const featurizer = new NerFeaturizer(caps, gaz, (f) => {
  let id = index.get(f);
  if (id === undefined) index.set(f, (id = index.size));
  return id;
});

interface Sent {
  feats: number[][];
  gold: number[];
}
const sents: Sent[] = [];
for (const d of trainDocs) {
  const words = d.map((s) => s.map((t) => t.word));
  const golds = d.map((s) => toBio(s.map((t) => t.tag)).map((t) => TAGS.indexOf(t)));
  const feats: number[][][] = words.map((s) => new Array<number[]>(s.length));
  featurizer.featurize(words, (si, i, groups) => {
    const row = feats[si];
    if (row) row[i] = groups.flat();
  });
  feats.forEach((f, si) => sents.push({ feats: f, gold: golds[si] ?? [] }));
}
const F = index.size;
console.log(`featurised ${sents.length} sentences, ${F} features in ${Date.now() - t0} ms`);

const W = new Float64Array(F * T);
const U = new Float64Array(F * T);
const Tr = new Float64Array(T * T);
const TrU = new Float64Array(T * T);
const St = new Float64Array(T);
const StU = new Float64Array(T);
let c = 1;
const rnd = seededRandom(42);
const order = sents.map((_, i) => i);
for (let e = 0; e < epochs; e++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  let errors = 0;
  for (const k of order) {
    const s = sents[k] as Sent;
    const pred = viterbi(s.feats, W, Tr, St, TAGS);
    let wrong = false;
    for (let i = 0; i < pred.length; i++) {
      const g = s.gold[i] ?? 0;
      const p = pred[i] ?? 0;
      if (g !== p) {
        wrong = true;
        for (const f of s.feats[i] ?? []) {
          W[f * T + g] = (W[f * T + g] ?? 0) + 1;
          U[f * T + g] = (U[f * T + g] ?? 0) + c;
          W[f * T + p] = (W[f * T + p] ?? 0) - 1;
          U[f * T + p] = (U[f * T + p] ?? 0) - c;
        }
      }
      const gp = i > 0 ? (s.gold[i - 1] ?? 0) : -1;
      const pp = i > 0 ? (pred[i - 1] ?? 0) : -1;
      if (gp !== pp || g !== p) {
        if (i === 0) {
          St[g] = (St[g] ?? 0) + 1;
          StU[g] = (StU[g] ?? 0) + c;
          St[p] = (St[p] ?? 0) - 1;
          StU[p] = (StU[p] ?? 0) - c;
        } else {
          Tr[gp * T + g] = (Tr[gp * T + g] ?? 0) + 1;
          TrU[gp * T + g] = (TrU[gp * T + g] ?? 0) + c;
          Tr[pp * T + p] = (Tr[pp * T + p] ?? 0) - 1;
          TrU[pp * T + p] = (TrU[pp * T + p] ?? 0) - c;
        }
      }
    }
    if (wrong) errors++;
    c++;
  }
  console.log(`epoch ${e + 1}: ${errors} sentences wrong (${Date.now() - t0} ms)`);
}
// Averaged weights: w_avg = w - u / c.
const avg = (w: Float64Array, u: Float64Array): Float64Array => w.map((x, i) => x - (u[i] ?? 0) / c);
const Wa = avg(W, U);
const Tra = avg(Tr, TrU);
const Sta = avg(St, StU);

// Prune features whose weights are all tiny, then quantise to int16.
let maxAbs = 0;
for (const x of Wa) maxAbs = Math.max(maxAbs, Math.abs(x));
const minKeep = Number(process.env['NER_PRUNE'] ?? 0.05);
const featureNames = new Array<string>(F);
for (const [f, i] of index) featureNames[i] = f;
const keptNames: string[] = [];
const keptRows: number[] = [];
for (let f = 0; f < F; f++) {
  let m = 0;
  for (let t = 0; t < T; t++) m = Math.max(m, Math.abs(Wa[f * T + t] ?? 0));
  if (m >= minKeep) {
    keptNames.push(featureNames[f] ?? '');
    keptRows.push(f);
  }
}
const scale = maxAbs / 32767;
const q = new Int16Array(keptRows.length * T);
keptRows.forEach((f, r) => {
  for (let t = 0; t < T; t++) q[r * T + t] = Math.round((Wa[f * T + t] ?? 0) / scale);
});
const model: EntityTaggerModel = {
  version: 1,
  tags: TAGS,
  features: keptNames,
  scale,
  weights: Buffer.from(q.buffer).toString('base64'),
  transitions: [...Tra].map((x) => Math.round(x * 1000) / 1000),
  start: [...Sta].map((x) => Math.round(x * 1000) / 1000),
  caps: capsLists,
  trainedOn: `CoNLL-2003 eng.train, ${epochs} epochs, averaged structured perceptron; caps table from eng.train + BBC train split`,
};
const out = resolve(__dirname, '../models/ner-model.json');
writeFileSync(out, JSON.stringify(model));
console.log(`kept ${keptNames.length}/${F} features; wrote ${out} in ${Date.now() - t0} ms`);

// Quick check on eng.testa with the unquantised weights (the eval script scores the shipped model).
const devDocs = conllDocuments(
  parseConll(readFileSync(resolve(dataDir(), 'ner-conll2003/eng.testa'), 'latin1')),
);
const gold: string[][] = [];
const pred: string[][] = [];
const frozen = new NerFeaturizer(caps, gaz, (f) => index.get(f) ?? -1);
for (const d of devDocs) {
  const words = d.map((s) => s.map((t) => t.word));
  const feats: number[][][] = words.map((s) => new Array<number[]>(s.length));
  frozen.featurize(words, (si, i, groups) => {
    const row = feats[si];
    if (row) row[i] = groups.flat();
  });
  d.forEach((s, si) => {
    gold.push(toBio(s.map((t) => t.tag)));
    pred.push(viterbi(feats[si] ?? [], Wa, Tra, Sta, TAGS).map((t) => TAGS[t] ?? 'O'));
  });
}
const sc = scoreSpans(gold, pred);

// Token-confidence temperature: grid search on eng.testa log-loss of the gold tag under
// softmax(emission / temperature). One scalar, fitted on the development split.
const devFeats: Array<{ f: number[]; g: number }> = [];
for (const d of devDocs) {
  const words = d.map((s) => s.map((t) => t.word));
  const gold2 = d.map((s) => toBio(s.map((t) => t.tag)));
  frozen.featurize(words, (si, i, groups) =>
    devFeats.push({ f: groups.flat(), g: TAGS.indexOf(gold2[si]?.[i] ?? 'O') }),
  );
}
const emissions = devFeats.map(({ f }) => {
  const e = new Float64Array(T);
  for (const x of f) for (let t = 0; t < T; t++) e[t] = (e[t] ?? 0) + (Wa[x * T + t] ?? 0);
  return e;
});
let bestTemp = 1;
let bestLoss = Infinity;
for (let temp = 0.25; temp <= 40; temp *= 1.15) {
  let loss = 0;
  emissions.forEach((e, k) => {
    let m = -Infinity;
    for (const v of e) m = Math.max(m, v);
    let z = 0;
    for (const v of e) z += Math.exp((v - m) / temp);
    loss -= ((e[devFeats[k]?.g ?? 0] ?? 0) - m) / temp - Math.log(z);
  });
  if (loss < bestLoss) {
    bestLoss = loss;
    bestTemp = temp;
  }
}
model.temperature = Math.round(bestTemp * 1000) / 1000;
writeFileSync(out, JSON.stringify(model));
console.log(
  `confidence temperature ${model.temperature} (dev token log-loss ${(bestLoss / emissions.length).toFixed(4)})`,
);
console.log(
  `eng.testa (unquantised) F1 ${sc.overall.f1.toFixed(4)}`,
  Object.entries(sc.perType)
    .map(([k, v]) => `${k} ${v.f1.toFixed(4)}`)
    .join(' '),
);
