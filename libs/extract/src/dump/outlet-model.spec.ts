import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../boilerplate-rules.js';
import { extractArticles } from '../extract-articles.js';
import { segmentWithOutlets, titleWithoutOutlet } from '../text-dump.js';
import { outletCandidates, outletModel, pickOutlet, type ArticleZone } from './outlet-model.js';

const RECEIVED = '2025-07-20T12:00:00.000Z';
const P1 =
  'Stocks rose sharply on Friday after figures showed that inflation had slowed for a third month in a row, traders said.';
const P2 = 'Analysts said the central bank was now likely to hold rates at its next meeting in the autumn.';
const P3 =
  'A powerful storm swept across the coast overnight, bringing down power lines and leaving thousands of homes in the dark.';
const P4 = 'Engineers expect to restore most connections by Sunday evening, the utility said in a statement.';
const P5 =
  'The city council voted late on Tuesday to extend the night bus network to three new districts from the spring.';
const P6 = 'Officials said the cost would be met from the existing transport budget without raising fares.';

const split = (body: string) => {
  const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
  if (!r.ok) throw new Error(r.reason);
  return r.articles.map((a) => ({ title: a.title, source: a.source, body: a.body }));
};

const zone = (lines: Array<[string, string]>, body: string): ArticleZone => ({
  lines: lines.map(([text, rel]) => ({ text, rel, kind: 'text', gap: false, hasTime: /ago$/.test(text) })),
  body,
  ruleSources: [],
});

describe('outlet candidates', () => {
  it('offers every capitalised run of up to six words, never across punctuation, and describes none by its words', () => {
    const [cands] = outletCandidates([
      zone(
        [
          ['Markets rally as inflation cools', 'title'],
          ['Posted in Daily Ledger · 2 hours ago', 'after-1'],
        ],
        P1,
      ),
    ]);
    const texts = (cands ?? []).map((c) => c.text);
    expect(texts).toContain('Daily Ledger');
    expect(texts).toContain('Markets');
    expect(texts).not.toContain('Ledger · 2');
    // features are shapes and places, never the candidate's own words
    for (const c of cands ?? []) for (const f of c.features) expect(f.toLowerCase()).not.toContain('ledger');
  });

  it('marks a name whose line has the same wording in another article, with another name, at the same place', () => {
    const cands = outletCandidates([
      zone(
        [
          ['Home | World | Business', 'above-1'],
          ['Markets rally as inflation cools', 'title'],
          ['Posted in Daily Ledger · 2 hours ago', 'after-1'],
        ],
        P1,
      ),
      zone(
        [
          ['Home | World | Business', 'above-1'],
          ['Storm leaves thousands without power', 'title'],
          ['Posted in Coastal Herald · yesterday', 'after-1'],
        ],
        P3,
      ),
    ]);
    const ledger = cands[0]?.find((c) => c.text === 'Daily Ledger');
    const home = cands[0]?.find((c) => c.text === 'Home');
    expect(ledger?.features).toContain('tplRel:diff1');
    // a navigation bar over both headlines: its wording repeats with the same word in the same place
    expect(home?.features).toContain('tplRel:same');
    expect(cands[0]?.find((c) => c.text === 'Posted')?.features).toContain('tplRel:none');
  });
});

