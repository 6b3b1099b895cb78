/**
 * Held-out families (session 10): written at the start of session 10, before any change to the segmenter, the outlet
 * model or the tune generator of that session, and committed alone before them; never used for training or tuning,
 * failures never printed; measured once at the end of session 10 (`eval:segment --set dumps --held-out-10`).
 * Check-part stories, furniture from `HELD_OUT_VOCAB_10` (shared with no other group).
 *
 * The one measurement (2026-12-02 12:06-12:08 UTC, commit 69237de against the session-start code cda46d6 with these
 * generator files, same run, `npm run eval:segment -- --set dumps --stories-cache .scratch/dumps/stories.json
 * --held-out-8 --held-out-9 --held-out-10`, seed 11, 40 dumps per family): boundary F1 0.747 -> 0.745, title
 * 0.553 -> 0.635, source 0.338 -> 0.417. Now used up: like the earlier groups these may become training forms; the
 * next measurement needs a new group written first.
 *
 * Each family copies the shape of a kind of real source of text dumps that no earlier group (tune, session-6 check,
 * session-7/8/9 families, the composed tune layouts) has:
 *
 * - `author-slash-outlet-colon`: a tech aggregator's credit over the headline, "Jane Doe / Outlet:".
 * - `rss-field-dump`: an RSS-to-text export: "Title: ...", "Date: ...", "Website: Outlet" fields, then the text.
 * - `forum-bracket-prefix`: a news board thread: "[Outlet] Headline", then "Posted by user_name · time".
 * - `social-handle-meta`: a social feed of outlets: "Outlet @outlet · time" over the post's headline.
 * - `ticker-caps-prefix`: a wire ticker: the time, then "OUTLET — Headline" on one line.
 * - `markdown-digest`: a markdown newsletter: "### Headline", "_Outlet_ · time", a "[Read more →](url)" link after.
 * - `tab-table-meta`: a copy of an HTML table: headline, then "Outlet<TAB>time".
 * - `also-covered-footer`: a story cluster: headline, "time · Outlet", and after the text "Also covered by: A, B"
 *   naming other outlets.
 * - `read-on-arrow-footer`: a newsletter item ending "Read on Outlet ↗".
 * - `prose-reports-lead`: a newsletter that names the outlet in its text: "Outlet reports: <first paragraph>".
 * - `email-from-header`: one outlet's email digest: "From: Outlet <newsletter@outlet.example>", "Subject: ...", then
 *   articles that name no outlet.
 */
import { pick } from '../../support/seeded-random.js';
import type { ArticleForm, Vocab } from './dump-layouts.js';

/** Furniture of the session-10 held-out families: e-mail, feed-reader and board furniture; none shared with others. */
export const HELD_OUT_VOCAB_10: Vocab = {
  sectionLabels: ['In case you missed it', 'Quick hits', 'Elsewhere', 'Worth your time', 'The rundown'],
  navBars: [
    'View in browser | Unsubscribe | Update preferences',
    'Feed ▾  Boards ▾  Search  Log in',
    'All | Unread | Starred | Archive',
    'Hot  New  Rising  Top',
  ],
  separators: ['- - - - -', '▬▬▬▬', '⁂', '*~*~*'],
  mastheads: ['THE 5-MINUTE BRIEFING', 'WEEKLY WRAP'],
  kickers: ['DEVELOPING', 'PHOTOS', 'DEEP DIVE', 'PODCAST'],
  ads: ['This issue is brought to you by our sponsor.', '— Sponsored message —'],
  cities: ['LAGOS', 'KYIV', 'BOGOTA', 'DUBLIN'],
  sections: ['Science & health', 'Careers', 'Transport', 'Faith'],
  teaserMeta: (source, time) => `${source} (${time})`,
};

const handle = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const userName = (author: string | undefined): string =>
  author ? author.toLowerCase().replace(/\s+/g, '_') : 'news_desk';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

export const HELD_OUT_FORMS_10: Record<string, ArticleForm> = {
  'author-slash-outlet-colon': {
    head: (c) => [`${c.story.author ?? 'Staff'} / ${c.story.source}:`, c.story.title, c.time],
  },
  'rss-field-dump': {
    head: (c) => [`Title: ${c.story.title}`, `Date: ${c.time}`, `Website: ${c.story.source}`, ''],
  },
  'forum-bracket-prefix': {
    head: (c) => [
      `[${c.story.source}] ${c.story.title}`,
      `Posted by ${userName(c.story.author)} · ${c.time}`,
    ],
  },
  'social-handle-meta': {
    head: (c) => [`${c.story.source} @${handle(c.story.source)} · ${c.time}`, c.story.title],
  },
  'ticker-caps-prefix': {
    head: (c) => [c.time, `${c.story.source.toUpperCase()} — ${c.story.title}`],
  },
  'markdown-digest': {
    head: (c) => [`### ${c.story.title}`, `_${c.story.source}_ · ${c.time}`],
    foot: (c) => ['', `[Read more →](https://${handle(c.story.source)}.example/story/${c.index + 1})`],
  },
  'tab-table-meta': { head: (c) => [c.story.title, `${c.story.source}\t${c.time}`] },
  'also-covered-footer': {
    head: (c) => [c.story.title, `${c.time} · ${c.story.source}`],
    foot: (c) => {
      const others = [...new Set(c.others.map((o) => o.source))].filter((s) => s !== c.story.source);
      if (others.length < 2) return [];
      const a = pick(others, c.r);
      const b = pick(
        others.filter((s) => s !== a),
        c.r,
      );
      return ['', `Also covered by: ${a}, ${b}`];
    },
  },
  'read-on-arrow-footer': {
    head: (c) => [c.story.title, c.time],
    foot: (c) => ['', `Read on ${c.story.source} ↗`],
  },
  'prose-reports-lead': {
    head: (c) => [c.story.title, c.time],
    firstPrefix: (c) => `${c.story.source} reports: `,
  },
  'email-from-header': {
    head: (c) => [c.story.title, c.time],
    pageOutlet: (r, _v, outlet) => [
      `From: ${outlet} <newsletter@${handle(outlet)}.example>`,
      `Subject: Your ${pick(WEEKDAYS, r)} briefing`,
      '',
    ],
  },
};
