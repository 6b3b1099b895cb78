/**
 * Composed tune layouts (session 9): article heads and feet built per dump from parts, so that the place of the
 * outlet, its wording and the order of the other parts vary from dump to dump and a model trained on them cannot
 * memorise a few fixed positions. One dump keeps one composition (a page has one template); the next dump draws
 * another.
 *
 * Parts: where the outlet is named (a line above the headline, the headline line, the meta line under it, a line after
 * the body, a page masthead only), how it is worded there (bare, in capitals, in brackets, after or before a credit
 * phrase, beside a section or a time), which other parts the meta line holds and in which order (time, author, reading
 * time, section) and with which separator, where a byline stands, whether a kicker, a lead or a blank line is shown.
 *
 * Only tune-part stories and the tune vocabulary are used with these forms (`LAYOUTS.tune`). The wordings below were
 * written for the tune side only: none of the held-out families' wordings, brackets or separators (session 8 and 9)
 * are among them.
 */
import { pick } from '../../support/seeded-random.js';

export interface ComposedContext {
  r: () => number;
  story: { title: string; paragraphs: string[]; source: string; author?: string };
  index: number;
  time: string;
  vocab: { kickers: readonly string[]; sections: readonly string[]; navBars: readonly string[] };
}

export interface ComposedForm {
  head(c: ComposedContext): string[];
  foot?(c: ComposedContext): string[];
  pageOutlet?(r: () => number, vocab: ComposedContext['vocab'], outlet: string): string[];
}

/** Where the outlet is named. */
export type OutletSlot = 'above' | 'title' | 'meta' | 'foot' | 'page';

const SEPARATORS = [' | ', ' · ', ' - ', ' — ', ' • ', ' :: ', ' ~ ', ' ¦ ', ' ∙ ', ' – '];
const BRACKETS: ReadonlyArray<[string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['<', '>'],
  ['‹', '›'],
  ['*', '*'],
];
/** Credit phrases before the outlet ("Source: X"). */
const LEADING = [
  'Source:',
  'From',
  'Via',
  'Courtesy of',
  'Published by',
  'Originally published by',
  'Syndicated from',
  'Credit:',
  'Distributed by',
  'Republished with permission from',
  'As first seen on',
  'Taken from',
  'Originally on',
  'Shared from',
  'First published in',
  'Article by',
  'Copyright',
  'Feed:',
  'Channel:',
  'Publisher:',
];
/** Credit wordings with the outlet first ("X reporting"). */
const TRAILING = [
  'reporting',
  'wire',
  'exclusive',
  'original',
  'syndication',
  '— all rights reserved',
  'coverage',
  'desk',
];
/** A person and the outlet in one credit ("A at X"). */
const PERSON_LINKS = ['at', 'of', 'with', ',', ' |', ' -', ' ·'];
const READ = (r: () => number): string => `${2 + Math.floor(r() * 12)} min read`;

const wrap = (r: () => number, s: string): string => {
  const [o, c] = pick(BRACKETS, r);
  return `${o}${s}${c}`;
};

/** The outlet named on its own line, worded one way for the whole dump. */
function outletLine(r: () => number, withPerson: boolean): (c: ComposedContext) => string {
  const kind = Math.floor(r() * (withPerson ? 9 : 8));
  const lead = pick(LEADING, r);
  const trail = pick(TRAILING, r);
  const sep = pick(SEPARATORS, r);
  const link = pick(PERSON_LINKS, r);
  const stop = r() < 0.3 ? '.' : '';
  const [o, cl] = pick(BRACKETS, r);
  return (c) => {
    const s = c.story.source;
    switch (kind) {
      case 0:
        return s;
      case 1:
        return s.toUpperCase();
      case 2:
        return `${o}${s}${cl}`;
      case 3:
        return `${lead} ${s}${stop}`;
      case 4:
        return `${s} ${trail}${stop}`;
      case 5:
        return `${s}${sep}${pick(c.vocab.sections, c.r)}`;
      case 6:
        return `${pick(c.vocab.sections, c.r)}${sep}${s}`;
      case 7:
        return `${lead.toUpperCase()} ${s.toUpperCase()}`;
      default: {
        const a = c.story.author ?? 'Staff';
        return link.startsWith(' ') || link === ',' ? `${a}${link} ${s}${stop}` : `${a} ${link} ${s}${stop}`;
      }
    }
  };
}

