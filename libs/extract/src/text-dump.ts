import { applyInlineRules, matchLineRule, matchSectionEnd, type RuleSet } from './boilerplate-rules.js';
import { parseTimeExpression, type ParsedTime } from './dates.js';
import {
  captionCreditOutlet,
  copyrightOutlet,
  datelineOutlet,
  isLabel,
  isMasthead,
  isNavBar,
  isPersonName,
  parseCredit,
} from './dump-lines.js';
import {
  outletCandidates,
  outletModel,
  pickOutlet,
  pickSlot,
  score,
  slotModel,
  type ArticleZone,
  type OutletCandidate,
  type OutletModel,
  type ZoneLine,
} from './dump/outlet-model.js';
import type { RemovedSpan } from './extract.types.js';
import { normaliseInline, normaliseText, wordTokens } from './normalise.js';

/** One article found in a plain-text dump, before fingerprints and language are added. */
export interface DumpArticle {
  title: string;
  paragraphs: string[];
  source?: string;
  author?: string;
  publishedAt?: string;
  removed: RemovedSpan[];
}

type LineKind =
  | 'blank'
  | 'furniture'
  | 'section-end'
  | 'time'
  | 'source'
  | 'meta'
  | 'byline'
  | 'credit'
  | 'masthead'
  | 'text';

interface Line {
  text: string;
  kind: LineKind;
  ruleId?: string;
  time?: ParsedTime;
  source?: string;
  author?: string;
  /** A furniture line that names an outlet in passing: a copyright footer or a photo credit. */
  passing?: 'copyright' | 'caption';
}

/**
 * Between the parts of a meta line ("Outlet · time"): a bar or dot, or any spaced run of 1-3 marks that are no letters,
 * digits, quotes, commas, full stops or ampersands ("Outlet :: time", "time ¦ Outlet"): the shape, not a list of marks.
 */
const SEPARATORS = /\s+[^\p{L}\p{N}\s&'"“”‘’,.]{1,3}\s+|\s*[·•|]\s*/u;
const DASH_SOURCE = /^[-–—•]\s*(\S.{0,48})$/;
const BYLINE =
  /^(?:by|written by|words by)\s+([\p{Lu}][\p{L}.'’-]+(?:(?:\s+|\s*,\s*|\s+and\s+|\s*&\s*)[\p{Lu}][\p{L}.'’-]+){0,6})$/iu;
const NUMBERED = /^(?:\d{1,3}[.)]|#\d{1,3}[.:]?)\s+/;

