import { describe, expect, it } from 'vitest';
import { applyWorldRule } from './world-rule.js';

const politics = { business: 0.05, entertainment: 0, politics: 0.9, sport: 0, tech: 0.05 };

describe('applyWorldRule', () => {
  it('moves a politics story about several foreign countries with diplomacy vocabulary to world', () => {
    const s = applyWorldRule({
      scores: politics,
      countries: [
        { code: 'CN', weight: 3 },
        { code: 'RU', weight: 2 },
      ],
      words: 300,
      foreignAffairsHits: 6,
      economyHits: 0,
    });
    expect(s['world']).toBe(0.8);
    expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('keeps a domestic story that mentions a foreign country in passing', () => {
    const s = applyWorldRule({
      scores: politics,
      countries: [
        { code: 'GB', weight: 5 },
        { code: 'IQ', weight: 1 },
        { code: 'FR', weight: 1 },
      ],
      words: 300,
      foreignAffairsHits: 6,
      economyHits: 0,
    });
    expect(s['world']).toBe(0);
    expect(s['politics']).toBe(0.9);
  });

  it('keeps sport and needs enough foreign-affairs vocabulary', () => {
    const sport = { business: 0, entertainment: 0, politics: 0.1, sport: 0.9, tech: 0 };
    const countries = [
      { code: 'FR', weight: 3 },
      { code: 'DE', weight: 2 },
    ];
    expect(
      applyWorldRule({
        scores: sport,
        countries,
        words: 300,
        foreignAffairsHits: 10,
        economyHits: 0,
      })['world'],
    ).toBe(0);
    expect(
      applyWorldRule({
        scores: politics,
        countries,
        words: 1000,
        foreignAffairsHits: 3,
        economyHits: 0,
      })['world'],
    ).toBe(0);
  });

  it('moves business-classified foreign news only when foreign-affairs words outnumber economy words', () => {
    const business = { business: 0.9, entertainment: 0, politics: 0.1, sport: 0, tech: 0 };
    const countries = [
      { code: 'RU', weight: 2 },
      { code: 'CN', weight: 2 },
    ];
    expect(
      applyWorldRule({ scores: business, countries, words: 100, foreignAffairsHits: 3, economyHits: 1 })[
        'world'
      ],
    ).toBe(0.8);
    expect(
      applyWorldRule({ scores: business, countries, words: 100, foreignAffairsHits: 3, economyHits: 5 })[
        'world'
      ],
    ).toBe(0);
  });
});
