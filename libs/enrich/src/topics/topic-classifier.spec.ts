import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import { topicTerms } from './text-vectorizer.js';
import { TopicClassifier } from './topic-classifier.js';

const clf = TopicClassifier.load();

describe('TopicClassifier', () => {
  it('gives the same probabilities on the fast word path as on explicit unigram + bigram terms', () => {
    const text =
      'The central bank raised interest rates as inflation and the trade deficit grew; shares fell on Wall Street.';
    const fast = clf.predictWords(words(text));
    const slow = clf.predictTerms(topicTerms(text));
    for (const c of clf.classes) expect(fast[c]).toBeCloseTo(slow[c] ?? -1, 10);
  });

  it('returns probabilities over the five BBC classes that sum to 1, with an obvious sport text as sport', () => {
    const p = clf.predict(
      'The striker scored twice as United beat Chelsea 3-1 in the Premiership, leaving the coach delighted with the win.',
    );
    expect(Object.keys(p).sort()).toEqual(['business', 'entertainment', 'politics', 'sport', 'tech']);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Object.entries(p).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('sport');
  });
});
