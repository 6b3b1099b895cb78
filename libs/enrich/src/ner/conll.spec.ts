import { describe, expect, it } from 'vitest';
import { bioSpans, conllDocuments, parseConll, scoreSpans, toBio, toIob1 } from './conll.js';

describe('CoNLL helpers', () => {
  it('converts IOB1 to BIO and back', () => {
    const iob1 = ['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC', 'I-ORG'];
    const bio = toBio(iob1);
    expect(bio).toEqual(['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC', 'B-ORG']);
    expect(toIob1(bio)).toEqual(iob1);
  });

  it('reads spans the way conlleval does, a stray I- opening a span', () => {
    expect(bioSpans(['B-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC'])).toEqual([
      [0, 2, 'PER'],
      [3, 4, 'LOC'],
      [4, 5, 'LOC'],
    ]);
  });

  it('scores exact-match spans per type and overall', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC']];
    const pred = [['B-PER', 'O', 'O', 'B-LOC']];
    const s = scoreSpans(gold, pred);
    expect(s.perType['LOC']?.f1).toBe(1);
    expect(s.perType['PER']).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(s.overall.precision).toBe(0.5);
    expect(s.overall.recall).toBe(0.5);
  });

  it('parses documents and sentences, keeping DOCSTART and blank lines as other lines', () => {
    const text =
      '-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n';
    const lines = parseConll(text);
    expect(lines.filter((l) => l.kind === 'other').length).toBe(6);
    const docs = conllDocuments(lines);
    expect(docs.map((d) => d.map((s) => s.map((t) => t.word)))).toEqual([
      [['EU', 'rejects'], ['Peter']],
      [['Bonn']],
    ]);
  });
});
