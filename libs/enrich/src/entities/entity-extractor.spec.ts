import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../gazetteer/gazetteer.js';
import { EntityTagger } from '../ner/entity-tagger.js';
import { tokenize } from '../text/tokenize.js';
import { EntityExtractor } from './entity-extractor.js';

const gazetteer = Gazetteer.load();
const extractor = new EntityExtractor(EntityTagger.load(gazetteer), gazetteer);
const run = (text: string) => extractor.extract(text, tokenize(text));

describe('EntityExtractor', () => {
  it('expands a lone name to the full name used earlier in the same document', () => {
    const { entities } = run(
      'Finance minister Anna Kowalczyk presented the budget on Monday. Kowalczyk said taxes would not rise.',
    );
    const anna = entities.filter((e) => e.type === 'person').map((e) => e.canonical);
    expect(anna.length).toBeGreaterThanOrEqual(2);
    expect(new Set(anna)).toEqual(new Set(['Anna Kowalczyk']));
  });

  it('merges Kiev and Kyiv, drops "the" from the Kremlin and resolves both to countries', () => {
    const { entities } = run(
      'Officials in Kiev rejected the plan. Later, the Kremlin said talks with Kyiv would continue.',
    );
    const kyiv = entities.filter((e) => e.text === 'Kiev' || e.text === 'Kyiv');
    expect(kyiv.map((e) => [e.canonical, e.country])).toEqual([
      ['Kyiv', 'UA'],
      ['Kyiv', 'UA'],
    ]);
    const kremlin = entities.find((e) => e.canonical === 'Kremlin');
    expect(kremlin?.type).toBe('organisation');
    expect(kremlin?.country).toBe('RU');
  });

  it('counts demonyms and capitals as country evidence, most mentioned first', () => {
    const { countries } = run(
      'Maldivian officials met Indian diplomats in Male. The Maldivian foreign minister thanked New Delhi and the Maldives.',
    );
    expect(countries[0]?.code).toBe('MV');
    expect(countries.map((c) => c.code)).toContain('IN');
  });

  it('does not read the first name of a person as a city', () => {
    const { entities } = run('President Vladimir Putin spoke in Moscow on Tuesday.');
    expect(entities.filter((e) => e.type === 'place').map((e) => e.canonical)).toEqual(['Moscow']);
    expect(entities.find((e) => e.type === 'person')?.canonical).toBe('Vladimir Putin');
  });

  it('keeps hyphenated personal names whole and drops honorifics from canonical names', () => {
    const { entities } = run('OECD chief economist Jean-Philippe Cotis spoke after Mr Blair arrived.');
    const people = entities.filter((e) => e.type === 'person').map((e) => e.canonical);
    expect(people).toContain('Jean-Philippe Cotis');
    expect(people).toContain('Tony Blair');
  });

  it('resolves titled and possessive short mentions to the full name ("Mr Biden", "Putin\'s")', () => {
    const { entities } = run(
      "Russian President Vladimir Putin met Joe Biden in Geneva. Mr Biden said the talks were useful. Putin's aides disagreed.",
    );
    const byText = new Map(entities.filter((e) => e.type === 'person').map((e) => [e.text, e.canonical]));
    expect(byText.get('Mr Biden')).toBe('Joe Biden');
    expect(byText.get('Putin')).toBe('Vladimir Putin');
  });

  it('resolves a surname shared by two people to the one named last before it, and leaves it alone when none was', () => {
    const { entities } = run(
      'Smith opened the hearing. Lawyer Angela Smith spoke first, then banker John Smith replied. Smith said he would appeal.',
    );
    const smiths = entities.filter((e) => e.type === 'person' && e.text === 'Smith').map((e) => e.canonical);
    expect(smiths).toEqual(['Smith', 'John Smith']);
  });
});
