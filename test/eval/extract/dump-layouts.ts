/**
 * Plain-text aggregator dumps generated from the development articles, for the `dumps` set of eval-extract.
 *
 * Stories: WCXB-dev article pages (gold title, the first prose paragraphs of the gold main text, gold author), with a
 * source name derived generically from the page: its `og:site_name` / `application-name` (the part before a " - "
 * or " | " tagline) when that is a short name, else the first label of the registrable domain, capitalised. A story keeps its page's split part (by registrable
 * domain, split.ts), so tune dumps and check dumps never share a site.
 *
 * Layouts: each dump is one page of one layout: the way each article's head shows title, source, time, author and
 * lead, what stands between articles (separators, section labels with teaser lists, navigation bars, ads), the page
 * top (masthead, navigation bar). **Tune layouts and check layouts are disjoint**: different article heads and a
 * different vocabulary of labels, navigation bars, separators and mastheads (`VOCAB`). The segmenter is tuned on the
 * tune layouts only; the check layouts measure layouts it never saw. Everything is drawn from a seeded generator, so
 * the same seed builds the same dumps.
 *
 * Held-out families (session 7, `HELD_OUT_FORMS`): a third group of article forms, never looked at failure by failure:
 * "Outlet:" over the headline, "Outlet contributed to this report." after the body, "Outlet ›" over the headline,
 * "Posted in Outlet · time", "1. Headline (Outlet)". They use check-part sites and their own furniture vocabulary
 * (`HELD_OUT_VOCAB`). Three earlier versions of this group were each measured once and then moved to the tune layouts
 * (first: dated wire datelines, image credits, "© X 2026", per-article masthead + nav bar, "Read more at X",
 * section + "Author, Outlet", an outlet-name page; second: "Headline - Outlet", masthead over a separator,
 * "Outlet · time · N min read", "From Outlet" a blank line above the headline, "source: outlet" under the time,
 * section over headline over outlet line, "(Outlet)" after the body; third: "Headline [Outlet]", "SOURCE: OUTLET"
 * after the body, "Outlet - time" above the headline, the outlet in capitals after the body, "Reported by A for
 * Outlet", time / headline / outlet line). `generateDumps` (eval-extract --set dumps) builds the tune and check
 * layouts; `generateHeldOutDumps` (eval-segment --set dumps) builds the held-out families.
 */
import type { EvalPage } from './datasets.js';
import { MONTHS, timeLabel } from './dump-times.js';
import type { Part } from './split.js';
import { pick } from '../../support/seeded-random.js';
import { composeForm, type OutletSlot } from './dump-composed.js';
import { HELD_OUT_FORMS_10, HELD_OUT_VOCAB_10 } from './dump-held-out-10.js';
import { HELD_OUT_FORMS_11, HELD_OUT_VOCAB_11 } from './dump-held-out-11.js';

export interface DumpStory {
  title: string;
  paragraphs: string[];
  source: string;
  author?: string;
  part: Part;
}

/** What a dump holds: one entry per full article (teasers are not articles). */
export interface DumpGold {
  title: string;
  source: string;
  publishedAt?: string;
  /** First and last gold paragraph of the article as placed in the dump. */
  first: string;
  last: string;
}

export interface GeneratedDump {
  layout: string;
  part: Part;
  text: string;
  gold: DumpGold[];
}

