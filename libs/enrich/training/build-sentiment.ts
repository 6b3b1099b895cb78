/**
 * Builds libs/enrich/models/sentiment.json: the VADER lexicon (vader-sentiment npm package, a dev
 * dependency; lexicon by Hutto & Gilbert, MIT; JS port Apache-2.0), single words only, plus a short
 * list of news terms VADER lacks or under-weights, and a distributional calibration (median and
 * half inter-quartile range of the raw tone) over the BBC *training* split.
 * Run: npm run build:sentiment
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type SentimentModel, SentimentScorer } from '../src/sentiment/sentiment-scorer.js';
import { sentenceSpans } from '../src/text/tokenize.js';
import { bbcSplit, loadBbc } from './bbc-corpus.js';

// The lexicon file is a JS object literal (`var lexicon = {...}`): parse its entries as text.
const src = readFileSync(require.resolve('vader-sentiment/src/vader_lexicon.js'), 'utf8');
const lexicon: Record<string, number> = {};
for (const m of src.matchAll(/^\s*'?([a-z][a-z'-]*)'?:\s*(-?\d+(?:\.\d+)?),?\s*$/gm)) {
  lexicon[m[1] ?? ''] = Number(m[2]);
}
// News vocabulary of violence and disaster that VADER lacks (valences on VADER's -4..4 scale).
const NEWS: Record<string, number> = {
  invasion: -2.5,
  invaded: -2.3,
  casualties: -2.6,
  wounded: -2.2,
  airstrike: -2.4,
  airstrikes: -2.4,
  shelling: -2.4,
  bombing: -2.8,
  missile: -1.2,
  missiles: -1.2,
  drone: -0.6,
  drones: -0.6,
  sanctions: -1.2,
  recession: -2.2,
  layoffs: -1.9,
  bankruptcy: -2.4,
  unemployment: -1.5,
  inflation: -1.0,
  deficit: -1.0,
  earthquake: -2.3,
  flood: -1.8,
  floods: -1.8,
  refugees: -1.2,
  hostages: -2.3,
  terrorist: -3.0,
  terrorism: -3.0,
  record: 0.6,
  breakthrough: 2.0,
  recovery: 1.5,
  boost: 1.5,
  boosted: 1.5,
  surge: 0.8,
  soared: 1.2,
  slump: -1.8,
  slumped: -1.8,
  plunged: -1.9,
  plunge: -1.9,
  fell: -0.6,
  falls: -0.6,
  rose: 0.5,
  rises: 0.5,
};
Object.assign(lexicon, NEWS);

const { train } = bbcSplit(loadBbc());
const scorer = new SentimentScorer({ version: 1, lexicon, center: 0, spread: 1, calibratedOn: '' });
const raws = train
  .map((a) => {
    const text = `${a.title}\n\n${a.body}`;
    return scorer.raw(sentenceSpans(text).map(([s, e]) => text.slice(s, e)));
  })
  .sort((a, b) => a - b);
const q = (p: number): number => raws[Math.floor(p * (raws.length - 1))] ?? 0;
const model: SentimentModel = {
  version: 1,
  lexicon,
  center: Math.round(q(0.5) * 1e4) / 1e4,
  spread: Math.round(((q(0.75) - q(0.25)) / 2) * 1e4) / 1e4,
  calibratedOn: `BBC topics training split (${train.length} articles): quartiles ${q(0.25).toFixed(4)} / ${q(0.5).toFixed(4)} / ${q(0.75).toFixed(4)}`,
};
writeFileSync(resolve(__dirname, '../models/sentiment.json'), JSON.stringify(model));
console.log(`lexicon ${Object.keys(lexicon).length} words; ${model.calibratedOn}`);