/** A meta line of parts (time, maybe author, reading time, section, maybe the outlet) in one order for the dump. */
function metaLine(r: () => number, withOutlet: boolean): (c: ComposedContext) => string {
  const parts: string[] = ['time'];
  if (withOutlet) parts.push('outlet');
  if (r() < 0.35) parts.push('author');
  if (r() < 0.25) parts.push('read');
  if (r() < 0.2) parts.push('section');
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [parts[i], parts[j]] = [parts[j] ?? '', parts[i] ?? ''];
  }
  const sep = pick(SEPARATORS, r);
  const byWord = r() < 0.5;
  const outletWrap = withOutlet && r() < 0.15;
  const [o, cl] = pick(BRACKETS, r);
  return (c) =>
    parts
      .map((p) => {
        if (p === 'time') return c.time;
        if (p === 'outlet') return outletWrap ? `${o}${c.story.source}${cl}` : c.story.source;
        if (p === 'author') return c.story.author ? `${byWord ? 'By ' : ''}${c.story.author}` : 'Staff';
        if (p === 'read') return READ(c.r);
        return pick(c.vocab.sections, c.r);
      })
      .join(sep);
}

/** The first sentence of the article as a standfirst line (or nothing when it is too short or long). */
function leadLine(c: ComposedContext): string[] {
  const first = c.story.paragraphs[0] ?? '';
  const sentence = first.split(/(?<=[.!?])\s+(?=["“‘(\p{Lu}])/u)[0] ?? '';
  const n = sentence.split(/\s+/).length;
  return n >= 8 && n <= 35 ? [sentence] : [];
}

/** One composition for one dump, with the outlet in `slot`. */
export function composeForm(r: () => number, slot: OutletSlot): ComposedForm {
  const meta = metaLine(r, slot === 'meta');
  const named = outletLine(r, true);
  const kicker = r() < 0.25 ? (r() < 0.5 ? 'kicker' : 'section') : '';
  const showLead = r() < 0.2;
  const leadFirst = r() < 0.5;
  const bylineAt = r() < 0.2 ? (r() < 0.5 ? 'above' : 'below') : '';
  const gapAbove = r() < 0.25;
  const gapFoot = r() < 0.6;
  const metaAbove = r() < 0.15;
  const titleSep = pick(SEPARATORS, r);
  const titleBracket = r() < 0.5;
  const [o, cl] = pick(BRACKETS, r);
  const caps = r() < 0.5;
  const numbered = r() < 0.12;
  const pageTail = Math.floor(r() * 4);
  const byline = (c: ComposedContext): string[] =>
    c.story.author ? [`${r() < 0.7 ? 'By ' : ''}${c.story.author}`] : [];
  return {
    head(c) {
      const out: string[] = [];
      if (kicker === 'kicker') out.push(pick(c.vocab.kickers, c.r));
      if (kicker === 'section') out.push(pick(c.vocab.sections, c.r));
      if (slot === 'above') out.push(named(c), ...(gapAbove ? [''] : []));
      if (bylineAt === 'above') out.push(...byline(c));
      if (metaAbove) out.push(meta(c));
      let title = `${numbered ? `${c.index + 1}. ` : ''}${c.story.title}`;
      if (slot === 'title')
        title += titleBracket ? ` ${o}${c.story.source}${cl}` : `${titleSep}${c.story.source}`;
      out.push(title);
      if (showLead && leadFirst) out.push(...leadLine(c));
      if (!metaAbove) out.push(meta(c));
      if (showLead && !leadFirst) out.push(...leadLine(c));
      if (bylineAt === 'below') out.push(...byline(c));
      return out;
    },
    ...(slot === 'foot' ? { foot: (c: ComposedContext) => [...(gapFoot ? [''] : []), named(c)] } : {}),
    ...(slot === 'page'
      ? {
          pageOutlet: (pr: () => number, v: ComposedContext['vocab'], outlet: string) => {
            const name = caps ? outlet.toUpperCase() : outlet;
            const top =
              pageTail === 0
                ? name
                : pageTail === 1
                  ? `${name}${titleSep}${pick(v.sections, pr)}`
                  : pageTail === 2
                    ? wrap(pr, name)
                    : `${name}${titleSep}${pick(v.navBars, pr)}`;
            return pr() < 0.5 ? [top, ''] : [top, pick(v.navBars, pr), ''];
          },
        }
      : {}),
  };
}
