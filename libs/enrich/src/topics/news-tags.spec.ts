import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import { newsTags } from './news-tags.js';

describe('newsTags', () => {
  it('tags by lexicon with thresholds', () => {
    const text =
      'Troops launched missile strikes as the war entered its third year; the ceasefire talks with diplomats and the ambassador failed.';
    const tags = newsTags(words(text));
    expect(tags).toContain('conflict');
    expect(tags).toContain('diplomacy');
    expect(tags).not.toContain('health');
  });

  it('does not tag on a single passing mention', () => {
    expect(
      newsTags(
        words(
          'The band won a war of words at the awards with a fine new album and a long tour across the country.',
        ),
      ),
    ).not.toContain('conflict');
  });
});
