import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticles } from './extract-articles.js';
import { titleWithoutOutlet, wideGaps, withoutMarkup } from './text-dump.js';

const SEED = readFileSync(resolve(__dirname, '../../../seeds/aggregator-page-dump.txt'), 'utf8');
const RECEIVED = '2025-07-20T12:00:00.000Z';
const minutesBefore = (m: number): string => new Date(Date.parse(RECEIVED) - m * 60_000).toISOString();

const FURNITURE = [
  'Live Events',
  'Try Our AI Features',
  'Explore what Daily8 AI can do for you',
  'Comments',
  'No comments yet',
  'Related Articles',
  '&w=3840&q=100)',
  'STORY CONTINUES BELOW THIS AD',
  'by Taboola',
  'Sponsored Links',
  'Promoted Links',
  'You May Like',
  "No One Knew About Her Bags—Now They're Going Viral Handmakers Report Read Now",
  'Handmakers Report',
  'read more',
  '(Photo: OLEKSII FILIPPOV/AFP)',
  'OLEKSII FILIPPOV',
  'FILE PHOTO:',
  'REUTERS/Evelyn Hockstein/File Photo(REUTERS)',
  'Evelyn Hockstein',
  'World War II Victory Day parade',
];

function seedArticles() {
  const r = extractArticles({ body: SEED, receivedAt: RECEIVED, debug: true });
  if (!r.ok) throw new Error(`extraction failed: ${r.reason}`);
  return r.articles;
}

describe('plain-text aggregator dump (seed)', () => {
  it('finds exactly the four articles with their titles', () => {
    expect(seedArticles().map((a) => a.title)).toEqual([
      "China says ready to 'expand practical cooperation' with Russian army",
      "Peace was never West's goal in Ukraine, says Russia, accusing it of fuelling war by arming Kyiv",
      "Muizzu's U-turn: India in, China out? Maldives seemingly pivots again as PM Modi offers big incentives",
      "US trade policy shift: Response to China's resource dominance",
    ]);
  });

  it('starts the main article body after the caption furniture', () => {
    const main = seedArticles()[0];
    expect(main?.body.startsWith('The two countries have drawn closer')).toBe(true);
    expect(main?.body).toContain('WeChat.');
    expect(main?.body.endsWith('his "dear friend".')).toBe(true);
  });

  it('rejoins a quote broken over several lines into one paragraph', () => {
    const main = seedArticles()[0];
    expect(main?.body).toContain(
      'He added that they would also "contribute to maintaining and strengthening global strategic stability".',
    );
    expect(main?.body).not.toMatch(/\n\nglobal strategic stability/);
  });

  it('gives each related article its source and a time resolved against receivedAt', () => {
    const [, b, c, d] = seedArticles();
    expect([b?.source, c?.source, d?.source]).toEqual(['First Post', 'Time of India', 'Hindustan Times']);
    expect([b?.publishedAt, c?.publishedAt, d?.publishedAt]).toEqual([
      minutesBefore(15),
      minutesBefore(28),
      minutesBefore(60),
    ]);
  });

  it('keeps the related articles bodies', () => {
    const [, b, c, d] = seedArticles();
    expect(b?.body.startsWith('Peace talks and a settlement in Ukraine')).toBe(true);
    expect(b?.body).toContain('local officials said.');
    expect(c?.body.startsWith('NEW DELHI: Maldives')).toBe(true);
    expect(c?.body).toContain('Although Maldives still owes China large debts');
    expect(d?.body.startsWith('In recent years, the dynamics of global trade')).toBe(true);
    expect(d?.body).toContain("Trump's presidency marked a notable pivot");
  });

  it('removes every piece of page furniture from every body', () => {
    for (const a of seedArticles()) {
      for (const f of FURNITURE) expect(a.body, `"${f}" in "${a.title}"`).not.toContain(f);
    }
  });

  it('explains each removal by a rule id in debug mode', () => {
    const all = seedArticles().flatMap((a) => a.removed ?? []);
    const ids = new Set(all.map((r) => r.ruleId));
    for (const id of [
      'line.live-events',
      'inline.story-continues',
      'inline.ad-network-block',
      'inline.read-more',
      'inline.file-photo-caption',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(all.find((r) => r.ruleId === 'inline.ad-network-block')?.text).toContain('Read Now');
  });

  it('fingerprints each article and detects its language', () => {
    for (const a of seedArticles()) {
      expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(a.simhash).toMatch(/^[0-9a-f]{16}$/);
      expect(a.language).toBe('en');
    }
    const hashes = new Set(seedArticles().map((a) => a.contentHash));
    expect(hashes.size).toBe(4);
  });

  it('omits removed spans when debug is off', () => {
    const r = extractArticles({ body: SEED, receivedAt: RECEIVED });
    expect(r.ok && r.articles.every((a) => a.removed === undefined)).toBe(true);
  });
});

describe('other dump layouts', () => {
  it('splits a "title / source · time / body" list and parses absolute dates', () => {
    const body = [
      'Markets rally as inflation cools',
      'Daily Ledger · July 4, 2025',
      '',
      'Stocks rose sharply on Friday after figures showed that inflation had slowed for a third month in a row, traders said.',
      'Analysts said the central bank was now likely to hold rates at its next meeting.',
      '',
      'Storm leaves thousands without power',
      'Coastal Herald · 2 hours ago',
      '',
      'A powerful storm swept across the coast overnight, bringing down power lines and leaving thousands of homes in the dark.',
    ].join('\n');
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.articles.map((a) => [a.title, a.source, a.publishedAt])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger', '2025-07-04T00:00:00.000Z'],
      ['Storm leaves thousands without power', 'Coastal Herald', minutesBefore(120)],
    ]);
    expect(r.articles[0]?.body.split('\n\n')).toHaveLength(2);
  });

  it('splits a meta line at a separator it has no list entry for ("Outlet :: time")', () => {
    const body = [
      'Markets rally as inflation cools',
      'Daily Ledger :: July 4, 2025',
      '',
      'Stocks rose sharply on Friday after figures showed that inflation had slowed for a third month in a row, traders said.',
      '',
      'Storm leaves thousands without power',
      '2 hours ago ¦ Coastal Herald',
      '',
      'A powerful storm swept across the coast overnight, bringing down power lines and leaving thousands of homes in the dark.',
    ].join('\n');
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.articles.map((a) => [a.title, a.publishedAt])).toEqual([
      ['Markets rally as inflation cools', '2025-07-04T00:00:00.000Z'],
      ['Storm leaves thousands without power', minutesBefore(120)],
    ]);
  });

  it('keeps a single-article dump without metadata whole', () => {
    const body =
      'Council approves new bridge\n\nThe city council approved plans for a new bridge across the river on Tuesday, ending years of debate about the crossing.\nWork is due to start next spring.';
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    expect(r.ok && r.articles.length === 1 && r.articles[0]?.title).toBe('Council approves new bridge');
    expect(r.ok && r.articles[0]?.body).toContain('Work is due to start next spring.');
  });
});