const PROSE_END = /[.!?]["'”’)\]]*$/;
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const isProse = (p: string): boolean => words(p) >= 12 && PROSE_END.test(p);
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function metaContent(html: string, name: string): string | undefined {
  const head = html.slice(0, 300_000);
  const n = name.replace(/[.:]/g, '\\$&');
  const m =
    new RegExp(`<meta[^>]+(?:property|name)=["']${n}["'][^>]*content=["']([^"']+)["']`, 'i').exec(head) ??
    new RegExp(`<meta[^>]+content=["']([^"']+)["'][^>]*(?:property|name)=["']${n}["']`, 'i').exec(head);
  return m?.[1];
}

const decodeBasic = (s: string): string =>
  s
    .replace(/&#(\d{1,6});/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"');

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The name an aggregator would show for a page's outlet: a short site name from the page, else its domain label. */
export function sourceName(html: string, domain: string): string {
  for (const key of ['og:site_name', 'application-name']) {
    const raw = metaContent(html, key);
    // an aggregator shows the short name: "Utne – Cure Ignorance" is shown as "Utne"
    const full = raw ? collapse(decodeBasic(raw)) : '';
    const name = (full.split(/\s+[-–—|:]\s+|\s*[|]\s*/)[0] ?? '').replace(/\s*[-–—:]$/, '');
    if (name && words(name) <= 5 && name.length <= 40 && /\p{L}/u.test(name) && !/[|<>]/.test(name))
      return capitalise(name);
  }
  return capitalise(domain.split('.')[0] ?? domain);
}

/** First author of a gold author field ("A, B" / "A and B"), when it is a short personal name. */
function firstAuthor(author: string | undefined): string | undefined {
  const a = collapse(author ?? '').split(/\s*(?:,|;|\band\b|&)\s*/)[0] ?? '';
  return a && words(a) >= 2 && words(a) <= 4 && !/\d|@/.test(a) ? a : undefined;
}

/** Stories from WCXB article pages: gold title, the leading prose of the main text, derived source name. */
export function storiesFromPages(pages: readonly EvalPage[]): DumpStory[] {
  const out: DumpStory[] = [];
  for (const p of pages) {
    if (p.group !== 'article' || !p.gold.title) continue;
    const title = collapse(p.gold.title);
    if (words(title) < 2 || words(title) > 30) continue;
    const paragraphs = p.gold.text
      .split(/\n\s*\n/)
      .map(collapse)
      .filter(Boolean)
      .slice(0, 8);
    // a dump shows the article from its first sentence; it may stop anywhere after a full paragraph
    if (!paragraphs[0] || !isProse(paragraphs[0])) continue;
    while (paragraphs.length > 1 && !isProse(paragraphs[paragraphs.length - 1] ?? '')) paragraphs.pop();
    if (paragraphs.length < 2) continue;
    const author = firstAuthor(p.gold.author);
    out.push({
      title,
      paragraphs,
      source: sourceName(p.html, p.domain),
      part: p.part,
      ...(author ? { author } : {}),
    });
  }
  return out;
}

/** Page furniture of one part: never shared between tune and check layouts. */
export interface Vocab {
  sectionLabels: readonly string[];
  navBars: readonly string[];
  separators: readonly string[];
  mastheads: readonly string[];
  kickers: readonly string[];
  ads: readonly string[];
  /** Cities of wire datelines, in capitals. */
  cities: readonly string[];
  /** Section names in mixed case ("Politics"), shown above a headline. */
  sections: readonly string[];
  /** The outlet-and-time line under a teaser headline (default "Outlet · time"). */
  teaserMeta?: (source: string, time: string) => string;
}

export const VOCAB: Record<Part, Vocab> = {
  tune: {
    sectionLabels: ['Read next', 'Most read', 'Related stories', "Editor's picks", 'Trending now'],
    navBars: [
      'Home | World | Business | Tech | Sport',
      'News · Politics · Science · Culture',
      'Home / Markets / Economy / Opinion',
    ],
    separators: ['* * *', '----------', '———', '***'],
    mastheads: ['THE MORNING BRIEF', 'DAILY DIGEST'],
    kickers: ['WORLD', 'BUSINESS', 'SCIENCE', 'POLITICS'],
    ads: ['Advertisement', 'STORY CONTINUES BELOW THIS AD'],
    cities: ['LONDON', 'NEW YORK', 'PARIS', 'TOKYO', 'SYDNEY'],
    sections: ['World news', 'Business', 'Science', 'Opinion'],
  },
  check: {
    sectionLabels: ['More stories', 'Top stories', 'Recommended for you', 'Also in the news', "Don't miss"],
    navBars: [
      'Latest | UK | US | Asia | Climate',
      'Front page » Europe » Economy',
      'NEWS  SPORT  WEATHER  TRAVEL',
      'Home • Local • Nation • Entertainment',
    ],
    separators: ['=====', '• • •', '~~~', '__________', '◆ ◆ ◆'],
    mastheads: ['WORLD WIRE', 'NEWSROOM TODAY'],
    kickers: ['HEALTH', 'TECHNOLOGY', 'CLIMATE', 'MARKETS'],
    ads: ['Sponsored', 'ADVERTISEMENT'],
    cities: ['BERLIN', 'NAIROBI', 'MUMBAI', 'TORONTO'],
    sections: ['Health', 'Technology', 'Climate', 'Markets'],
  },
};

/** Furniture of the held-out families: shared with neither the tune nor the check layouts. */
export const HELD_OUT_VOCAB: Vocab = {
  sectionLabels: [
    'Continue exploring',
    'Trending stories',
    'Readers also liked',
    'More like this',
    'Next up',
  ],
  navBars: [
    'Front | Metro | Nation | World | Money',
    'Home · Sport · Life · Travel · Money',
    'NEWS > WORLD > AFRICA',
    'Index / Latest / Features / Letters',
  ],
  separators: ['■ ■ ■', '-*-', '~~~~~', '|||'],
  mastheads: ['THE NOON REPORT', 'SUNDAY EDITION'],
  kickers: ['WATCH', 'LIVE', 'UPDATE', 'FACT CHECK'],
  ads: ['Sponsored content', 'Advertisement · Scroll to continue'],
  cities: ['ATHENS', 'LIMA', 'HANOI', 'VIENNA'],
  sections: ['Food & drink', 'Gardening', 'Parenting', 'Weather'],
};

/**
 * Furniture of the session-8 held-out families: shared with no other group (tune, check, session-7 families), written
 * before the learned outlet model was trained; teaser lists name their outlet after the time.
 */
export const HELD_OUT_VOCAB_8: Vocab = {
  sectionLabels: [
    'You might have missed',
    'Around the web',
    'Popular now',
    'Staff selections',
    'Keep reading',
  ],
  navBars: [
    'Top stories » Politics » Tech » Culture',
    'HOME   REGION   SCIENCE   ARTS',
    'Latest • Opinion • Video • Podcasts',
    'Menu | Search | Sign in | Subscribe',
  ],
  separators: ['+ + +', '#####', '◇ ◇ ◇', '. . .'],
  mastheads: ['MORNING DISPATCH', 'THE WEEKEND LEDGER'],
  kickers: ['EXCLUSIVE', 'ANALYSIS', 'BREAKING', 'EXPLAINER'],
  ads: ['Promoted', 'Advertisement — story continues below'],
  cities: ['OSLO', 'QUITO', 'DAKAR', 'PERTH'],
  sections: ['Local news', 'Arts & culture', 'Travel', 'Education'],
  teaserMeta: (source, time) => `${time} – ${source}`,
};

interface HeadContext {
  r: () => number;
  story: DumpStory;
  index: number;
  time: string;
  vocab: Vocab;
  /** The stories the dump draws from (a form may name other outlets, e.g. "Also covered by A, B"). */
  others: readonly DumpStory[];
}

/** How one article starts and ends: the lines before its body and after it. */
export interface ArticleForm {
  head(c: HeadContext): string[];
  foot?(c: HeadContext): string[];
  /** Text in front of the first paragraph (a wire dateline, an agency credit): part of the gold first paragraph. */
  firstPrefix?(c: HeadContext): string;
  /** One outlet for the whole page (a masthead at the top names it; the articles name none). */
  pageOutlet?(r: () => number, vocab: Vocab, outlet: string): string[];
  /** A form drawn anew for each dump (composed layouts, dump-composed.ts); `head` is then unused. */
  perDump?(r: () => number): ArticleForm;
}

/** A tune layout whose form is composed from parts for each dump, with the outlet named in `slot`. */
const composed = (slot: OutletSlot): ArticleForm => ({
  head: () => [],
  perDump: (r) => composeForm(r, slot),
});

const YEARS = ['2025', '2026'];
/** A person's name for a photo credit: another story's author, else a generic credit holder. */
const photographer = (c: HeadContext): string => c.story.author ?? 'Staff';

/** A lead (standfirst) line: the first sentence of the article, with or without its full stop. */
function lead(c: HeadContext): string[] {
  const first = c.story.paragraphs[0] ?? '';
  const sentence = first.split(/(?<=[.!?])\s+(?=["“‘(\p{Lu}])/u)[0] ?? '';
  if (words(sentence) < 8 || words(sentence) > 35) return [];
  return [c.r() < 0.4 ? sentence.replace(/\.$/, '') : sentence];
}

const byline = (c: HeadContext): string =>
  c.story.author ? `By ${c.story.author}, ${c.story.source}` : `By ${c.story.source}`;

/** Article forms of the tune layouts. */
const TUNE_FORMS: Record<string, ArticleForm> = {
  'masthead-caps': { head: (c) => [c.story.source.toUpperCase(), '', c.story.title, c.time] },
  'byline-credit': { head: (c) => [c.story.title, byline(c), c.time] },
  'source-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Source: ${c.story.source}`],
  },
  'lead-then-meta': { head: (c) => [c.story.title, ...lead(c), `${c.story.source} | ${c.time}`] },
  'numbered-dash': { head: (c) => [`${c.index + 1}. ${c.story.title}`, `${c.story.source} — ${c.time}`] },
  'kicker-time-source': {
    head: (c) => [pick(c.vocab.kickers, c.r), c.story.title, `${c.time} · ${c.story.source}`],
  },
  // session 7: outlet only in a dateline, a photo credit, a copyright line, an agency credit or an outlet line
  'dateline-wire': {
    head: (c) => [c.story.title, c.time],
    firstPrefix: (c) => `${pick(c.vocab.cities, c.r)} (${c.story.source}) - `,
  },
  'photo-credit': {
    head: (c) => [c.story.title, c.time, `Photo: ${photographer(c)}/${c.story.source}`],
  },
  'copyright-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Copyright ${pick(YEARS, c.r)} ${c.story.source}. All rights reserved.`],
  },
  'agency-dash': {
    head: (c) => [c.story.title, c.time],
    firstPrefix: (c) => `(${c.story.source}) — `,
  },
  'outlet-line-above': { head: (c) => [c.story.source, c.story.title, c.time] },
  'section-above-title': {
    head: (c) => [pick(c.vocab.sections, c.r), c.story.title, `${c.story.source} | ${c.time}`],
  },
  'credit-above-title': { head: (c) => [`Source: ${c.story.source}`, c.story.title, c.time] },
  'byline-below-time': { head: (c) => [c.story.title, c.time, byline(c)] },
  'via-footer': {
    head: (c) => [pick(c.vocab.kickers, c.r), c.story.title, c.time],
    foot: (c) => ['', `via ${c.story.source}`],
  },
  'dash-source-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => [`— ${c.story.source}`],
  },
  // held-out families of session 7 (third version), moved to tuning after their one measurement
  'title-bracket-outlet': { head: (c) => [`${c.story.title} [${c.story.source}]`, c.time] },
  'caps-credit-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `SOURCE: ${c.story.source.toUpperCase()}`],
  },
  'meta-before-title': { head: (c) => [`${c.story.source} - ${c.time}`, c.story.title] },
  'outlet-caps-after-body': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', c.story.source.toUpperCase()],
  },
  'reported-for-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Reported by ${c.story.author ?? 'staff'} for ${c.story.source}`],
  },
  'time-title-outlet': { head: (c) => [c.time, c.story.title, c.story.source, ''] },
  // held-out families of session 7 (second version), moved to tuning after their one measurement
  'title-dash-outlet': { head: (c) => [`${c.story.title} - ${c.story.source}`, c.time] },
  'masthead-separator-head': {
    head: (c) => [c.story.source.toUpperCase(), pick(c.vocab.separators, c.r), c.story.title, c.time],
  },
  'meta-three-parts': {
    head: (c) => [c.story.title, `${c.story.source} · ${c.time} · ${3 + Math.floor(c.r() * 9)} min read`],
  },
  'from-outlet-blank': { head: (c) => [`From ${c.story.source}`, '', c.story.title, c.time] },
  'lowercase-source-after-time': { head: (c) => [c.story.title, c.time, `source: ${c.story.source}`] },
  'section-title-outlet-line': {
    head: (c) => [pick(c.vocab.sections, c.r), c.story.title, c.story.source, c.time],
  },
  'paren-credit-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `(${c.story.source})`],
  },
  // held-out families of session 7 (first version), moved to tuning after their one measurement
  'dateline-date-wire': {
    head: (c) => [c.story.title, c.time],
    firstPrefix: (c) =>
      `${pick(c.vocab.cities, c.r)}, ${MONTHS[Math.floor(c.r() * 12)] ?? 'May'} ${1 + Math.floor(c.r() * 28)} (${c.story.source}) — `,
  },
  'image-credit': {
    head: (c) => [c.story.title, `Updated ${c.time}`, `Image: ${c.story.source}`],
  },
  'copyright-symbol': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `© ${c.story.source} ${pick(YEARS, c.r)}`],
  },
  'masthead-nav-head': {
    head: (c) => [c.story.source.toUpperCase(), pick(c.vocab.navBars, c.r), '', c.story.title, c.time],
  },
  'read-more-at': {
    head: (c) => [c.story.title, ...lead(c), c.time],
    foot: (c) => ['', `Read more at ${c.story.source}`],
  },
  'section-byline-outlet': {
    head: (c) => [
      pick(c.vocab.sections, c.r),
      c.story.title,
      c.story.author ? `${c.story.author}, ${c.story.source}` : c.story.source,
      c.time,
    ],
  },
  'outlet-name-page': {
    head: (c) => [c.story.title, `Posted ${c.time}`],
    pageOutlet: (r, v, outlet) => [outlet, pick(v.navBars, r), ''],
  },
  'outlet-masthead-page': {
    head: (c) => [c.story.title, c.time],
    pageOutlet: (_r, _v, outlet) => [outlet.toUpperCase(), ''],
  },
  // session 9: layouts composed from parts for each dump (dump-composed.ts), one per place of the outlet
  'composed-above': composed('above'),
  'composed-title': composed('title'),
  'composed-meta': composed('meta'),
  'composed-foot': composed('foot'),
  'composed-page': composed('page'),
};

