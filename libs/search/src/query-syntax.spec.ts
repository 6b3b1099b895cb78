import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_CLAUSES,
  QuerySyntaxError,
  hasTextTerms,
  parseQuery,
  queryNodeToOpenSearch,
  userQueryToOpenSearch,
  type QueryNode,
} from './query-syntax.js';

/** A compact rendering of the AST so expectations stay readable. */
function show(n: QueryNode | undefined): string {
  if (!n) return '<all>';
  switch (n.kind) {
    case 'word':
      return n.prefix ? `${n.text}*` : n.text;
    case 'phrase':
      return `"${n.text}"`;
    case 'field':
      return `${n.field}:${n.value}`;
    case 'and':
      return `(${n.children.map(show).join(' & ')})`;
    case 'or':
      return `(${n.children.map(show).join(' | ')})`;
    case 'not':
      return `!${show(n.child)}`;
  }
}

function syntaxError(q: string): QuerySyntaxError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(q)}`);
}

describe('parseQuery', () => {
  it.each([
    ['', '<all>'],
    ['   ', '<all>'],
    ['floods', 'floods'],
    ['Quelmarsh OR Bravenkov', '(Quelmarsh | Bravenkov)'],
    ['Quelmarsh | Bravenkov', '(Quelmarsh | Bravenkov)'],
    ['floods Bavaria', '(floods & Bavaria)'],
    ['floods AND Bavaria', '(floods & Bavaria)'],
    ['a b OR c', '((a & b) | c)'],
    ['a OR b c', '(a | (b & c))'],
    ['a (b OR c)', '(a & (b | c))'],
    ['floods -sport', '(floods & !sport)'],
    ['floods NOT sport', '(floods & !sport)'],
    ['NOT sport', '!sport'],
    ['-(a OR b)', '!(a | b)'],
    ['+floods', 'floods'],
    ['"trade talks" Beijing', '("trade talks" & Beijing)'],
    ['export*', 'export*'],
    ['a || b', '(a | b)'],
    // A pasted URL is text, not a field named `https`; a time is a word.
    ['https://example.org/floods', 'https://example.org/floods'],
    ['10:30 meeting', '(10:30 & meeting)'],
    ['covid-19 vaccine', '(covid-19 & vaccine)'],
    ['and or not', '(and & or & not)'],
    ['source:Reuters', 'source:Reuters'],
    ['source:"Associated Press" floods', '(source:Associated Press & floods)'],
    ['country:de language:EN', '(country:DE & language:en)'],
    ['entity:"Jiang Bin" OR topic:economy', '(entity:Jiang Bin | topic:economy)'],
    ['iptc:medtop:20000763', 'iptc:medtop:20000763'],
    ['((a))', 'a'],
    ['a - b', '(a & - & b)'],
    ['10:30', '10:30'],
  ])('parses %j as %s', (q, expected) => {
    expect(show(parseQuery(q))).toBe(expected);
  });

  it.each([
    ['"trade talks', 0, 'unclosed quote'],
    ['floods "trade', 7, 'unclosed quote'],
    ['(a OR b', 0, "'(' is never closed"],
    ['a OR b)', 6, "unexpected ')'"],
    [')', 0, "unexpected ')'"],
    ['()', 0, 'empty parentheses'],
    ['a OR', 2, 'OR needs a term after it'],
    ['OR a', 0, 'OR needs a term before it'],
    ['a AND OR b', 2, 'AND needs a term after it'],
    ['a NOT', 2, 'NOT needs a term after it'],
    ['a (NOT)', 3, 'NOT needs a term after it'],
    ['author:Smith', 0, "unknown field 'author'"],
    ['Source:Reuters', 0, "unknown field 'Source'"],
    ['source:', 7, 'source: needs a value'],
    ['country:Germany', 8, 'country: expects an ISO 3166-1 alpha-2 code'],
    ['language:english', 9, 'language: expects a language code'],
    ['a ""', 2, 'empty phrase'],
    ['x source:"abc', 9, 'unclosed quote'],
  ])('rejects %j at position %i (%s)', (q, position, reason) => {
    const err = syntaxError(q);
    expect(err.position).toBe(position);
    expect(err.reason).toContain(reason);
    expect(err.message).toContain(`at position ${position}`);
  });

  it('refuses more than the maximum number of terms and too deep nesting', () => {
    expect(
      syntaxError(Array.from({ length: MAX_QUERY_CLAUSES + 1 }, (_, i) => `w${i}`).join(' ')).reason,
    ).toMatch(/more than/);
    expect(syntaxError(`${'('.repeat(40)}a${')'.repeat(40)}`).reason).toMatch(/nested deeper/);
    expect(syntaxError(`${'-'.repeat(40)}a`).reason).toMatch(/nested deeper/);
  });

  it('never throws anything but a QuerySyntaxError on random punctuation soup', () => {
    const alphabet = [
      '(',
      ')',
      '"',
      '-',
      '+',
      ' ',
      'OR',
      'AND',
      'NOT',
      'a',
      ':',
      'source:',
      '*',
      '|',
      '\\',
      '~',
    ];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 2000; n++) {
      const q = Array.from(
        { length: 1 + Math.floor(rnd() * 12) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
      try {
        const node = parseQuery(q);
        if (node) JSON.stringify(queryNodeToOpenSearch(node));
      } catch (err) {
        expect(err, q).toBeInstanceOf(QuerySyntaxError);
        expect((err as QuerySyntaxError).position).toBeGreaterThanOrEqual(0);
        expect((err as QuerySyntaxError).position).toBeLessThanOrEqual(q.length);
      }
    }
  });
});

describe('queryNodeToOpenSearch', () => {
  it('turns words and phrases into multi_match over the text fields, never a Lucene query string', () => {
    const q = userQueryToOpenSearch('floods "trade talks" export* 10:30');
    const json = JSON.stringify(q);
    expect(json).not.toMatch(/query_string|script|regexp|wildcard/);
    const must = (q as { bool: { must: Array<{ multi_match: { query: string; type: string } }> } }).bool.must;
    expect(must.map((m) => [m.multi_match.query, m.multi_match.type])).toEqual([
      ['floods', 'best_fields'],
      ['trade talks', 'phrase'],
      ['export', 'phrase_prefix'],
      ['10:30', 'best_fields'],
    ]);
  });

  it('passes Lucene special characters through as text for the analyzer', () => {
    const q = userQueryToOpenSearch('a~2 b^3 c? [d TO e]');
    expect(JSON.stringify(q)).not.toMatch(/query_string|fuzzy|range|regexp/);
  });

  it('maps OR to should, NOT to must_not and fields to case-insensitive terms', () => {
    expect(userQueryToOpenSearch('source:reuters OR -country:de')).toEqual({
      bool: {
        should: [
          { term: { source: { value: 'reuters', case_insensitive: true } } },
          {
            bool: {
              must: [{ match_all: {} }],
              must_not: [{ term: { countries: { value: 'DE', case_insensitive: true } } }],
            },
          },
        ],
        minimum_should_match: 1,
      },
    });
    expect(userQueryToOpenSearch('iptc:politics')).toEqual({
      bool: {
        should: [
          { term: { iptcCodes: { value: 'politics', case_insensitive: true } } },
          { term: { iptcLabels: { value: 'politics', case_insensitive: true } } },
        ],
        minimum_should_match: 1,
      },
    });
    const neg = userQueryToOpenSearch('floods -sport') as {
      bool: { must: unknown[]; must_not: Array<{ multi_match?: { query: string } }> };
    };
    expect(neg.bool.must).toHaveLength(1);
    expect(neg.bool.must_not[0]?.multi_match?.query).toBe('sport');
    expect(userQueryToOpenSearch('  ')).toEqual({ match_all: {} });
  });

  it('knows whether a query has text to score and highlight', () => {
    expect(hasTextTerms(parseQuery('source:AP'))).toBe(false);
    expect(hasTextTerms(parseQuery('-floods'))).toBe(false);
    expect(hasTextTerms(parseQuery('source:AP floods'))).toBe(true);
    expect(hasTextTerms(parseQuery(''))).toBe(false);
  });
});
