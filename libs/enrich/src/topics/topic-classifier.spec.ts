import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import { densify, NO_TOPIC, type TopicModel, TopicClassifier } from './topic-classifier.js';
import { DEFAULT_FEATURES, hashedCounts } from './hashed-features.js';

const clf = TopicClassifier.load();
const BUSINESS =
  'Shares in the bank fell after it reported lower quarterly profits, and analysts cut their forecasts for the ' +
  'year as interest rates, loan losses and the cost of its takeover of a rival lender weighed on earnings. ' +
  'The chief executive said the company would cut costs and sell assets to reassure investors and the markets.';

describe('TopicClassifier', () => {
  it('reads the first line of predict() as the title, like predictWords with a title word count', () => {
    const title = 'Striker scores twice in cup final';
    const t = words(title);
    const a = clf.predict(`${title}\n${BUSINESS}`);
    const b = clf.predictWords([...t, ...words(BUSINESS)], t.length);
    for (const c of clf.classes) expect(a[c]).toBeCloseTo(b[c] ?? -1, 12);
  });

  it('gives title words more weight than the same words at the end of the body', () => {
    const sport = 'Striker scores twice as United win the cup final';
    const inTitle = clf.predict(`${sport}\n${BUSINESS}`);
    const inBody = clf.predict(`\n${BUSINESS} ${sport}`);
    expect(inTitle['sport'] ?? 0).toBeGreaterThan((inBody['sport'] ?? 0) * 2);
  });

  it('returns probabilities over the five BBC classes that sum to 1, with an obvious sport text as sport', () => {
    const p = clf.predict(
      'The striker scored twice as United beat Chelsea 3-1 in the Premiership, leaving the coach delighted with the win.',
    );
    expect(Object.keys(p).sort()).toEqual(['business', 'entertainment', 'politics', 'sport', 'tech']);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Object.entries(p).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('sport');
  });

  it('hashes character n-grams of title and lead words only, and refuses an old model format', () => {
    const lead = hashedCounts(['smartphones'], 1, DEFAULT_FEATURES);
    expect(lead.idx.some((k) => k >= DEFAULT_FEATURES.buckets)).toBe(true);
    const tail = Array.from({ length: DEFAULT_FEATURES.leadWords }, () => 'filler').concat(['smartphones']);
    const late = hashedCounts(tail, 0, DEFAULT_FEATURES);
    const charsOfFiller = hashedCounts(['filler'], 1, DEFAULT_FEATURES).idx.filter(
      (k) => k >= DEFAULT_FEATURES.buckets,
    );
    expect(late.idx.filter((k) => k >= DEFAULT_FEATURES.buckets).sort()).toEqual([...charsOfFiller].sort());
    expect(() => densify({ version: 1 } as unknown as TopicModel)).toThrow(/version 1/);
  });
});

describe('TopicClassifier calibration and abstention', () => {
  const tiny = (calibration?: TopicModel['calibration']): TopicClassifier =>
    new TopicClassifier({
      classes: ['a', 'b'],
      features: DEFAULT_FEATURES,
      idf: new Float32Array(2 * DEFAULT_FEATURES.buckets),
      weights: new Float32Array(4 * DEFAULT_FEATURES.buckets),
      bias: [1, 0],
      temperature: 1,
      calibration,
    });

  it('adds the calibration biases and divides by its temperature instead of the model temperature', () => {
    const raw = tiny().predictWords(['anything']);
    expect(raw['a']).toBeCloseTo(Math.exp(1) / (Math.exp(1) + 1), 9);
    const cal = tiny({ bias: [-1, 1], temperature: 2, minConfidence: 0, fittedOn: 'test' }).predictWords([
      'anything',
    ]);
    // logits (1 - 1, 0 + 1) / 2 = (0, 0.5)
    expect(cal['b']).toBeCloseTo(Math.exp(0.5) / (1 + Math.exp(0.5)), 9);
  });

  it('answers NO_TOPIC below minConfidence and the top class at or above it', () => {
    const clf = tiny({ bias: [0, 0], temperature: 1, minConfidence: 0.7, fittedOn: 'test' });
    expect(clf.decide({ a: 0.69, b: 0.31 })).toBe(NO_TOPIC);
    expect(clf.decide({ a: 0.3, b: 0.7 })).toBe('b');
    expect(tiny().decide({ a: 0.5, b: 0.5 })).toBe('a');
  });
});
