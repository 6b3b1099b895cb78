import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../boilerplate-rules.js';
import { extractArticles } from '../extract-articles.js';
import { segmentWithOutlets, titleWithoutOutlet } from '../text-dump.js';
import {
  outletCandidates,
  outletModel,
  pickOutlet,
  pickSlot,
  slotModel,
  type ArticleZone,
  type OutletCandidate,
  type OutletModel,
} from './outlet-model.js';

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

describe('slots: where a page names its outlets (session 10)', () => {
  const heads: Array<[string, string, string, string]> = [
    ['Markets rally as inflation cools', 'Jane Doe · Daily Ledger', 'Staff', P1],
    ['Storm leaves thousands without power', 'Amir Khan · Coastal Herald', 'Staff', P3],
    ['Night buses to reach three new districts', 'Lena Berg · Metro Courier', 'Staff', P5],
  ];
  const zones = heads.map(([title, credit, by, body]) =>
    zone(
      [
        [credit, 'above-1'],
        [title, 'title'],
        [`${by} · 2 hours ago`, 'after-1'],
      ],
      body,
    ),
  );
  const feature = (cands: OutletCandidate[] | undefined, text: string, prefix: string): string[] =>
    (cands?.find((c) => c.text === text)?.features ?? []).filter((f) => f.startsWith(prefix));

  it('marks a name whose slot every other article fills with another name, and a word every article repeats there', () => {
    const cands = outletCandidates(zones);
    expect(feature(cands[0], 'Daily Ledger', 'slot:')).toContain('slot:all|distinct');
    expect(feature(cands[1], 'Coastal Herald', 'slot:')).toContain('slot:all|distinct');
    // "Staff" stands in the same place under every headline, the same word each time: furniture, not a name
    expect(feature(cands[0], 'Staff', 'slot:')).toContain('slot:all|repeat');
    // the same shape at the start of the line ("Jane Doe · ...") is another slot than the one at its end
    expect(cands[0]?.find((c) => c.text === 'Jane Doe')?.slot).not.toBe(
      cands[0]?.find((c) => c.text === 'Daily Ledger')?.slot,
    );
  });

  it('never offers the whole headline, or a bare number, as an outlet', () => {
    const [cands] = outletCandidates([
      zone(
        [
          ['Markets rally as inflation cools', 'title'],
          ['Daily Ledger | 2025', 'after-1'],
        ],
        P1,
      ),
    ]);
    const texts = (cands ?? []).map((c) => c.text);
    expect(texts).not.toContain('Markets rally as inflation cools');
    expect(texts).not.toContain('2025');
    expect(texts).toContain('Markets');
    expect(texts).toContain('Daily Ledger');
  });

  it('says when the same name stands on two lines of one article', () => {
    const [cands] = outletCandidates([
      zone(
        [
          ['Daily Ledger', 'above-3'],
          ['- Daily Ledger', 'above-1'],
          ['Markets rally as inflation cools', 'title'],
        ],
        P1,
      ),
    ]);
    expect(cands?.find((c) => c.text === 'Daily Ledger')?.features).toContain('twice');
    expect(cands?.find((c) => c.text === 'Markets')?.features).not.toContain('twice');
  });

  // a toy model: a name whose slot the other articles fill with other names, a name that ends its line, a line under
  // the body
  const toy: OutletModel = {
    version: 2,
    weights: { 'slot:all|distinct': 1, 'slot:all|repeat': -2, 'gapAfter:edge': 1, 'rel:below-1': 2 },
  };

  it("takes every article's candidate in the slot most articles' best candidates share", () => {
    const cands = outletCandidates(zones);
    const picks = pickSlot(toy, cands);
    expect(picks.map((c) => c?.text)).toEqual(['Daily Ledger', 'Coastal Herald', 'Metro Courier']);
  });

  it("chooses no slot under the bodies that the last article lacks (the next headline's line, not a foot)", () => {
    const between = (title: string, next: string | undefined, body: string): ArticleZone =>
      zone([[title, 'title'], ...(next ? ([[next, 'below-1']] as Array<[string, string]>) : [])], body);
    const cands = outletCandidates([
      between('Markets rally as inflation cools', 'Coastal Herald', P1),
      between('Storm leaves thousands without power', 'Metro Courier', P3),
      between('Night buses to reach three new districts', undefined, P5),
    ]);
    // each of the first two articles' best is the line under it, but the last article has none there
    expect(pickSlot(toy, cands)).toEqual([undefined, undefined, undefined]);
  });

  it('ships slot weights, which the segmenter uses with the per-article ones', () => {
    expect(slotModel()).not.toBeNull();
    const out = split(
      [
        'Markets rally as inflation cools',
        'Jane Doe · Daily Ledger',
        'Staff · 2 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        'Amir Khan · Coastal Herald',
        'Staff · yesterday',
        P3,
        P4,
        '',
        'Night buses to reach three new districts',
        'Lena Berg · Metro Courier',
        'Staff · 5 hours ago',
        P5,
        P6,
      ].join('\n'),
    );
    expect(out.map((a) => a.source)).toEqual(['Daily Ledger', 'Coastal Herald', 'Metro Courier']);
  });

  it("offers the page's first line to every article, unless the page opens with an article of its own", () => {
    const rules = loadRuleSet();
    const body = (title: string, time: string, a: string, b: string): string[] => [title, time, a, b, ''];
    const page = [
      'THE DAILY LEDGER',
      '',
      ...body('Markets rally as inflation cools', '2 hours ago', P1, P2),
      ...body('Storm leaves thousands without power', 'yesterday', P3, P4),
      ...body('Night buses to reach three new districts', '5 hours ago', P5, P6),
    ];
    const { candidates } = segmentWithOutlets(page.join('\n'), rules, RECEIVED, null);
    for (const c of candidates.slice(1))
      expect(c?.find((x) => x.text === 'THE DAILY LEDGER')?.features).toContain('rel:page');
    const own = segmentWithOutlets(
      ['A page of its own opens here', P1, P2, '', ...page.slice(2)].join('\n'),
      rules,
      RECEIVED,
      null,
    );
    for (const c of own.candidates)
      expect((c ?? []).some((x) => x.features.includes('rel:page'))).toBe(false);
  });
});