/** Article forms of the check layouts: other orders, other credit wordings. */
const CHECK_FORMS: Record<string, ArticleForm> = {
  'masthead-lead': { head: (c) => [c.story.source.toUpperCase(), c.story.title, ...lead(c), c.time] },
  'via-credit': { head: (c) => [`Via ${c.story.source}`, c.story.title, c.time] },
  'time-paren-source': { head: (c) => [c.story.title, `${c.time} (${c.story.source})`] },
  'appeared-footer': {
    head: (c) => [c.story.title, `Published ${c.time}`],
    foot: (c) => ['', `This article originally appeared on ${c.story.source}.`],
  },
  'kicker-byline-pipe': {
    head: (c) => [
      pick(c.vocab.kickers, c.r),
      c.story.title,
      c.story.author ? `By ${c.story.author} | ${c.story.source}` : c.story.source,
      c.time,
    ],
  },
  'source-title-lead': { head: (c) => [c.story.source, '', c.story.title, ...lead(c), c.time] },
};

export const LAYOUTS: Record<Part, Record<string, ArticleForm>> = { tune: TUNE_FORMS, check: CHECK_FORMS };

/**
 * Held-out families (session 7, fourth version): other shapes of the same kinds of credit, never used for tuning.
 * Written after the third version was measured once and moved to the tune layouts, before the rules for it were
 * written; their failures are not printed.
 */