describe('dumps with mastheads, credit lines, leads, navigation bars and teaser lists', () => {
  const P1 =
    'Stocks rose sharply on Friday after figures showed that inflation had slowed for a third month in a row, traders said.';
  const P2 = 'Analysts said the central bank was now likely to hold rates at its next meeting in the autumn.';
  const P3 =
    'A powerful storm swept across the coast overnight, bringing down power lines and leaving thousands of homes in the dark.';
  const P4 =
    'Engineers expect to restore most connections by Sunday evening, the utility said in a statement.';
  const split = (body: string) => {
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    if (!r.ok) throw new Error(r.reason);
    return r.articles.map((a) => ({ title: a.title, source: a.source, author: a.author, body: a.body }));
  };

  it('takes a masthead in capitals for the source, never for the headline, and drops navigation bars', () => {
    const out = split(
      [
        'Home | World | Business | Tech',
        '',
        'DAILY LEDGER',
        '',
        'Markets rally as inflation cools',
        '2 hours ago',
        P1,
        P2,
        '',
        'News · Politics · Science · Culture',
        '',
        'COASTAL HERALD',
        'Storm leaves thousands without power',
        'yesterday',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'DAILY LEDGER'],
      ['Storm leaves thousands without power', 'COASTAL HERALD'],
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it('keeps the headline above a lead sentence and reads "By author, outlet" and "Source:" credits', () => {
    const out = split(
      [
        'Markets rally as inflation cools',
        'Investors bet that the central bank will now hold rates',
        'By Jane Doe, Daily Ledger',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
        '',
        'Source: Coastal Herald',
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source, a.author])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger', 'Jane Doe'],
      ['Storm leaves thousands without power', 'Coastal Herald', undefined],
    ]);
    expect(out[1]?.body.endsWith(P4)).toBe(true);
  });

  it('takes a short name line over a headline for the label, not the headline, and the outlet when nothing else names one', () => {
    const out = split(
      [
        'Daily Ledger',
        'Markets rally as inflation cools across the region',
        '3 hours ago',
        P1,
        P2,
        '',
        'Read next',
        'Storm leaves thousands without power',
        'Coastal Herald | 2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools across the region', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it('keeps a short sentence-case headline above its deck', () => {
    const out = split(
      ['Markets rally as inflation cools', 'Investors now bet on steady rates', '3 hours ago', P1, P2].join(
        '\n',
      ),
    );
    expect(out.map((a) => a.title)).toEqual(['Markets rally as inflation cools']);
  });

  it('reads the outlet of a wire dateline, a copyright footer and a photo credit', () => {
    const out = split(
      [
        'Markets rally as inflation cools',
        '3 hours ago',
        `LONDON (Daily Ledger) - ${P1}`,
        P2,
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
        '',
        'Copyright 2025 Coastal Herald. All rights reserved.',
        '',
        'Bridge plan approved after years of debate',
        'yesterday',
        'Photo: Jane Doe/Harbour Times',
        P2,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
      ['Bridge plan approved after years of debate', 'Harbour Times'],
    ]);
    expect(out[1]?.body.endsWith(P4)).toBe(true);
    expect(out[2]?.body).not.toContain('Photo:');
  });

  it("takes the page's masthead for the outlet of articles that name none, after the articles' own credits", () => {
    const out = split(
      [
        'HARBOUR TIMES',
        '',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
        '',
        'Source: Coastal Herald',
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'HARBOUR TIMES'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
  });

  it('reads a "— Outlet" line under the last sentence as the sign-off of the article above', () => {
    const out = split(
      [
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '— Daily Ledger',
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', undefined],
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it('reads a masthead over a navigation bar, and "Jane Doe, Outlet" on the outlet line above the time', () => {
    const out = split(
      [
        'DAILY LEDGER',
        'Home | World | Business | Tech',
        '',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'COASTAL HERALD',
        'Home | World | Business | Tech',
        '',
        'Storm leaves thousands without power',
        'Jane Doe, Harbour Times',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source, a.author])).toEqual([
      ['Markets rally as inflation cools', 'DAILY LEDGER', undefined],
      ['Storm leaves thousands without power', 'Harbour Times', 'Jane Doe'],
    ]);
  });

  it("takes a short name over the page's navigation bar for the outlet of articles that name none", () => {
    const out = split(
      [
        'Harbour Times',
        'Home | World | Business | Tech',
        '',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
        '',
        'Read more at Coastal Herald',
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Harbour Times'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(out[1]?.body.endsWith(P4)).toBe(true);
  });

  it('splits "Headline - Outlet" when the page names its outlets that way, and keeps a lone dashed headline whole', () => {
    const page = split(
      [
        'Markets rally as inflation cools - Daily Ledger',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power | Coastal Herald',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(page.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    const lone = split(
      [
        'Markets rally as inflation cools - Analysis Desk',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(lone.map((a) => a.title)).toEqual([
      'Markets rally as inflation cools - Analysis Desk',
      'Storm leaves thousands without power',
    ]);
  });

  it('gives a credit line a blank line above a headline to the article below when the page credits first', () => {
    const out = split(
      [
        'From Daily Ledger',
        '',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'From Coastal Herald',
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it('reads "Headline [Outlet]", an outlet in capitals after each body, and "time / headline / Outlet"', () => {
    const bracketed = split(
      [
        'Markets rally as inflation cools [Daily Ledger]',
        '3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power [Coastal Herald]',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(bracketed.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    const trailing = split(
      [
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'DAILY LEDGER',
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
        '',
        'COASTAL HERALD',
      ].join('\n'),
    );
    expect(trailing.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'DAILY LEDGER'],
      ['Storm leaves thousands without power', 'COASTAL HERALD'],
    ]);
    const below = split(
      ['3 hours ago', 'Markets rally as inflation cools', 'Daily Ledger', '', P1, P2].join('\n'),
    );
    expect(below.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
    ]);
  });

  it('ends an article before a labelled teaser list', () => {
    const out = split(
      [
        'Markets rally as inflation cools',
        'Daily Ledger · 3 hours ago',
        P1,
        P2,
        '',
        'Read next',
        'Council approves new bridge',
        'Harbour weather warning extended',
        '',
        'Storm leaves thousands without power',
        'Coastal Herald · 2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => a.title)).toEqual([
      'Markets rally as inflation cools',
      'Storm leaves thousands without power',
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });
});

describe('dumps copied from markdown, tables, feeds and mail (session 11)', () => {
  const P1 =
    'Stocks rose sharply on Friday after figures showed that inflation had slowed for a third month in a row, traders said.';
  const P2 = 'Analysts said the central bank was now likely to hold rates at its next meeting in the autumn.';
  const P3 =
    'A powerful storm swept across the coast overnight, bringing down power lines and leaving thousands of homes in the dark.';
  const P4 =
    'Engineers expect to restore most connections by Sunday evening, the utility said in a statement.';
  const split = (body: string) => {
    const r = extractArticles({ body, receivedAt: RECEIVED, format: 'text' });
    if (!r.ok) throw new Error(r.reason);
    return r.articles.map((a) => ({ title: a.title, source: a.source, body: a.body }));
  };
  const titled = (body: string) => split(body).map((a) => [a.title, a.source]);

  it('drops markdown markup: heading hashes, emphasis around a whole line or meta part, link targets', () => {
    expect(withoutMarkup('### Markets rally as inflation cools')).toBe('Markets rally as inflation cools');
    expect(withoutMarkup('**Markets rally as inflation cools**')).toBe('Markets rally as inflation cools');
    expect(withoutMarkup('_Daily Ledger_ · 3 hours ago')).toBe('Daily Ledger · 3 hours ago');
    expect(withoutMarkup('[Read more →](https://ledger.example/story/1)')).toBe('Read more →');
    // emphasis inside a line may be a page's brackets or part of a title
    expect(withoutMarkup('Markets rally as inflation cools *Daily Ledger*')).toBe(
      'Markets rally as inflation cools *Daily Ledger*',
    );
    expect(withoutMarkup('*A Treatise on Coffee* (1792)')).toBe('*A Treatise on Coffee* (1792)');
    const out = split(
      [
        '### Markets rally as inflation cools',
        '_Daily Ledger_ · 3 hours ago',
        P1,
        P2,
        '',
        '### Storm leaves thousands without power',
        '_Acme Weather Co._ · 2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Acme Weather Co.'],
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it('reads a tab between two cells as a separator and a social handle after a name as no part of it', () => {
    expect(
      titled(
        [
          'Markets rally as inflation cools',
          'Daily Ledger\t3 hours ago',
          P1,
          P2,
          '',
          'Storm leaves thousands without power',
          'Coastal Herald\t2 hours ago',
          P3,
          P4,
        ].join('\n'),
      ),
    ).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(
      titled(
        [
          'Daily Ledger @dailyledger · 3 hours ago',
          'Markets rally as inflation cools',
          P1,
          P2,
          '',
          'Coastal Herald @coastalherald · 2 hours ago',
          'Storm leaves thousands without power',
          P3,
          P4,
        ].join('\n'),
      ),
    ).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
  });

  it('drops a field label every headline of the page starts with, not one headline alone', () => {
    const fields = (a: string, b: string) =>
      titled(
        [
          `${a}Markets rally as inflation cools`,
          'Date: 3 hours ago',
          'Website: Daily Ledger',
          '',
          P1,
          P2,
          '',
          `${b}Storm leaves thousands without power`,
          'Date: 2 hours ago',
          'Website: Coastal Herald',
          '',
          P3,
          P4,
        ].join('\n'),
      );
    expect(fields('Title: ', 'Title: ')).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(fields('Review: ', '').map(([t]) => t)).toEqual([
      'Review: Markets rally as inflation cools',
      'Storm leaves thousands without power',
    ]);
  });

  it('cuts a bracketed outlet that opens the headline', () => {
    expect(titleWithoutOutlet('[Daily Ledger] Markets rally as inflation cools', 'Daily Ledger')).toBe(
      'Markets rally as inflation cools',
    );
    expect(titleWithoutOutlet('Daily Ledger: Markets rally as inflation cools', 'Daily Ledger')).toBe(
      'Markets rally as inflation cools',
    );
    expect(titleWithoutOutlet('Daily Ledger staff win award', 'Daily Ledger')).toBeUndefined();
  });

  it('does not end a body with the short colon-ended credit line of the next article', () => {
    const out = split(
      [
        'Jane Doe / Daily Ledger:',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        'John Roe / Coastal Herald:',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => a.title)).toEqual([
      'Markets rally as inflation cools',
      'Storm leaves thousands without power',
    ]);
    expect(out[0]?.body.endsWith(P2)).toBe(true);
  });

  it("takes a mail header's sender for the outlet of articles that name none", () => {
    expect(
      titled(
        [
          'From: Daily Ledger <newsletter@ledger.example>',
          'Subject: Your Monday briefing',
          '',
          'Markets rally as inflation cools',
          '3 hours ago',
          P1,
          P2,
          '',
          'Storm leaves thousands without power',
          '2 hours ago',
          P3,
          P4,
        ].join('\n'),
      ),
    ).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Daily Ledger'],
    ]);
  });

  it('reads a label between two dashes inside a body as no sign-off', () => {
    const out = split(
      [
        'Markets rally as inflation cools',
        'Daily Ledger · 3 hours ago',
        P1,
        P2,
        '',
        'Storm leaves thousands without power',
        'Coastal Herald · 2 hours ago',
        P3,
        '— Sponsored message —',
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
    expect(out[1]?.body.endsWith(P4)).toBe(true);
  });

  it('reads a short line of items set apart by wide spaces as a navigation bar, and a bracketed masthead without brackets', () => {
    expect(wideGaps('Hot  New  Rising  Top')).toBe('Hot | New | Rising | Top');
    // one wide gap, or wide spaces after a sentence's end, are no bar
    expect(wideGaps('Markets rally  today')).toBe('Markets rally  today');
    expect(wideGaps('Stocks rose.  Bonds fell.  Oil was flat.')).toBe(
      'Stocks rose.  Bonds fell.  Oil was flat.',
    );
    const out = split(
      [
        '{THE DAILY LEDGER}',
        '',
        'Markets rally as inflation cools',
        '3 hours ago',
        P1,
        P2,
        '',
        'Hot  New  Rising  Top',
        '',
        'Storm leaves thousands without power',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'THE DAILY LEDGER'],
      ['Storm leaves thousands without power', 'THE DAILY LEDGER'],
    ]);
  });

  it('takes no outlet from a line listing other outlets under every article ("Also covered by: A, B")', () => {
    const P5 =
      'The city council approved the long-delayed bridge project on Tuesday after a heated debate that lasted six hours.';
    const P6 = 'Construction is expected to start next spring and to take about three years, officials said.';
    const out = split(
      [
        'Markets rally as inflation cools',
        '3 hours ago · Daily Ledger',
        P1,
        P2,
        '',
        'Also covered by: Coastal Herald, Metro Times',
        '',
        'Storm leaves thousands without power',
        '2 hours ago · Coastal Herald',
        P3,
        P4,
        '',
        'Also covered by: Daily Ledger, Metro Times',
        '',
        'Council approves new bridge',
        'an hour ago · Metro Times',
        P5,
        P6,
        '',
        'Also covered by: Daily Ledger, Coastal Herald',
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
      ['Council approves new bridge', 'Metro Times'],
    ]);
  });

  it('takes the headline under the time, not a section label set apart above it, when an outlet line follows it', () => {
    const out = split(
      [
        '10 minutes ago',
        'Markets rally as inflation cools',
        'Daily Ledger',
        '',
        P1,
        P2,
        '',
        "Editor's picks",
        '',
        '12 minutes ago',
        'Storm leaves thousands without power',
        'Coastal Herald',
        '',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source])).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
  });

  it("keeps a teaser's meta line and the next article's meta line apart across a blank line", () => {
    const out = split(
      [
        'Daily Ledger - 10 minutes ago',
        'Markets rally as inflation cools',
        P1,
        P2,
        '',
        'Read next',
        'Council approves new bridge',
        'Metro Times · 17 hours ago',
        'Harbour weather warning extended',
        'Bay Courier · 21 hours ago',
        '',
        'Coastal Herald - an hour ago',
        'Storm leaves thousands without power',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => [a.title, a.source]).filter(([t]) => t !== 'Council approves new bridge')).toEqual([
      ['Markets rally as inflation cools', 'Daily Ledger'],
      ['Storm leaves thousands without power', 'Coastal Herald'],
    ]);
  });

  it('skips a line of names over the headline (a byline without "By", "Outlet · Section")', () => {
    const out = split(
      [
        'Jane Doe',
        'Markets rally as inflation cools across the region',
        '3 hours ago',
        P1,
        P2,
        '',
        'Coastal Herald · World news',
        'Storm leaves thousands without power on the coast',
        '2 hours ago',
        P3,
        P4,
      ].join('\n'),
    );
    expect(out.map((a) => a.title)).toEqual([
      'Markets rally as inflation cools across the region',
      'Storm leaves thousands without power on the coast',
    ]);
  });
});
