import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import { LEAD_WORDS, TAG_WORD_CACHE, newsTags, tagHits } from './news-tags.js';

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

  it('with lead hits, needs the subject in the title or the first LEAD_WORDS body words', () => {
    const crime = 'Police arrested two men and a court charged them with fraud; the judge set a trial date.';
    const filler = Array.from({ length: LEAD_WORDS + 10 }, (_, i) => `word${i}`).join(' ');
    const late = words(`${filler} ${crime}`);
    const early = words(`${crime} ${filler}`);
    const lead = (ws: string[]) => tagHits(ws.slice(0, LEAD_WORDS));
    expect(newsTags(late)).toContain('crime');
    expect(newsTags(late, tagHits(late), lead(late))).not.toContain('crime');
    expect(newsTags(early, tagHits(early), lead(early))).toContain('crime');
  });
});

describe('tagHits word cache (bounded, cleared when full)', () => {
  it('counts the same hits after more distinct words than its bound have passed through it', () => {
    const ws = words(
      'Troops launched missile strikes as the war went on; ceasefire talks with diplomats failed again.',
    );
    const before = tagHits(ws);
    for (let i = 0; i < TAG_WORD_CACHE + 5_000; i += 1_000)
      tagHits(Array.from({ length: 1_000 }, (_, k) => `floodword${i + k}`));
    expect(tagHits(ws)).toEqual(before);
    expect(before.get('conflict')?.hits ?? 0).toBeGreaterThan(0);
  });
});