export const HELD_OUT_FORMS: Record<string, ArticleForm> = {
  'outlet-colon-line': { head: (c) => [`${c.story.source}:`, c.story.title, c.time] },
  'contributed-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `${c.story.source} contributed to this report.`],
  },
  'outlet-arrow-line': { head: (c) => [`${c.story.source} ›`, c.story.title, c.time] },
  'posted-in-meta': { head: (c) => [c.story.title, `Posted in ${c.story.source} · ${c.time}`] },
  'numbered-paren-outlet': { head: (c) => [`${c.index + 1}. ${c.story.title} (${c.story.source})`, c.time] },
};

/**
 * Held-out families (session 8): credit wordings and orders in no other group, written before the learned outlet
 * model of session 8 was trained and before any change for them; measured once at the end of the session, failures
 * never printed. Check-part stories, furniture from `HELD_OUT_VOCAB_8`. The one measurement (2026-12-02 00:13-00:19
 * UTC, commit 4c4e845, `eval:segment --set dumps --held-out-8`): boundary F1 0.867, title 0.642, source 0.205 (the
 * rules alone, `DUMP_OUTLET_MODEL=off`: 0.749 / 0.610 / 0.029). Like the earlier groups they may now become training
 * forms; the next measurement needs a new group written first.
 */
