import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedArticles } from '../../../test/eval/enrich/seed-articles.js';
import { analysedText, COARSE_TOPICS, Enricher, type Enrichment } from './enricher.js';
import { Gazetteer } from './gazetteer/gazetteer.js';
import { KeywordExtractor } from './keywords/keyword-extractor.js';
import { readModelJson } from './model-store.js';
import { EntityTagger } from './ner/entity-tagger.js';
import { SentimentScorer } from './sentiment/sentiment-scorer.js';
import { densify, NO_TOPIC, TopicClassifier, type TopicModel } from './topics/topic-classifier.js';

const seed = readFileSync(resolve(__dirname, '../../../seeds/aggregator-page-dump.txt'), 'utf8');
const articles = seedArticles(seed);

let enricher: Enricher;
const results = new Map<string, Enrichment>();
beforeAll(() => {
  enricher = Enricher.load();
  for (const [k, a] of Object.entries(articles)) results.set(k, enricher.enrich(a));
});

function all(): Enrichment[] {
  return [...results.values()];
}
function canonicals(type: string): Set<string> {
  return new Set(all().flatMap((r) => r.entities.filter((e) => e.type === type).map((e) => e.canonical)));
}
function countryOf(canonical: string): Set<string | undefined> {
  return new Set(
    all().flatMap((r) => r.entities.filter((e) => e.canonical === canonical).map((e) => e.country)),
  );
}

describe('Enricher on the seed dump articles', () => {
  it('finds the people of the four articles under their full canonical names', () => {
    const people = canonicals('person');
    for (const p of [
      'Xi Jinping',
      'Vladimir Putin',
      'Jiang Bin',
      'Maria Zakharova',
      'Dmitry Peskov',
      'Volodymyr Zelenskyy',
      'Donald Trump',
      'Narendra Modi',
      'Mohamed Muizzu',
    ]) {
      expect(people, p).toContain(p);
    }
  });

  it('finds the places and resolves them to ISO countries', () => {
    const expected: Record<string, string> = {
      China: 'CN',
      Russia: 'RU',
      Ukraine: 'UA',
      India: 'IN',
      Maldives: 'MV',
      'United States': 'US',
      'DR Congo': 'CD',
      Rwanda: 'RW',
      Kyiv: 'UA',
      Beijing: 'CN',
    };
    const places = canonicals('place');
    for (const [name, cc] of Object.entries(expected)) {
      expect(places, name).toContain(name);
      expect(countryOf(name), name).toEqual(new Set([cc]));
    }
  });

  it('finds the organisations, with countries where they have one', () => {
    const orgs = canonicals('organisation');
    for (const o of ['NATO', 'TASS', 'Reuters', 'AFP', 'WeChat', 'Kremlin']) expect(orgs, o).toContain(o);
    expect(countryOf('TASS')).toEqual(new Set(['RU']));
    expect(countryOf('WeChat')).toEqual(new Set(['CN']));
    expect(countryOf('Kremlin')).toEqual(new Set(['RU']));
  });

  it("lists each article's countries, most salient first", () => {
    expect(results.get('A')?.countries.slice(0, 2).sort()).toEqual(['CN', 'RU']);
    expect(results.get('C')?.countries).toEqual(expect.arrayContaining(['IN', 'MV']));
    expect(results.get('D')?.countries).toEqual(expect.arrayContaining(['US', 'CN', 'CD', 'RW']));
    for (const r of all()) expect(new Set(r.countries).size).toBe(r.countries.length);
  });

  it('gives entity offsets into title + blank line + body', () => {
    for (const [k, a] of Object.entries(articles)) {
      const text = analysedText(a);
      for (const e of results.get(k)?.entities ?? []) {
        expect(text.slice(e.start, e.end)).toBe(e.text);
        expect(e.confidence).toBeGreaterThan(0);
        expect(e.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('classifies the three foreign-affairs stories as world and the trade analysis as business', () => {
    expect(results.get('A')?.topics.primary).toBe('world');
    expect(results.get('B')?.topics.primary).toBe('world');
    expect(results.get('C')?.topics.primary).toBe('world');
    expect(results.get('D')?.topics.primary).toBe('business');
    expect(results.get('D')?.topics.tags).toContain('trade');
    expect(results.get('B')?.topics.tags).toContain('conflict');
  });

  it('returns calibrated scores over the documented coarse classes that sum to 1', () => {
    for (const r of all()) {
      expect(Object.keys(r.topics.scores).sort()).toEqual([...COARSE_TOPICS].sort());
      const sum = Object.values(r.topics.scores).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 2);
    }
  });

  it('orders the tone of the war story below the friendly diplomacy story', () => {
    const b = results.get('B')?.sentiment;
    const c = results.get('C')?.sentiment;
    expect(b?.label).toBe('negative');
    expect(c?.label).toBe('positive');
    expect(b?.score ?? 0).toBeLessThan(c?.score ?? 0);
  });

  it('summarises with the lead sentences and weights keywords with the top at 1', () => {
    const a = results.get('A');
    expect(a?.summary.startsWith('The two countries have drawn closer')).toBe(true);
    expect(a?.keywords[0]?.weight).toBe(1);
    expect(a?.keywords.map((k) => k.term)).toEqual(expect.arrayContaining(['Xi Jinping']));
  });
});

describe('Enricher on odd input', () => {
  it('never throws and still returns the full shape', () => {
    const odd = [
      { title: '', body: '' },
      { title: '\u0000\uFFFD\uD800', body: '\u0001'.repeat(1000) },
      { title: 'ALL CAPS HEADLINE ABOUT NOTHING', body: '!!! ??? ... ---' },
      { title: 'x', body: 'word '.repeat(50_000) },
      { title: 42, body: null } as unknown as { title: string; body: string },
    ];
    for (const o of odd) {
      const r = enricher.enrich(o);
      expect(typeof r.topics.primary).toBe('string');
      expect(Array.isArray(r.entities)).toBe(true);
      expect(r.sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(r.sentiment.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('Enricher abstention', () => {
  it('answers NO_TOPIC ("other") when the calibrated classifier is unsure, but keeps a fired world rule', () => {
    const model = readModelJson<TopicModel>('topic-model.json');
    const unsure = new TopicClassifier(
      densify({
        ...model,
        calibration: {
          bias: model.classes.map(() => 0),
          temperature: 1,
          minConfidence: 1.01,
          fittedOn: 'test: never confident',
        },
      }),
    );
    const gazetteer = Gazetteer.load();
    const strict = new Enricher(
      unsure,
      EntityTagger.load(gazetteer),
      gazetteer,
      KeywordExtractor.load(),
      SentimentScorer.load(),
    );
    expect(strict.enrich(articles['D'] ?? { title: '', body: '' }).topics.primary).toBe(NO_TOPIC);
    expect(strict.enrich(articles['A'] ?? { title: '', body: '' }).topics.primary).toBe('world');
    // The shipped model answers a plain sports report.
    expect(
      enricher.enrich({
        title: 'United win the cup final',
        body: 'The striker scored twice as United beat Chelsea 3-1 in the cup final, and the coach praised his players after the match.',
      }).topics.primary,
    ).toBe('sport');
  });
});