// markdown a copied newsletter keeps: a heading's hashes, emphasis around a line or a part of it, a link's target
const MD_HEADING = /^#{1,6}\s+(?=\S)/;
const MD_LINK = /\[([^[\]]+)\]\((?:https?:\/\/|\/)[^()\s]*\)/g;
const MD_EMPHASIS = /^(\*\*|__|\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1$/u;
// the parts of a meta line: a spaced run of 1-3 marks, or a bar or dot (kept, so the line can be put back together)
const PARTS = /(\s+[^\p{L}\p{N}\s&'"“”‘’,.*_]{1,3}\s+|\s*[·•|]\s*)/u;
const HANDLE = /\s*@[\p{L}\p{N}_.]+$/u;
const BRACKETED_NAME = /^[\p{Ps}<‹*]\s*(.+?)\s*[\p{Pe}>›*]$/u;
// a column break of a copied table (a tab between two cells): a bar, so that "Outlet<TAB>time" reads as a meta line
const CELL_BREAK = /(\S)[ ]*\t[\t ]*(?=\S)/g;
// a short line of items set apart by wide spaces ("Hot  New  Rising  Top"): a bar between them, before normalising
// the spaces away, so that it reads as a navigation bar
const WIDE_GAP = /(?<=\S) {2,}(?=\S)/g;
export function wideGaps(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      const t = l.trim();
      if (t.length > 120 || /[.!?,;:]["'”’)]* {2,}/.test(t)) return l;
      return (t.match(WIDE_GAP)?.length ?? 0) >= 2 ? t.replace(WIDE_GAP, ' | ') : l;
    })
    .join('\n');
}

/**
 * A line without the markup of a copied markdown text: heading hashes, emphasis marks around a whole short line or a
 * whole part of a meta line ("_Outlet_ · time"), link targets ("[Read more](https://…)" is "Read more"). Emphasis on
 * words inside a line ("*Title* (1792)", "Headline *Outlet*") stays: there the marks may be a page's brackets.
 */
export function withoutMarkup(line: string): string {
  let t = line.replace(MD_LINK, '$1');
  if (t.length > 200) return t;
  t = t.replace(MD_HEADING, '');
  return t
    .split(PARTS)
    .map((p) => p.replace(MD_EMPHASIS, '$2'))
    .join('');
}
const JOIN_NO_SPACE = /^(?:[.,;:!?)\]}”’]|["'][.,;:!?)]|["']$)/;
const TERMINAL = /[.!?…:;,]["'”’)\]]*$/;

function words(text: string): number {
  return wordTokens(text).length;
}

/** A line that could be a headline: 2-30 words, starts with a capital, digit or quote, no sentence-final punctuation. */
function isTitleLike(text: string): boolean {
  const t = text.replace(NUMBERED, '');
  const n = words(t);
  if (n < 2 || n > 30 || t.length > 220) return false;
  if (/[.,;:]["'”’)]*$/.test(t) || /\.\.\.$|…$/.test(t)) return false;
  return /^[\p{Lu}\p{N}"'“‘([]/u.test(t);
}

/** A line that is article text, not a label: long, or a full sentence. */
function isBodyLike(text: string): boolean {
  const n = words(text);
  return n >= 20 || (n >= 8 && TERMINAL.test(text));
}

// "3 hours ago (Outlet)", "[Outlet] 3 hours ago"
const TIME_THEN_BRACKETED = /^(.+?)\s*[([]([^()[\]]{1,40})[)\]]$/;
const BRACKETED_THEN_TIME = /^[([]([^()[\]]{1,40})[)\]]\s*(.+)$/;

/** A time with its outlet in brackets, either side. */
function bracketedMeta(text: string, receivedAt: string): Line | undefined {
  const a = TIME_THEN_BRACKETED.exec(text);
  const b = a ? undefined : BRACKETED_THEN_TIME.exec(text);
  const [timeText, source] = a ? [a[1], a[2]] : b ? [b[2], b[1]] : [];
  if (!timeText || !source || !isLabel(source)) return undefined;
  const time = parseTimeExpression(timeText, receivedAt);
  return time ? { text, kind: 'meta', time, source } : undefined;
}

function classify(text: string, rules: RuleSet, receivedAt: string): Line {
  if (!text) return { text, kind: 'blank' };
  const section = matchSectionEnd(rules, text);
  if (section) return { text, kind: 'section-end', ruleId: section };
  const time = parseTimeExpression(text, receivedAt);
  if (time) return { text, kind: 'time', time };
  // a closing quote or full stop left alone on its line belongs to the sentence above (joined later)
  if (JOIN_NO_SPACE.test(text) && text.length <= 3) return { text, kind: 'text' };
  const furniture = matchLineRule(rules, text);
  if (furniture) {
    // still furniture (never body text), but a copyright line or photo credit may be the only place an outlet is named
    const copyright = copyrightOutlet(text);
    if (copyright)
      return { text, kind: 'furniture', ruleId: furniture, source: copyright, passing: 'copyright' };
    const caption = captionCreditOutlet(text);
    if (caption) return { text, kind: 'furniture', ruleId: furniture, source: caption, passing: 'caption' };
    return { text, kind: 'furniture', ruleId: furniture };
  }
  const dash = DASH_SOURCE.exec(text);
  // ("— Sponsored message —", a label set between two dashes, is no sign-off)
  if (dash?.[1] && isLabel(dash[1]) && !/[-–—]$/.test(dash[1]))
    return { text, kind: 'source', source: dash[1].trim() };
  const bracketed = bracketedMeta(text, receivedAt);
  if (bracketed) return bracketed;
  const credit = parseCredit(text);
  if (credit) return { text, kind: 'credit', ...credit };
  const by = BYLINE.exec(text);
  if (by?.[1] && words(by[1]) <= 6) return { text, kind: 'byline', author: by[1].trim() };
  if (text.length <= 100) {
    const parts = text
      .split(SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length >= 2 && parts.length <= 3) {
      let t: ParsedTime | undefined;
      const rest: string[] = [];
      for (const p of parts) {
        const pt = t ? undefined : parseTimeExpression(p, receivedAt);
        if (pt) t = pt;
        else rest.push(p);
      }
      // a social handle after the name ("Outlet @outlet · 3h") is the same name again, not part of it
      const label = rest
        .map((r) => r.replace(/^(?:by|from|source:)\s+/i, '').replace(HANDLE, ''))
        .find((r) => isLabel(r));
      if (t && rest.length >= 1 && rest.every((r) => words(r) <= 6)) {
        return label ? { text, kind: 'meta', time: t, source: label } : { text, kind: 'meta', time: t };
      }
    }
  }
  if (isNavBar(text)) return { text, kind: 'furniture', ruleId: 'line.nav-bar' };
  // (a masthead in brackets, "{THE DAILY LEDGER}", names the outlet without them)
  if (isMasthead(text)) return { text, kind: 'masthead', source: text.replace(BRACKETED_NAME, '$1') };
  return { text, kind: 'text' };
}

interface Cluster {
  start: number;
  end: number; // inclusive
}

function isAnchor(l: Line): boolean {
  return l.kind === 'time' || l.kind === 'meta' || l.kind === 'source';
}

/**
 * "Jane Doe, Outlet" on the outlet's line (above the time): a personal name, a comma, then the outlet (the "By A, B"
 * credit without its "By").
 */
function nameThenOutlet(text: string): { source: string; author: string } | undefined {
  const m = /^([^,]+),\s*([^,]+)$/.exec(text.trim());
  if (!m?.[1] || !m[2] || !isPersonName(m[1].trim()) || !isLabel(m[2].trim())) return undefined;
  return { author: m[1].trim(), source: m[2].trim() };
}

/** Groups meta lines (times, "- Source", "Source · time") into clusters, each heading one article. */
function findClusters(lines: Line[]): Cluster[] {
  const clusters: Cluster[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (!l || !isAnchor(l)) {
      i++;
      continue;
    }
    let start = i;
    let end = i;
    // extend forward over anchors, bylines and blanks
    let j = i + 1;
    while (j < lines.length) {
      const n = lines[j];
      if (!n) break;
      if (isAnchor(n) || n.kind === 'byline' || n.kind === 'credit') {
        end = j;
        j++;
      } else if (
        n.kind === 'blank' &&
        lines[j + 1] &&
        isAnchor(lines[j + 1] as Line) &&
        // two times with a blank line between are two items' (a teaser's "Outlet · time", the next article's)
        !(lines[end]?.time && lines[j + 1]?.time)
      ) {
        j++;
      } else if (
        (n.kind === 'text' || n.kind === 'masthead') &&
        isLabel(n.text) &&
        lines[j + 1] &&
        isAnchor(lines[j + 1] as Line)
      ) {
        // "time / Source / - Source": a label between two anchors is part of the cluster
        n.kind = 'source';
        n.source = n.text;
        end = j;
        j++;
      } else break;
    }
    // a short label right before the first time line is the outlet name ("First Post" / "15 minutes ago")
    const prev = lines[start - 1];
    const prevPrev = lines[start - 2];
    // (an outlet name can also match a furniture rule, e.g. a bare agency name used as a photo credit)
    if (
      prev &&
      (prev.kind === 'text' || prev.kind === 'furniture' || prev.kind === 'masthead') &&
      isLabel(prev.text) &&
      lines[start]?.kind === 'time'
    ) {
      // ...unless that label is the headline itself ("Title / 3 hours ago / body"): then nothing before it is a title
      const headlineAfter = firstText(lines, end + 1);
      const titleAfter = headlineAfter !== undefined && isTitleLike(lines[headlineAfter]?.text ?? '');
      const titleBefore = prevPrev && prevPrev.kind === 'text' && isTitleLike(prevPrev.text);
      // "Outlet / Headline / time": the line above is the shorter name, so this line is the headline
      const nameAbove =
        prevPrev?.kind === 'text' &&
        isShortLabel(prevPrev.text) &&
        (!isShortLabel(prev.text) || words(prevPrev.text) < words(prev.text));
      if (!nameAbove && (prev.kind === 'text' ? titleAfter || titleBefore : titleBefore)) {
        prev.kind = 'source';
        const named = nameThenOutlet(prev.text);
        prev.source = prev.source ?? named?.source ?? prev.text;
        if (named?.author) prev.author = named.author;
        start -= 1;
      }
    }
    // bylines and credit lines directly before the cluster belong to it
    while (start > 0 && ['byline', 'credit'].includes(lines[start - 1]?.kind ?? '')) start -= 1;
    clusters.push({ start, end });
    i = end + 1;
  }
  return clusters;
}

/**
 * The nearest text line from `from` in direction `step` (up to `to`, exclusive, forwards; down to `floor`, inclusive,
 * backwards), passing over blank and furniture lines; none when another kind of line comes first.
 */
function nearestText(lines: Line[], from: number, step: 1 | -1, bound: number): number | undefined {
  for (let k = from; step > 0 ? k < bound : k >= bound; k += step) {
    const l = lines[k];
    if (!l) continue;
    if (l.kind === 'text') return k;
    if (l.kind === 'blank' || l.kind === 'furniture') continue;
    return undefined;
  }
  return undefined;
}

function firstText(lines: Line[], from: number, to = lines.length): number | undefined {
  return nearestText(lines, from, 1, to);
}

function lastText(lines: Line[], from: number, floor: number): number | undefined {
  return nearestText(lines, from, -1, floor);
}

const MINOR_WORD = /^(?:of|the|and|for|in|on|at|to|a|an|with|by|from|&|de|la|le|du|des|der|die|das|y|et)$/i;

/**
 * A name in name case: up to five words, each capitalised ("Time of India"), a minor word ("of", "and") or a
 * brand with an inner capital ("eBikes").
 */
function isNameLine(text: string): boolean {
  if (!isLabel(text) || /[?!]$/.test(text)) return false;
  const parts = text.trim().split(/\s+/);
  return parts.every((p) => MINOR_WORD.test(p) || /^[^\p{Ll}]/u.test(p) || /^\p{Ll}+\p{Lu}/u.test(p));
}

/**
 * A short name on its own line (an outlet or a section name), not a headline when a headline follows it: one or two
 * words ("Read next", "Reuters"), or up to four in name case ("Time of India"). A longer line, or one in sentence case
 * ("Markets rally as inflation cools"), is a headline.
 */
function isShortLabel(text: string): boolean {
  if (!isLabel(text) || /[?!]$/.test(text)) return false;
  const n = text.trim().split(/\s+/).length;
  return n <= 2 || (n <= 4 && isNameLine(text));
}

/** A line that is the article's lead (standfirst): its text opens the body, or it is a full sentence. */
function isLead(text: string, bodyStart: string | undefined): boolean {
  const t = normaliseInline(text).replace(/[.…]$/, '');
  if (bodyStart !== undefined && t.length >= 20 && normaliseInline(bodyStart).startsWith(t)) return true;
  // a question or exclamation is a headline's ending more often than a lead's
  return words(text) >= 8 && /[.…:;,]["'”’)\]]*$/.test(text);
}

/**
 * A line of names rather than a headline: at most five words, each capitalised or a minor word ("Jane Doe of Outlet",
 * "Outlet with Jane Doe"), or two short parts around a spaced separator ("Outlet · World news").
 */
function isNameish(text: string): boolean {
  const t = text.trim();
  if (words(t) > 5 || t.length > 60 || /[.!?:]$/.test(t)) return false;
  const parts = t.split(/\s+/);
  if (parts.every((p) => MINOR_WORD.test(p) || /^[^\p{Ll}]/u.test(p))) return true;
  const sides = t.split(/\s[·•|–—-]\s/);
  return (
    sides.length === 2 && sides.every((p) => words(p) >= 1 && words(p) <= 3 && /^[\p{Lu}\p{N}]/u.test(p))
  );
}

/**
 * The headline of the text block that ends right above a cluster: its first title-like line, so that a lead
 * (standfirst) between the headline and the time line is not taken for the headline. A block is at most 3 lines of
 * text with no blank line between; a long paragraph (the end of the previous article) is never part of it. A short
 * label over a headline ("Outlet" or "Read next" / headline / time) is returned as `label`, not as the headline,
 * unless the line under it is the lead (`bodyStart` opens with it, or it is a full sentence).
 */
function headlineAbove(
  lines: Line[],
  from: number,
  floor: number,
  bodyStart?: string,
): { index: number; label?: number } | undefined {
  const last = lastText(lines, from, floor);
  if (last === undefined) return undefined;
  let best = isTitleLike(lines[last]?.text ?? '') ? last : undefined;
  for (let k = last - 1; k >= Math.max(floor, last - 2); k--) {
    const l = lines[k];
    if (l?.kind !== 'text' || (isBodyLike(l.text) && words(l.text) > 40)) break;
    if (isTitleLike(l.text)) best = k;
    else if (best !== undefined) break;
  }
  // a byline or credit of names over the headline ("Jane Doe", "Jane Doe of Outlet", "Outlet · Section") is not it
  while (best !== undefined && best < last) {
    const top = lines[best]?.text ?? '';
    const next = lines[best + 1];
    if (
      !isNameish(top) ||
      next?.kind !== 'text' ||
      !isTitleLike(next.text) ||
      isLead(next.text, bodyStart) ||
      words(next.text) <= words(top)
    )
      break;
    best += 1;
  }
  const index = best ?? last;
  const under = lines[index + 1];
  if (
    index < last &&
    isShortLabel(lines[index]?.text ?? '') &&
    under?.kind === 'text' &&
    isTitleLike(under.text) &&
    !isLead(under.text, bodyStart)
  )
    return { index: index + 1, label: index };
  // a one-word name glued above the headline ("Outlet" / headline) is not title-like, but still the label over it
  const over = lines[index - 1];
  if (index - 1 >= floor && over?.kind === 'text' && isShortLabel(over.text) && !isBodyLike(over.text))
    return { index, label: index - 1 };
  return { index };
}

function nextNonBlank(lines: Line[], from: number): Line | undefined {
  for (let k = from; k < lines.length; k++) if (lines[k]?.kind !== 'blank') return lines[k];
  return undefined;
}

/** Picks the headline of a cluster: the title-like line right after it, or the one right before it. */
function pickTitle(
  lines: Line[],
  c: Cluster,
  floor: number,
): { index: number; after: boolean; label?: number } | undefined {
  const first = firstText(lines, c.end + 1);
  const above = headlineAbove(
    lines,
    c.start - 1,
    floor,
    first === undefined ? undefined : lines[first]?.text,
  );
  const b = above?.index;
  const before = (): { index: number; after: boolean; label?: number } =>
    above?.label !== undefined
      ? { index: above.index, after: false, label: above.label }
      : { index: above?.index ?? 0, after: false };
  // a line right above another time/source line is that one's headline (a teaser list), not this one's
  const next = first === undefined ? undefined : nextNonBlank(lines, first + 1);
  const a = next && isAnchor(next) ? undefined : first;
  const aOk = a !== undefined && isTitleLike(lines[a]?.text ?? '');
  const bOk = b !== undefined && isTitleLike(lines[b]?.text ?? '');
  if (aOk && !bOk) return { index: a, after: true };
  if (bOk && !aOk) return before();
  if (!aOk || !bOk || a === undefined || b === undefined) return undefined;
  // both look like headlines: the one after wins when the one before is glued to earlier text (end of a body),
  // or when the line after the candidate is body text
  const top = above?.label ?? b;
  const beforeStartsBlock =
    top === floor || ['blank', 'furniture', 'section-end'].includes(lines[top - 1]?.kind ?? 'blank');
  // (an outlet's name may stand between the headline and the body: "time / headline / Outlet / body")
  const afterNext = firstText(lines, a + 1);
  const nameNext = afterNext !== undefined && isShortLabel(lines[afterNext]?.text ?? '');
  const bodyNext = nameNext && afterNext !== undefined ? firstText(lines, afterNext + 1) : afterNext;
  const afterFollowedByBody = bodyNext !== undefined && isBodyLike(lines[bodyNext]?.text ?? '');
  const gapAbove = (lastText(lines, c.start - 1, floor) ?? c.start) < c.start - 1;
  if (!beforeStartsBlock || (afterFollowedByBody && gapAbove)) return { index: a, after: true };
  return before();
}

/** An article body and what its lines say about the article. */
interface AssembledBody {
  paragraphs: string[];
  author?: string;
  time?: ParsedTime;
  /** From a credit line in the body range ("Source: X" after the text). */
  source?: string;
  /** Outlets named in passing: a wire dateline opening the text, a copyright footer, a photo credit. */
  dateline?: string;
  copyright?: string;
  caption?: string;
  /** An outlet in capitals after the text (pages that put mastheads after their articles). */
  trailingMasthead?: string;
}

/** Turns a range of lines into paragraphs: drops furniture, leading captions, joins broken lines. */
function assembleBody(
  lines: Line[],
  from: number,
  to: number,
  rules: RuleSet,
  removed: RemovedSpan[],
  mastheadsTrail = false,
): AssembledBody {
  const paragraphs: string[] = [];
  let author: string | undefined;
  let source: string | undefined;
  let copyright: string | undefined;
  let caption: string | undefined;
  let trailingName: string | undefined;
  let time: ParsedTime | undefined;
  let started = false;
  let glued = false; // the previous kept line is directly above (no blank line between)
  for (let k = from; k < to; k++) {
    const l = lines[k];
    if (!l) continue;
    switch (l.kind) {
      case 'blank':
        glued = false;
        continue;
      case 'furniture':
        if (l.passing === 'copyright') copyright ??= l.source;
        else if (l.passing === 'caption') caption ??= l.source;
        removed.push({ ruleId: l.ruleId ?? 'line', text: l.text });
        continue;
      case 'section-end':
        for (let r = k; r < to; r++) {
          const rest = lines[r];
          if (rest && rest.kind !== 'blank')
            removed.push({
              ruleId: r === k ? (l.ruleId ?? 'section-end') : (rest.ruleId ?? 'section-end.after'),
              text: rest.text,
            });
        }
        k = to;
        continue;
      case 'byline':
        author ??= l.author;
        removed.push({ ruleId: 'meta.byline', text: l.text });
        continue;
      case 'credit':
        // "Source: X" / "This article originally appeared on X." at the end of an article
        source ??= l.source;
        author ??= l.author;
        removed.push({ ruleId: 'meta.credit', text: l.text });
        continue;
      case 'masthead':
        // an outlet in capitals after the text, on a page that puts its mastheads after its articles
        if (mastheadsTrail && started) trailingName ??= l.source;
        time ??= l.time;
        removed.push({ ruleId: 'meta.line', text: l.text });
        continue;
      case 'time':
      case 'meta':
      case 'source':
        time ??= l.time;
        removed.push({ ruleId: 'meta.line', text: l.text });
        continue;
      case 'text':
        break;
    }
    if (!started) {
      if (!isBodyLike(l.text)) {
        // captions, kickers and credits between the headline and the first sentence of the article
        removed.push({ ruleId: 'caption.before-body', text: l.text });
        continue;
      }
      started = true;
    }
    const text = applyInlineRules(rules, l.text, removed);
    if (!text) continue;
    const last = paragraphs.length - 1;
    const prev = paragraphs[last];
    if (glued && prev !== undefined && JOIN_NO_SPACE.test(text)) {
      paragraphs[last] = prev + text;
    } else if (glued && prev !== undefined && /^\p{Ll}/u.test(text) && !/[.!?]["'”’)]*$/.test(prev)) {
      // a line broken inside a sentence (copy from a page with inline markup): rejoin it
      paragraphs[last] = `${prev} ${text}`;
    } else if (!/[\p{L}\p{N}]/u.test(text)) {
      removed.push({ ruleId: 'line.no-words', text });
      continue;
    } else {
      paragraphs.push(text);
    }
    glued = true;
  }
  // trailing labels ("Share", "Read next") and teaser headlines left after the last sentence
  // (a short line ending in a colon announces what follows it: the next article's credit, "Jane Doe / Outlet:")
  const trailing = (p: string): boolean =>
    (!isBodyLike(p) && (words(p) < 4 || !TERMINAL.test(p))) || (words(p) <= 10 && /:$/.test(p));
  while (paragraphs.length > 1 && trailing(paragraphs[paragraphs.length - 1] ?? '')) {
    removed.push({ ruleId: 'trailing.label', text: paragraphs.pop() ?? '' });
  }
  const out: AssembledBody = { paragraphs: paragraphs.map(normaliseInline) };
  if (author) out.author = author;
  if (source) out.source = source;
  if (time) out.time = time;
  const dateline = out.paragraphs[0] ? datelineOutlet(out.paragraphs[0]) : undefined;
  if (dateline) out.dateline = dateline;
  if (copyright) out.copyright = copyright;
  if (caption) out.caption = caption;
  if (trailingName) out.trailingMasthead = trailingName;
  return out;
}

/**
 * A credit line directly above a headline, or a masthead above it (blank lines, navigation bars and separators
 * between allowed), not below `floor`.
 * A credit line with a blank line between it and the headline closes the article above ("Source: X" after a body),
 * unless the page puts its credits above its headlines (`creditsLead`).
 */
function creditAbove(lines: Line[], title: number, floor: number, creditsLead: boolean): number | undefined {
  for (let k = title - 1; k >= floor; k--) {
    const l = lines[k];
    // a masthead may stand over a navigation bar or separator; a credit line must touch the headline
    if (l?.kind === 'blank' || l?.kind === 'furniture') continue;
    if (l?.kind === 'credit') return k === title - 1 || creditsLead ? k : undefined;
    return l?.kind === 'masthead' ? k : undefined;
  }
  return undefined;
}

function clusterMeta(lines: Line[], c: Cluster): { source?: string; time?: ParsedTime; author?: string } {
  let source: string | undefined;
  let dashSource: string | undefined;
  let time: ParsedTime | undefined;
  let author: string | undefined;
  for (let k = c.start; k <= c.end; k++) {
    const l = lines[k];
    if (!l) continue;
    if (l.kind === 'source' && DASH_SOURCE.test(l.text)) dashSource ??= l.source;
    else if (l.source) source ??= l.source;
    if (l.time) time ??= l.time;
    if (l.author) author ??= l.author;
  }
  const out: { source?: string; time?: ParsedTime; author?: string } = {};
  const s = dashSource ?? source;
  if (s) out.source = s;
  if (time) out.time = time;
  if (author) out.author = author;
  return out;
}

function bodyWords(paragraphs: string[]): number {
  return paragraphs.reduce((n, p) => n + words(p), 0);
}

/**
 * A "— Outlet" line glued under the last sentence of a body signs that article off: it is a credit of the article
 * above, not the anchor of a new one ("15 minutes ago / - Outlet / headline" keeps it as an anchor).
 */
function signOffs(lines: Line[]): void {
  lines.forEach((l, k) => {
    const prev = lines[k - 1];
    if (l.kind === 'source' && DASH_SOURCE.test(l.text) && prev?.kind === 'text' && isBodyLike(prev.text))
      l.kind = 'credit';
  });
}

/**
 * Whether the page puts its credit lines above its articles: a credit line on its own paragraph comes before any body
 * text (a page keeps one layout for all its articles, so a credit after a blank line then belongs to the headline
 * below it).
 */
function creditsComeFirst(lines: Line[]): boolean {
  for (const [k, l] of lines.entries()) {
    // a credit on its own paragraph ("From X", blank line): a byline glued to a headline or time says nothing here
    if (l.kind === 'credit' && lines[k + 1]?.kind === 'blank') return true;
    if (l.kind === 'text' && isBodyLike(l.text)) return false;
  }
  return false;
}

/**
 * Whether the page puts its mastheads (outlets in capitals) after its articles: one follows the last body text, and
 * none but the page's own first line comes before the first body text.
 */
function mastheadsComeLast(lines: Line[]): boolean {
  const top = lines.findIndex((l) => l.kind !== 'blank');
  const body = (l: Line): boolean => l.kind === 'text' && isBodyLike(l.text);
  const firstBody = lines.findIndex(body);
  const lastBody = lines.findLastIndex(body);
  if (firstBody < 0) return false;
  const leads = lines.some((l, k) => l.kind === 'masthead' && k !== top && k < firstBody);
  const follows = lines.some((l, k) => l.kind === 'masthead' && k > lastBody);
  return follows && !leads;
}

// the separator between a headline and the outlet after it: a spaced dash or bar
const TITLE_OUTLET_SEPARATOR = /\s[-–—|]\s/g;
// "Headline [Outlet]"
const TITLE_BRACKETED_OUTLET = /^(.+?)\s+\[([^[\]]+)\]$/;

/**
 * Splits "Headline - Outlet" (or "Headline | Outlet", "Headline [Outlet]": the aggregator's way of naming the outlet
 * after the headline)
 * into headline and outlet when the part after the last spaced dash or bar is a name (`isNameLine`) and the part
 * before it a headline of 2+ words; only when the article names no other outlet, or names the same one (and, as the
 * caller checks, when most headlines of the page end that way).
 */
function splitTitleOutlet(
  title: string,
  other: string | undefined,
): { title: string; source: string } | undefined {
  const bracketed = TITLE_BRACKETED_OUTLET.exec(title);
  if (bracketed?.[1] && bracketed[2]) return checkedSplit(bracketed[1].trim(), bracketed[2].trim(), other);
  let cut = -1;
  for (const m of title.matchAll(TITLE_OUTLET_SEPARATOR)) cut = m.index ?? -1;
  if (cut < 0) return undefined;
  return checkedSplit(title.slice(0, cut).trim(), title.slice(cut + 3).trim(), other);
}

function checkedSplit(
  head: string,
  tail: string,
  other: string | undefined,
): { title: string; source: string } | undefined {
  if (!isNameLine(tail) || words(head) < 2 || !isTitleLike(head)) return undefined;
  if (other !== undefined && other.toLowerCase() !== tail.toLowerCase()) return undefined;
  return { title: head, source: tail };
}

// a field label before a headline ("Title: …", "Subject: …"): one or two words and a colon
const FIELD_LABEL = /^\p{L}[\p{L}\p{N}]{0,15}(?: \p{L}[\p{L}\p{N}]{0,15})?:\s+(?=\S)/u;

/**
 * The field label every headline of the page starts with ("Title: " in a feed export), when there are two headlines
 * or more and all share it (compared without case): a page's convention, not one headline's ("Review: …" alone stays).
 */
function sharedFieldLabel(headlines: readonly string[]): string | undefined {
  if (headlines.length < 2) return undefined;
  const labels = headlines.map((h) => FIELD_LABEL.exec(h)?.[0]);
  const first = labels[0];
  if (!first || labels.some((l) => l?.toLowerCase() !== first.toLowerCase())) return undefined;
  return headlines.every((h) => words(h.slice(first.length)) >= 2) ? first : undefined;
}

/**
 * Splits a plain-text page dump (a browser copy of an article or aggregator page) into articles.
 * Articles are anchored on metadata lines (relative/absolute times, "- Source", "Source · time"); text before the
 * first anchored article is the page's main article when it has a headline and body. Furniture is removed by the
 * rule set; every removal is recorded with its rule id.
 */
export function segmentTextDump(text: string, rules: RuleSet, receivedAt: string): DumpArticle[] {
  return segmentWithOutlets(text, rules, receivedAt, outletModel(), slotModel()).articles;
}

/** An anchored article's place in the dump's lines, for the outlet picker. */
interface Placed {
  article: DumpArticle;
  titleIndex: number;
  firstBody: number;
  lastBody: number;
  ruleSources: Array<{ origin: string; value: string }>;
}

/**
 * The segmenter with its outlet pickers exposed: `slots` chooses the page's one outlet slot (the place every article
 * names its outlet, `pickSlot`) and the articles that have a candidate there take it; `model` picks the outlet of each
 * other anchored article among the candidates of its surrounding lines (null for both keeps the rules' outlet);
 * `candidates[i]` are those of `articles[i]` (undefined for the page's own article before the first anchor, which keeps
 * its rules' outlet). Used by the training script.
 */
export function segmentWithOutlets(
  text: string,
  rules: RuleSet,
  receivedAt: string,
  model: OutletModel | null,
  slots: OutletModel | null = null,
): { articles: DumpArticle[]; candidates: Array<OutletCandidate[] | undefined> } {
  const lines = normaliseText(wideGaps(text.replace(CELL_BREAK, '$1 | ')))
    .split('\n')
    .map((t) => classify(withoutMarkup(t), rules, receivedAt));
  signOffs(lines);
  const clusters = findClusters(lines);
  const creditsLead = creditsComeFirst(lines);
  const mastheadsTrail = mastheadsComeLast(lines);
  interface Head {
    start: number;
    bodyFrom: number;
    titleIndex?: number;
    cluster?: Cluster;
    /** A credit line or masthead right above the headline. */
    above?: Line;
    /** A short label right above the headline (an outlet or a section name), or right under one after its time. */
    label?: Line;
  }
  const heads: Head[] = [];
  let floor = 0;
  for (const c of clusters) {
    const t = pickTitle(lines, c, floor);
    if (!t) {
      // a lone time line inside text with no headline near it: ignore as an article boundary
      continue;
    }
    // "time / headline / Outlet": a short name glued under a headline that follows its time line
    const under = t.after ? lines[t.index + 1] : undefined;
    const labelBelow =
      under?.kind === 'text' && isShortLabel(under.text) && !isBodyLike(under.text) ? under : undefined;
    let start = t.after ? c.start : (t.label ?? t.index);
    const found = t.after ? undefined : creditAbove(lines, start, floor, creditsLead);
    const above =
      found !== undefined && mastheadsTrail && lines[found]?.kind === 'masthead' ? undefined : found;
    if (above !== undefined) start = above;
    heads.push({
      start,
      bodyFrom: t.after ? t.index + 1 : c.end + 1,
      titleIndex: t.index,
      cluster: c,
      ...(above !== undefined ? { above: lines[above] } : {}),
      ...(t.label !== undefined ? { label: lines[t.label] } : {}),
      ...(labelBelow ? { label: labelBelow } : {}),
    });
    floor = Math.max(t.index, c.end) + 1;
  }
  const articles: DumpArticle[] = [];
  const placed: Placed[] = [];
  const firstStart = heads[0]?.start ?? lines.length;
  // the page's own article before the first anchored one
  const masthead = pageMasthead(lines, heads[0]?.titleIndex ?? lines.length);
  const pageOutlet = masthead?.source;
  const pre = mainArticle(lines, 0, firstStart, rules, pageOutlet);
  if (pre) articles.push(pre);
  // "Headline - Outlet" is a page's convention, not one headline's: split only when most headlines of the page end so
  const headlineOf = (h: Head): string =>
    normaliseInline((lines[h.titleIndex ?? -1]?.text ?? '').replace(NUMBERED, ''));
  const fieldLabel = sharedFieldLabel(heads.map(headlineOf));
  const suffixed = heads.filter((h) => splitTitleOutlet(headlineOf(h), undefined)).length;
  const outletSuffixes = suffixed >= 2 && suffixed * 2 >= heads.length;
  heads.forEach((h, idx) => {
    const to = heads[idx + 1]?.start ?? lines.length;
    const removed: RemovedSpan[] = [];
    for (let k = h.start; k < h.bodyFrom; k++) {
      const l = lines[k];
      if (l && l.kind !== 'blank' && k !== h.titleIndex) removed.push({ ruleId: 'meta.line', text: l.text });
    }
    const body = assembleBody(lines, h.bodyFrom, to, rules, removed, mastheadsTrail);
    if (body.paragraphs.length === 0) return;
    const meta = h.cluster ? clusterMeta(lines, h.cluster) : {};
    const headline = fieldLabel ? headlineOf(h).slice(fieldLabel.length).trim() : headlineOf(h);
    if (fieldLabel) removed.push({ ruleId: 'meta.field-label', text: fieldLabel });
    const a: DumpArticle = { title: headline, paragraphs: body.paragraphs, removed };
    // the outlet: on the time line, else a credit line (above the headline or at the end), a wire dateline, a
    // masthead above, a copyright footer, a short label above the headline, a photo credit, the page's masthead
    const credit = h.above?.kind === 'credit' ? h.above.source : undefined;
    // the page's own masthead above the first headline names the page, not that article alone: last resort only
    const mastheadAbove = h.above?.text === masthead?.text ? undefined : h.above?.source;
    const source =
      meta.source ??
      credit ??
      body.source ??
      body.trailingMasthead ??
      body.dateline ??
      mastheadAbove ??
      body.copyright ??
      h.label?.text ??
      body.caption;
    const split = outletSuffixes ? splitTitleOutlet(headline, source) : undefined;
    if (split) a.title = split.title;
    const outlet = split?.source ?? source ?? pageOutlet;
    if (outlet) a.source = outlet;
    const author = meta.author ?? (h.above?.kind === 'credit' ? h.above.author : undefined) ?? body.author;
    if (author) a.author = author;
    const time = meta.time ?? body.time;
    if (time) a.publishedAt = time.iso;
    articles.push(a);
    const ruleSources: Array<{ origin: string; value: string }> = [];
    const origins: Array<[string, string | undefined]> = [
      ['meta', meta.source],
      ['credit-above', credit],
      ['credit-body', body.source],
      ['trailing-masthead', body.trailingMasthead],
      ['dateline', body.dateline],
      ['masthead-above', mastheadAbove],
      ['copyright', body.copyright],
      ['label', h.label?.text],
      ['caption', body.caption],
      ['title-split', split?.source],
      ['page', pageOutlet],
      ['chosen', outlet],
    ];
    for (const [origin, value] of origins) if (value) ruleSources.push({ origin, value });
    const isBody = (k: number): boolean => lines[k]?.kind === 'text' && isBodyLike(lines[k]?.text ?? '');
    let firstBody = -1;
    let lastBody = -1;
    for (let k = h.bodyFrom; k < to; k++)
      if (isBody(k)) {
        if (firstBody < 0) firstBody = k;
        lastBody = k;
      }
    if (h.titleIndex !== undefined && firstBody >= 0)
      placed.push({ article: a, titleIndex: h.titleIndex, firstBody, lastBody, ruleSources });
  });
  const candidates: Array<OutletCandidate[] | undefined> = articles.map(() => undefined);
  if (placed.length) {
    // the page's first line (a masthead over all articles) is seen from every article, unless it is furniture (a
    // navigation bar) or the page opens with an article of its own (text before the first anchored headline): then
    // that line is its headline
    const top = lines.findIndex((l) => l.kind !== 'blank');
    const firstTitle = placed[0]?.titleIndex ?? 0;
    const ownArticle = lines.slice(top, firstTitle).some((l) => l.kind === 'text' && isBodyLike(l.text));
    const pageLine = lines[top]?.kind !== 'furniture' && top >= 0 && top < firstTitle;
    const pageTop = pageLine && !ownArticle ? top : undefined;
    const zones = placed.map((p, i) => articleZone(lines, p, placed[i - 1], placed[i + 1], pageTop));
    const cands = outletCandidates(zones);
    const joint = slots ? pickSlot(slots, cands) : [];
    const picks = placed.map((p, i) => {
      const mine = cands[i] ?? [];
      candidates[articles.indexOf(p.article)] = mine;
      const slotted = slots ? joint[i] : undefined;
      const picked =
        slots && slotted
          ? { candidate: slotted, p: 1, score: score(slots, slotted.features) }
          : model
            ? // a name listed after a colon beside other names ("Also covered by: A, B") is another article's
              pickOutlet(
                model,
                mine.filter((c) => !c.features.includes('listed')),
              )
            : undefined;
      // a name in the headline line is the outlet only where other headlines of the page name theirs the same way
      if (picked?.candidate.features.includes('titleShape:none')) return undefined;
      return picked;
    });
    // a line between two articles names one of them: the one whose pick of it scores higher keeps it
    const lineOf = (i: number): number | undefined => {
      const c = picks[i]?.candidate;
      const line = c && c.line >= 0 ? zones[i]?.lines[c.line] : undefined;
      // the page's masthead names every article of the page
      return line?.rel === 'page' ? undefined : line?.at;
    };
    picks.forEach((pick, i) => {
      const at = lineOf(i);
      if (!pick || at === undefined) return;
      for (const j of [i - 1, i + 1]) {
        const other = picks[j];
        if (other && lineOf(j) === at && other.score > pick.score) picks[i] = undefined;
      }
    });
    placed.forEach((p, i) => {
      const picked = picks[i];
      if (picked) applyOutlet(p.article, picked.candidate, zones[i]);
    });
  }
  return { articles, candidates };
}

const ZONE_LINES = 6;

/**
 * The lines around one anchored article: up to six non-blank lines above its headline (after the previous article's
 * body), the headline, the lines between headline and body, and up to six non-blank lines after its body (before the
 * next headline).
 */
function articleZone(
  lines: Line[],
  p: Placed,
  prev: Placed | undefined,
  next: Placed | undefined,
  pageTop?: number,
): ArticleZone {
  const out: ZoneLine[] = [];
  const hasTime = (l: Line): boolean => l.time !== undefined;
  const push = (l: Line, rel: string, gap: boolean, at: number): void => {
    out.push({ text: normaliseInline(l.text), kind: l.kind, rel, gap, hasTime: hasTime(l), at });
  };
  const d = (n: number): string => (n >= 3 ? '3+' : `${n}`);
  /**
   * The non-blank lines from `from` (inclusive) to `to` (exclusive) in steps of `step`, at most `limit` of them, each
   * given to `take` with its label (`zone-rank`) and whether a blank line came before it in the walk.
   */
  const walk = (
    from: number,
    to: number,
    step: 1 | -1,
    limit: number,
    zone: string,
    take: (l: Line, rel: string, gap: boolean, at: number) => void,
  ): void => {
    let n = 0;
    let gap = false;
    for (let k = from; (step > 0 ? k < to : k > to) && n < limit; k += step) {
      const l = lines[k];
      if (!l) continue;
      if (l.kind === 'blank') {
        gap = true;
        continue;
      }
      n++;
      take(l, `${zone}-${d(n)}`, gap, k);
    }
  };
  const floor = prev ? prev.lastBody + 1 : 0;
  const above: Array<[Line, string, boolean, number]> = [];
  walk(p.titleIndex - 1, floor - 1, -1, ZONE_LINES, 'above', (l, rel, g, k) => above.push([l, rel, g, k]));
  for (const [l, rel, g, k] of above.reverse()) push(l, rel, g, k);
  const title = lines[p.titleIndex];
  if (title) push({ ...title, text: title.text.replace(NUMBERED, '') }, 'title', false, p.titleIndex);
  walk(p.titleIndex + 1, p.firstBody, 1, Number.POSITIVE_INFINITY, 'after', push);
  // lines inside the body that are no sentences (an ad, a credit between paragraphs) are left out
  const ceiling = next ? next.titleIndex : lines.length;
  walk(p.lastBody + 1, ceiling, 1, ZONE_LINES, 'below', push);
  const page = pageTop === undefined ? undefined : lines[pageTop];
  if (page && pageTop !== undefined && !out.some((l) => l.at === pageTop)) push(page, 'page', true, pageTop);
  const body = p.article.paragraphs.join('\n');
  return { lines: out, body, ruleSources: p.ruleSources };
}

/**
 * Uses the picked outlet: it becomes the article's source; a name at the start or end of the headline line
 * ("Headline (Outlet)") is cut from the title; a short credit line after the body that the body kept as its last
 * paragraph ("Outlet contributed to this report.") is dropped from the body.
 */
function applyOutlet(a: DumpArticle, c: OutletCandidate, zone: ArticleZone | undefined): void {
  a.source = c.text.trim();
  const line = c.line >= 0 ? zone?.lines[c.line] : undefined;
  if (!line) return;
  if (line.rel === 'title') {
    const cut = titleWithoutOutlet(a.title, a.source);
    if (cut) a.title = cut;
  } else if (line.rel.startsWith('below')) {
    const last = a.paragraphs[a.paragraphs.length - 1];
    if (a.paragraphs.length > 1 && last !== undefined && normaliseInline(last) === line.text) {
      a.paragraphs.pop();
      a.removed.push({ ruleId: 'meta.credit', text: last });
    }
  }
}

/** The headline without an outlet named at its end ("Headline (via Outlet)", "Headline - Outlet") or start. */
export function titleWithoutOutlet(title: string, outlet: string): string | undefined {
  const t = title.trim();
  const at = t.lastIndexOf(outlet);
  if (at < 0) return undefined;
  const before = t.slice(0, at);
  const after = t.slice(at + outlet.length);
  let cut: string | undefined;
  // the name must stand apart from the headline: in brackets, or after a spaced dash, bar or colon
  // (any opening bracket or quote mark, or a spaced run of marks that are no letters, digits or quotes: a shape)
  const apart =
    /(?:\s*[\p{Ps}\p{Pi}<‹*]\s*(?:\p{Ll}+\s+)*|\s+(?:[^\p{L}\p{N}\s'"“”‘’.,]{1,3}\s*)+(?:\p{Ll}+\s+)*)$/u;
  if (/^[\s\p{Pe}\p{Pf}>›*”"'.]*$/u.test(after) && before.trim() && apart.test(before)) {
    cut = before.replace(apart, '').trim();
  } else if (/^[\s\p{Ps}<‹]*$/u.test(before) && /^\s*[^\p{L}\p{N}\s'"“”‘’.,]/u.test(after)) {
    // "Outlet: Headline", "[Outlet] Headline"
    cut = after.replace(/^\s*[^\p{L}\p{N}\s'"“”‘’.,]+\s*/u, '').trim();
  }
  return cut && cut !== t && words(cut) >= 2 ? cut : undefined;
}

/**
 * The page's masthead (a single outlet's page): its first line when that is a name in capitals, a short name right
 * over a navigation bar, or a credit line with another line under it before the first headline (a mail header).
 */
function pageMasthead(lines: Line[], firstTitle: number): Line | undefined {
  const k = lines.findIndex((l) => l.kind !== 'blank');
  const first = lines[k];
  if (first?.kind === 'masthead') return first;
  const next = lines[k + 1];
  // a credit heading the page ("From: Outlet <news@…>" over a subject line): not the first headline's own credit line
  if (first?.kind === 'credit' && first.source && next && next.kind !== 'blank' && k + 1 < firstTitle)
    return first;
  const nameOverNav = first?.kind === 'text' && isShortLabel(first.text) && next?.ruleId === 'line.nav-bar';
  return nameOverNav ? { ...first, source: first.text } : undefined;
}

function mainArticle(
  lines: Line[],
  from: number,
  to: number,
  rules: RuleSet,
  pageOutlet?: string,
): DumpArticle | undefined {
  // headline: the longest title-like line before the first body line
  let firstBody = -1;
  for (let k = from; k < to; k++) {
    const l = lines[k];
    if (l?.kind === 'section-end') break;
    if (l?.kind === 'text' && isBodyLike(l.text)) {
      firstBody = k;
      break;
    }
  }
  if (firstBody < 0) return undefined;
  let titleIndex = -1;
  let best = 0;
  for (let k = from; k < firstBody; k++) {
    const l = lines[k];
    if (l?.kind !== 'text' || !isTitleLike(l.text)) continue;
    const n = Math.min(words(l.text), 20);
    if (n > best) {
      best = n;
      titleIndex = k;
    }
  }
  const removed: RemovedSpan[] = [];
  for (let k = from; k < Math.max(titleIndex, from); k++) {
    const l = lines[k];
    if (l && l.kind !== 'blank') removed.push({ ruleId: l.ruleId ?? 'furniture.before-title', text: l.text });
  }
  const body = assembleBody(lines, titleIndex >= 0 ? titleIndex + 1 : from, to, rules, removed);
  if (bodyWords(body.paragraphs) < 15) return undefined;
  const title =
    titleIndex >= 0
      ? normaliseInline(lines[titleIndex]?.text ?? '')
      : wordTokens(body.paragraphs[0] ?? '')
          .slice(0, 12)
          .join(' ');
  const a: DumpArticle = { title, paragraphs: body.paragraphs, removed };
  const source = body.source ?? body.dateline ?? body.copyright ?? body.caption ?? pageOutlet;
  if (source) a.source = source;
  if (body.author) a.author = body.author;
  if (body.time) a.publishedAt = body.time.iso;
  return a;
}