export const HELD_OUT_FORMS_8: Record<string, ArticleForm> = {
  'story-from-line': { head: (c) => [`Story from ${c.story.source}`, c.story.title, c.time] },
  'provided-by-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Content provided by ${c.story.source}.`],
  },
  'time-outlet-reports': { head: (c) => [c.story.title, `${c.time} — ${c.story.source} reports`] },
  'title-via-paren': { head: (c) => [`${c.story.title} (via ${c.story.source})`, c.time] },
  'outlet-slash-time-above': { head: (c) => [`${c.story.source} / ${c.time}`, c.story.title] },
  'author-for-outlet': {
    head: (c) => [
      c.story.title,
      c.story.author ? `${c.story.author} for ${c.story.source}` : `${c.story.source} staff`,
      c.time,
    ],
  },
  'section-pipe-outlet-above': {
    head: (c) => [`${pick(c.vocab.sections, c.r)} | ${c.story.source}`, c.story.title, c.time],
  },
};

/**
 * Furniture of the session-9 held-out families: shared with no other group; non-English-style separators and labels,
 * teaser lists name their outlet before the time with a comma.
 */
export const HELD_OUT_VOCAB_9: Vocab = {
  sectionLabels: ['Up next', 'In other news', 'Most shared', 'Further reading', 'What to read next'],
  navBars: [
    'Start ⋅ Inland ⋅ Ausland ⋅ Wirtschaft',
    'Accueil › Monde › Économie',
    'Home ‖ Regions ‖ Money ‖ Life',
    'SECTIONS: Politics, Business, Sport',
  ],
  separators: ['〜〜〜', '・・・', '═══════', '§'],
  mastheads: ['LATE EDITION', 'MIDWEEK ROUNDUP'],
  kickers: ['REVIEW', 'INTERVIEW', 'FEATURE', 'OBITUARY'],
  ads: ['Anzeige', 'Publicité — la suite après cette annonce'],
  cities: ['SEOUL', 'CAIRO', 'WARSAW', 'MANILA'],
  sections: ['Property', 'Motoring', 'Books', 'Energy'],
  teaserMeta: (source, time) => `${source}, ${time}`,
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Held-out families (session 9): written at the start of session 9, before any change to the segmenter, the outlet
 * model or the tune generator of that session, and committed before them; never used for training or tuning, failures
 * never printed; measured once at the end of session 9 (`eval:segment --set dumps --held-out-9`). Check-part stories,
 * furniture from `HELD_OUT_VOCAB_9`. Sources only in credit lines built from parts, in bracketed or spaced mastheads,
 * in a page masthead with an edition label; bylines above the headline or inside a meta line of parts; full-width and
 * CJK-style separators. The one measurement (2026-12-02 04:01-04:05 UTC, commit c64cc55, `eval:segment --set dumps
 * --stories-cache .scratch/dumps/stories.json --held-out-8 --held-out-9`, seed 11): boundary F1 0.787, title 0.848,
 * source 0.383; the session-start code (76c8ab2 with these generator files, same command, same time): 0.605 / 0.655 /
 * 0.243. Note: the session's shape-based separator rule (bba6241) was written after these forms, by someone who had
 * read them; it names no mark of theirs, but they are not blind to it. The next measurement needs a new group.
 */
export const HELD_OUT_FORMS_9: Record<string, ArticleForm> = {
  'fullwidth-bar-meta': { head: (c) => [c.story.title, `${c.time} ｜ ${c.story.source}`] },
  'guillemet-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `« ${c.story.source} »`],
  },
  'corner-bracket-above': { head: (c) => [`【${c.story.source}】`, c.story.title, c.time] },
  'reporting-newsroom-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Reporting by ${c.story.author ?? 'a correspondent'}; ${c.story.source} newsroom.`],
  },
  'byline-above-title-comma-meta': {
    head: (c) => [
      c.story.author ? `By ${c.story.author}` : 'By a staff writer',
      c.story.title,
      `${c.story.source}, ${c.time}`,
    ],
  },
  'outlet-triangle-section-above': {
    head: (c) => [`${c.story.source} ▸ ${pick(c.vocab.sections, c.r)}`, c.story.title, ...lead(c), c.time],
  },
  'meta-parts-katakana-dot': {
    head: (c) => [c.story.title, `${c.time} ・ ${c.story.author ?? 'Staff'} ・ ${c.story.source}`],
  },
  'masthead-edition-page': {
    head: (c) => [c.story.title, c.time],
    pageOutlet: (r, _v, outlet) => [`${outlet.toUpperCase()} · ${pick(WEEKDAYS, r)} edition`, ''],
  },
};

