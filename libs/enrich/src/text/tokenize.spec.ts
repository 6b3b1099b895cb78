import { describe, expect, it } from 'vitest';
import { sentenceSpans, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits possessives and capitalised hyphen parts but keeps acronyms, numbers and lower-case compounds', () => {
    const t = tokenize("Xi's pro-China U.S. well-known 1,200.5% China-Russia").map((x) => x.text);
    expect(t).toEqual([
      'Xi',
      "'s",
      'pro',
      '-',
      'China',
      'U.S.',
      'well-known',
      '1,200.5%',
      'China',
      '-',
      'Russia',
    ]);
  });

  it('gives offsets into the input', () => {
    const text = 'Mr. Smith met  Putin.';
    for (const tok of tokenize(text)) expect(text.slice(tok.start, tok.end)).toBe(tok.text);
  });

  it('ends sentences at final punctuation and line breaks, not after abbreviations', () => {
    const text = 'Mr. Smith went home. He slept.\nA headline\nBody "quoted." Next one';
    expect(sentenceSpans(text).map(([s, e]) => text.slice(s, e))).toEqual([
      'Mr. Smith went home.',
      'He slept.',
      'A headline',
      'Body "quoted."',
      'Next one',
    ]);
  });
});
