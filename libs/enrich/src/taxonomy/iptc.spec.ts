import { describe, expect, it } from 'vitest';
import { words } from '../text/tokenize.js';
import { newsTags, tagStrengths, TAG_RULES } from '../topics/news-tags.js';
import { COARSE_TO_IPTC, IPTC_MEDIA_TOPICS, iptcLabel, iptcTopics, TAG_TO_IPTC } from './iptc.js';

describe('IPTC media topics', () => {
  it('has the 17 top-level codes, each medtop:NN000000 with a label', () => {
    const codes = Object.keys(IPTC_MEDIA_TOPICS);
    expect(codes).toHaveLength(17);
    for (const c of codes) expect(c).toMatch(/^medtop:(0[1-9]|1[0-7])000000$/);
    expect(iptcLabel('medtop:15000000')).toBe('sport');
    expect(() => iptcLabel('medtop:99000000')).toThrow(/unknown IPTC/);
  });

  it('maps every coarse topic and every tag-rule tag it names to a known code', () => {
    for (const t of ['business', 'entertainment', 'politics', 'sport', 'tech', 'world'])
      expect(IPTC_MEDIA_TOPICS[COARSE_TO_IPTC[t] ?? '']).toBeDefined();
    const tags = new Set(TAG_RULES.map((r) => r.tag));
    for (const [tag, code] of Object.entries(TAG_TO_IPTC)) {
      expect(tags.has(tag)).toBe(true);
      expect(IPTC_MEDIA_TOPICS[code]).toBeDefined();
    }
  });

  it('lists the primary topic and fired tags once per code, highest score first', () => {
    const out = iptcTopics(
      { sport: 0.7, business: 0.2, world: 0.1 },
      'sport',
      new Map([
        ['crime', 0.6],
        ['health', 0.9],
      ]),
    );
    expect(out).toEqual([
      { code: 'medtop:07000000', label: 'health', score: 0.9 },
      { code: 'medtop:15000000', label: 'sport', score: 0.7 },
      { code: 'medtop:02000000', label: 'crime, law and justice', score: 0.6 },
    ]);
    // politics and world share a code: one entry, with the higher score.
    const pol = iptcTopics({ politics: 0.4, world: 0.55 }, 'world', new Map());
    expect(pol).toEqual([{ code: 'medtop:11000000', label: 'politics and government', score: 0.55 }]);
  });

  it('scores a fired tag from 0.5 at its threshold upwards, and not at all below it', () => {
    const quake = words(
      'An earthquake struck the coast; rescuers searched the debris for survivors as the death toll rose and the disaster forced evacuations.',
    );
    const fired = newsTags(quake);
    expect(fired).toContain('disaster');
    const s = tagStrengths(quake).get('disaster') ?? 0;
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThanOrEqual(0.95);
    expect(tagStrengths(words('The team won the cup after a late goal in a tense final.')).size).toBe(0);
  });

  it('fires the weather and environment rules on their own vocabulary', () => {
    expect(
      newsTags(
        words(
          'Forecasters warned of heavy rain and strong winds, with temperatures falling and snow on high ground as the storm arrives.',
        ),
      ),
    ).toContain('weather');
    expect(
      newsTags(
        words(
          'Pollution from the plant threatens wildlife and an endangered species of coral on the reef, conservation groups said.',
        ),
      ),
    ).toContain('environment');
  });
});