/** Body text: blank-line paragraphs or one paragraph per line, now and then an ad line inside. */
function bodyLines(r: () => number, s: DumpStory, vocab: Vocab): string[] {
  const paras = [...s.paragraphs];
  if (paras.length > 2 && r() < 0.3)
    paras.splice(1 + Math.floor(r() * (paras.length - 2)), 0, pick(vocab.ads, r));
  return r() < 0.5 ? paras.flatMap((p, i) => (i === 0 ? [p] : ['', p])) : paras;
}

/**
 * What stands between two articles: nothing, a separator, a navigation bar or a labelled teaser list; or a section
 * label or navigation bar directly above the next article's first line (no blank line between).
 */
function between(r: () => number, vocab: Vocab, others: readonly DumpStory[]): string[] {
  const kind = Math.floor(r() * 6);
  if (kind === 0) return [''];
  if (kind === 1) return ['', pick(vocab.separators, r), ''];
  if (kind === 2) return ['', pick(vocab.navBars, r), ''];
  if (kind === 4) return ['', pick(vocab.sectionLabels, r)];
  if (kind === 5) return ['', pick(vocab.navBars, r)];
  const teasers: string[] = [];
  const n = 2 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const o = pick(others, r);
    teasers.push(o.title);
    if (r() < 0.5) {
      const t = timeLabel(r).label;
      teasers.push(vocab.teaserMeta ? vocab.teaserMeta(o.source, t) : `${o.source} · ${t}`);
    }
  }
  return ['', pick(vocab.sectionLabels, r), ...teasers, ''];
}