describe('learned outlet picker in the segmenter', () => {
  it('ships weights, and picks the name of a credit wording its rules have no shape for', () => {
    expect(outletModel()).not.toBeNull();
    const out = split(
      [
        'Markets rally as inflation cools',
        '2 hours ago',
        P1,
        P2,
        '',
        'Daily Ledger shared this report.',
        '',
        'Storm leaves thousands without power',
        'yesterday',
        P3,
        P4,
        '',
        'Coastal Herald shared this report.',
        '',
        'Night buses to reach three new districts',
        '5 hours ago',
        P5,
        P6,
        '',
        'Metro Courier shared this report.',
      ].join('\n'),
    );
    expect(out.map((a) => a.source)).toEqual(['Daily Ledger', 'Coastal Herald', 'Metro Courier']);
    expect(out.map((a) => a.title)).toEqual([
      'Markets rally as inflation cools',
      'Storm leaves thousands without power',
      'Night buses to reach three new districts',
    ]);
    // the credit sentence after each body is not article text
    for (const a of out) expect(a.body).not.toMatch(/shared this report/);
  });

  it('cuts a bracketed outlet off the headline', () => {
    const out = split(
      [
        'Markets rally as inflation cools (Daily Ledger)',
        '2 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power (Coastal Herald)',
        'yesterday',
        P3,
        P4,
        '',
        'Night buses to reach three new districts (Metro Courier)',
        '5 hours ago',
        P5,
        P6,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
      ['Night buses to reach three new districts', 'Metro Courier'],
    ]);
  });

  it('keeps the rules when no model is given or when "none" wins, and exposes every anchored article\'s candidates', () => {
    const lines = [
      'Markets rally as inflation cools',
      'Daily Ledger · 2 hours ago',
      P1,
      P2,
      '',
      'Storm leaves thousands without power',
      'Coastal Herald · yesterday',
      P3,
      P4,
    ];
    const rules = loadRuleSet();
    const { articles, candidates } = segmentWithOutlets(lines.join('\n'), rules, RECEIVED, null);
    expect(articles.map((a) => a.source)).toEqual(['Daily Ledger', 'Coastal Herald']);
    const model = outletModel();
    if (!model) throw new Error('no shipped outlet model');
    const picked = pickOutlet(model, candidates[0] ?? []);
    expect(picked?.candidate.text).toBe('Daily Ledger');
    expect(picked?.p).toBeGreaterThan(0.5);
    expect(picked?.p).toBeLessThanOrEqual(1);
    // an article naming no outlet: "none" wins over every name, the segmenter keeps what its rules found (nothing)
    const bare = segmentWithOutlets(
      [
        'Markets rally as inflation cools',
        '2 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        'yesterday',
        P3,
        P4,
      ].join('\n'),
      rules,
      RECEIVED,
      model,
    );
    expect(bare.articles.map((a) => a.source)).toEqual([undefined, undefined]);
    expect(pickOutlet(model, bare.candidates[0] ?? [])).toBeUndefined();
  });
});

describe('titleWithoutOutlet', () => {
  it('cuts a name set apart at either end, and nothing else', () => {
    expect(titleWithoutOutlet('Markets rally as inflation cools (Daily Ledger)', 'Daily Ledger')).toBe(
      'Markets rally as inflation cools',
    );
    expect(titleWithoutOutlet('Markets rally as inflation cools - Daily Ledger', 'Daily Ledger')).toBe(
      'Markets rally as inflation cools',
    );
    expect(titleWithoutOutlet('Daily Ledger: Markets rally as inflation cools', 'Daily Ledger')).toBe(
      'Markets rally as inflation cools',
    );
    // a name inside the headline's own words stays
    expect(titleWithoutOutlet('Why Daily Ledger readers love markets', 'Daily Ledger')).toBeUndefined();
    expect(titleWithoutOutlet('Markets rally at Daily Ledger', 'Daily Ledger')).toBeUndefined();
  });

  it('reads the brackets and separators by their shape, not from a list', () => {
    for (const t of [
      'Markets rally as inflation cools {Daily Ledger}',
      'Markets rally as inflation cools <Daily Ledger>',
      'Markets rally as inflation cools :: Daily Ledger',
      'Markets rally as inflation cools ¦ Daily Ledger',
    ])
      expect(titleWithoutOutlet(t, 'Daily Ledger')).toBe('Markets rally as inflation cools');
    // an unspaced mark inside a word is no separator
    expect(
      titleWithoutOutlet('Markets rally as inflation cools-Daily Ledger', 'Daily Ledger'),
    ).toBeUndefined();
  });
});

describe('time spans', () => {
  it('never offers a time as an outlet', () => {
    const [cands] = outletCandidates([
      zone(
        [
          ['Markets rally as inflation cools', 'title'],
          ['15 hours ago', 'after-1'],
        ],
        P1,
      ),
    ]);
    const texts = (cands ?? []).map((c) => c.text);
    expect(texts).not.toContain('15 hours ago');
    expect(texts).toContain('Markets');
  });
});
