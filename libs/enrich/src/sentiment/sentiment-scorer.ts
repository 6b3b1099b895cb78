import { readModelJson } from '../model-store.js';
import { words } from '../text/tokenize.js';

/** Serialised sentiment lexicon and its calibration. */
export interface SentimentModel {
  version: number;
  lexicon: Record<string, number>;
  /** Median raw tone of the calibration corpus. */
  center: number;
  /** Half the inter-quartile range of the raw tone on the calibration corpus. */
  spread: number;
  calibratedOn: string;
}

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  "n't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "aren't",
  "weren't",
  "won't",
  "can't",
  'cannot',
  "couldn't",
  "shouldn't",
  'hardly',
]);
const BOOSTERS = new Set([
  'very',
  'extremely',
  'highly',
  'deeply',
  'really',
  'hugely',
  'greatly',
  'most',
  'so',
  'particularly',
  'seriously',
  'severely',
]);

/** Raw tone of one sentence, VADER-style: lexicon sum with negation and booster rules, squashed to -1..1. */
export function sentenceTone(tokens: readonly string[], lexicon: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i] ?? '';
    let v = lexicon.get(w);
    if (v === undefined) continue;
    const prev = tokens.slice(Math.max(0, i - 3), i);
    if (BOOSTERS.has(tokens[i - 1] ?? '')) v += Math.sign(v) * 0.293;
    if (prev.some((p) => NEGATIONS.has(p))) v *= -0.74;
    sum += v;
  }
  return sum / Math.sqrt(sum * sum + 15);
}

/**
 * Document tone: the mean VADER-style compound over sentences (VADER lexicon plus a few news terms),
 * then calibrated against news: the score is (raw - median) / (4 x half-IQR) clipped to -1..1, where
 * median and IQR come from the BBC training split (training/build-sentiment.ts). So 0 is the tone of
 * a typical news article, the quartiles land near -0.25 and +0.25, and |score| >= 0.25 (outside the
 * middle half of BBC articles) is labelled negative or positive. No labelled sentiment data was available: this is a distributional
 * calibration, not a supervised one.
 */
export class SentimentScorer {
  private readonly lexicon: ReadonlyMap<string, number>;

  constructor(private readonly model: SentimentModel) {
    this.lexicon = new Map(Object.entries(model.lexicon));
  }

  /** Loads models/sentiment.json. */
  static load(): SentimentScorer {
    return new SentimentScorer(readModelJson<SentimentModel>('sentiment.json'));
  }

  /** Raw (uncalibrated) mean sentence tone, from sentence strings. */
  raw(sentences: readonly string[]): number {
    return this.rawFromWords(sentences.map((s) => words(s)));
  }

  /** Raw tone from sentences given as lower-cased word tokens. */
  rawFromWords(sentences: readonly (readonly string[])[]): number {
    let total = 0;
    let n = 0;
    for (const toks of sentences) {
      if (toks.length === 0) continue;
      total += sentenceTone(toks, this.lexicon);
      n++;
    }
    return n === 0 ? 0 : total / n;
  }

  /** Calibrated score and label. */
  score(sentences: readonly string[]): {
    score: number;
    label: 'negative' | 'neutral' | 'positive';
    raw: number;
  } {
    return this.calibrate(this.raw(sentences));
  }

  /** Calibrated score and label from sentences of lower-cased word tokens. */
  scoreWords(sentences: readonly (readonly string[])[]): {
    score: number;
    label: 'negative' | 'neutral' | 'positive';
    raw: number;
  } {
    return this.calibrate(this.rawFromWords(sentences));
  }

  private calibrate(raw: number): { score: number; label: 'negative' | 'neutral' | 'positive'; raw: number } {
    const z = (raw - this.model.center) / (4 * (this.model.spread || 1));
    const score = Math.max(-1, Math.min(1, Math.round(z * 1000) / 1000));
    return { score, raw, label: score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral' };
  }
}