/** One dump of `layout` (a form name of `part`, or of the held-out families) from stories of that part. */
export function buildDump(
  r: () => number,
  stories: readonly DumpStory[],
  part: Part,
  layout: string,
  heldOut: false | 'session-7' | 'session-8' | 'session-9' | 'session-10' | 'session-11' | true = false,
): GeneratedDump {
  const held8 = heldOut === 'session-8';
  const held9 = heldOut === 'session-9';
  const held10 = heldOut === 'session-10';
  const held11 = heldOut === 'session-11';
  const vocab = held11
    ? HELD_OUT_VOCAB_11
    : held10
      ? HELD_OUT_VOCAB_10
      : held9
        ? HELD_OUT_VOCAB_9
        : held8
          ? HELD_OUT_VOCAB_8
          : heldOut
            ? HELD_OUT_VOCAB
            : VOCAB[part];
  const chosen = held11
    ? HELD_OUT_FORMS_11[layout]
    : held10
      ? HELD_OUT_FORMS_10[layout]
      : held9
        ? HELD_OUT_FORMS_9[layout]
        : held8
          ? HELD_OUT_FORMS_8[layout]
          : heldOut
            ? HELD_OUT_FORMS[layout]
            : LAYOUTS[part][layout];
  const form = chosen?.perDump ? chosen.perDump(r) : chosen;
  if (!form) throw new Error(`no ${heldOut ? 'held-out' : part} layout ${layout}`);
  const lines: string[] = [];
  const outlet = form.pageOutlet ? pick(stories, r).source : undefined;
  if (form.pageOutlet && outlet) lines.push(...form.pageOutlet(r, vocab, outlet));
  else {
    const top = r();
    if (top < 0.3) lines.push(pick(vocab.mastheads, r), '');
    else if (top < 0.6) lines.push(pick(vocab.navBars, r), '');
  }
  const gold: DumpGold[] = [];
  const k = 2 + Math.floor(r() * 4);
  for (let i = 0; i < k; i++) {
    const picked = pick(stories, r);
    const story = outlet ? { ...picked, source: outlet } : picked;
    const t = timeLabel(r);
    const c: HeadContext = { r, story, index: i, time: t.label, vocab, others: stories };
    const prefix = form.firstPrefix?.(c) ?? '';
    const placed = prefix
      ? { ...story, paragraphs: story.paragraphs.map((p, j) => (j === 0 ? prefix + p : p)) }
      : story;
    lines.push(...form.head(c), ...bodyLines(r, placed, vocab), ...(form.foot?.(c) ?? []));
    gold.push({
      title: story.title,
      source: story.source,
      publishedAt: t.iso,
      first: placed.paragraphs[0] ?? '',
      last: placed.paragraphs[placed.paragraphs.length - 1] ?? '',
    });
    lines.push(...between(r, vocab, stories), '');
  }
  return { layout, part, text: lines.join('\n'), gold };
}

