/**
 * Specs of the evaluation helpers behind the cross-source topic figures (test/eval/enrich): the fixed
 * tune / check split by source domain, and macro-F1 with abstention. They live here so the unit tier runs them.
 */
import { describe, expect, it } from 'vitest';
import {
  crossSourcePart,
  pageDomain,
  partOf,
  registrableDomain,
} from '../../../../test/eval/enrich/cross-source.js';
import { macroF1 } from './calibration.js';

describe('cross-source split by domain', () => {
  it('reduces URLs and hosts to their registrable domain, with three labels under co.uk-style suffixes', () => {
    expect(registrableDomain('https://www.bbc.co.uk/news/x')).toBe('bbc.co.uk');
    expect(registrableDomain('http://edition.cnn.com/2017/a.html')).toBe('cnn.com');
    expect(registrableDomain('//i2.cdn.turner.com/x')).toBe('turner.com');
    expect(registrableDomain('arstechnica.com')).toBe('arstechnica.com');
    expect(registrableDomain('not a url')).toBeUndefined();
  });

  it('takes a page domain from its canonical link, removing a Wayback prefix, else from its most linked domain', () => {
    expect(
      pageDomain(
        '<link rel="canonical" href="https://web.archive.org/web/20090214124703/http://arstechnica.com/a.ars"/>',
      ),
    ).toBe('arstechnica.com');
    expect(pageDomain('<meta property="og:url" content="https://www.nypost.com/x"/>')).toBe('nypost.com');
    const links =
      '<a href="/web/2013/http://www.latimes.com/a">a</a><a href="http://www.latimes.com/b">b</a>' +
      '<a href="https://twitter.com/x">t</a>';
    expect(pageDomain(links)).toBe('latimes.com');
    expect(pageDomain('<p>no links</p>')).toBeUndefined();
  });

  it('puts every page of a domain in the same, fixed part', () => {
    const set = ['a', 'b', 'c'].flatMap((x) => [1, 2].map((i) => ({ id: `${x}${i}`, domain: `${x}.com` })));
    const tune = partOf(set, 'tune');
    const check = partOf(set, 'check');
    expect(tune.length + check.length).toBe(set.length);
    for (const a of set) expect(tune.includes(a)).toBe(crossSourcePart('' + a.domain) === 'tune');
    // Fixed by the salt: these parts must never change, or tuned figures would leak into the check part.
    expect(['arstechnica.com', 'cnn.com', 'foxnews.com', 'latimes.com'].map(crossSourcePart)).toEqual([
      'check',
      'check',
      'tune',
      'tune',
    ]);
  });
});

describe('macroF1 with abstention', () => {
  it('counts an abstention as a miss of its gold class but as a false positive of no class', () => {
    const wrong: Array<[string, string]> = [
      ['a', 'a'],
      ['b', 'a'],
    ];
    const abstain: Array<[string, string]> = [
      ['a', 'a'],
      ['b', 'other'],
    ];
    expect(macroF1(wrong, ['a', 'b'])).toBeCloseTo(1 / 3, 9);
    expect(macroF1(abstain, ['a', 'b'])).toBeCloseTo(0.5, 9);
  });
});
