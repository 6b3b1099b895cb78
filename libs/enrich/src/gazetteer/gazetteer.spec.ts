import { describe, expect, it } from 'vitest';
import { Gazetteer } from './gazetteer.js';

const gaz = Gazetteer.load();

describe('Gazetteer', () => {
  it('resolves countries, capitals, aliases and demonyms to ISO alpha-2 codes', () => {
    const cases: Array<[string, string]> = [
      ['China', 'CN'],
      ['Chinese', 'CN'],
      ['Beijing', 'CN'],
      ['Kyiv', 'UA'],
      ['Kiev', 'UA'],
      ['Maldivian', 'MV'],
      ['DRC', 'CD'],
      ['U.S.', 'US'],
      ['Britain', 'GB'],
      ['Moscow', 'RU'],
      ['New Delhi', 'IN'],
      ['Rwanda', 'RW'],
      ['Zaporizhzhia', 'UA'],
    ];
    for (const [surface, cc] of cases) expect(gaz.lookup(surface)?.country, surface).toBe(cc);
  });

  it('merges spellings under one canonical name', () => {
    expect(gaz.lookup('Kiev')?.canonical).toBe('Kyiv');
    expect(gaz.lookup('Kyiv')?.canonical).toBe('Kyiv');
    expect(gaz.lookup('DRC')?.canonical).toBe('DR Congo');
  });

  it('matches multi-token names longest first and only when capitalised', () => {
    const toks = (s: string) => s.split(' ').map((text) => ({ text }));
    const m = gaz.matchTokens(toks('talks in New Delhi and the United States'));
    expect(m.map(([a, b, e]) => [a, b, e.canonical])).toEqual([
      [2, 4, 'New Delhi'],
      [6, 8, 'United States'],
    ]);
    expect(gaz.matchTokens(toks('fine china and turkey'))).toEqual([]);
  });
});