/** `perLayout` dumps of every layout of each part, from the stories of the same part. */
export function generateDumps(
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] {
  const out: GeneratedDump[] = [];
  // the composed layouts (session 9) come last, so the other layouts' dumps stay those of earlier sessions
  const composedLast = (part: Part, last: boolean): string[] =>
    Object.entries(LAYOUTS[part])
      .filter(([, f]) => Boolean(f.perDump) === last)
      .map(([name]) => name);
  for (const [part, last] of [
    ['tune', false],
    ['check', false],
    ['tune', true],
    ['check', true],
  ] as const) {
    const own = stories.filter((s) => s.part === part);
    if (own.length < 2) continue;
    for (const layout of composedLast(part, last))
      for (let d = 0; d < perLayout; d++) out.push(buildDump(seed, own, part, layout));
  }
  return out;
}

/** `perLayout` dumps of every held-out family, from check-part stories. */
export function generateHeldOutDumps(
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] {
  const own = stories.filter((s) => s.part === 'check');
  const out: GeneratedDump[] = [];
  if (own.length < 2) return out;
  for (const layout of Object.keys(HELD_OUT_FORMS))
    for (let d = 0; d < perLayout; d++) out.push(buildDump(seed, own, 'check', layout, true));
  return out;
}

const HELD_OUT_GROUPS = {
  'session-8': HELD_OUT_FORMS_8,
  'session-9': HELD_OUT_FORMS_9,
  'session-10': HELD_OUT_FORMS_10,
  'session-11': HELD_OUT_FORMS_11,
} as const;

/** `perLayout` dumps of every family of one held-out group, from check-part stories. */
function generateHeldOutGroup(
  group: keyof typeof HELD_OUT_GROUPS,
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] {
  const own = stories.filter((s) => s.part === 'check');
  const out: GeneratedDump[] = [];
  if (own.length < 2) return out;
  for (const layout of Object.keys(HELD_OUT_GROUPS[group]))
    for (let d = 0; d < perLayout; d++) out.push(buildDump(seed, own, 'check', layout, group));
  return out;
}

/** `perLayout` dumps of every session-8 held-out family, from check-part stories (measured once, never tuned on). */
export const generateHeldOut8Dumps = (
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] => generateHeldOutGroup('session-8', stories, seed, perLayout);

/** `perLayout` dumps of every session-9 held-out family, from check-part stories (measured once, never tuned on). */
export const generateHeldOut9Dumps = (
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] => generateHeldOutGroup('session-9', stories, seed, perLayout);

/**
 * `perLayout` dumps of every session-10 held-out family (dump-held-out-10.ts), from check-part stories: written before
 * any change of session 10, never tuned on, to be measured once at its end.
 */
export const generateHeldOut10Dumps = (
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] => generateHeldOutGroup('session-10', stories, seed, perLayout);

/**
 * `perLayout` dumps of every session-11 held-out family (dump-held-out-11.ts), from check-part stories: written before
 * any change of session 11, never tuned on, to be measured once at its end.
 */
export const generateHeldOut11Dumps = (
  stories: readonly DumpStory[],
  seed: () => number,
  perLayout: number,
): GeneratedDump[] => generateHeldOutGroup('session-11', stories, seed, perLayout);
