/**
 * The article header as readers see it: the elements around the headline, up to where the body starts. Bylines and
 * datelines live there ("By Ann Lee · March 3, 2025", "Updated on October 21, 2025", a date above the headline), in
 * markup no class-name list can anticipate. Rules are data: {@link HEADER_RULES}.
 */
import { findDateInText, parseAnyDate } from '../dates.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import { decodeEntities, normaliseInline, wordTokens } from '../normalise.js';

export const HEADER_RULES = {
  /** elements looked at before the headline (a date or category line above it) */
  before: 12,
  /** elements looked at after the headline at most */
  after: 120,
  /** a paragraph at least this long after the headline is the body: the header ends there */
  bodyChars: 200,
  /** a long paragraph classed like this is the standfirst (excerpt, dek, summary), not the body's start */
  ledeAttr: /excerpt|summary|\blede\b|\bdek\b|standfirst|subtitle|subhead|\bintro\b|teaser|abstract/i,
  /** only short elements are datelines or bylines */
  maxChars: 120,
  /** a dateline labelled like this shows when the page was updated, not first published */
  updatedLabel: /\b(?:updated|modified|revised|reviewed|edited|last\s+checked)\b/i,
  publishedLabel: /\b(?:published|posted|first\s+published|originally)\b/i,
  /** a dateline that says outright it is the publication date: "Posted on Nov 21, 2018", "Published: 13 Aug 2025" */
  publishedLine:
    /^(?:(?:first\s+)?published|posted|date\s+published|publication\s+date)(?:\s+on)?\s*:?\s*(.*)$/i,
  /** containers of other pages' teasers and of comments: their datelines are not the page's */
  teaserAttr: /related|recent|popular|sidebar|widget|teaser|\bcard|comment|more-?stories|recommend/i,
  /** attribute values (class, id, itemprop, rel, href) that mark a byline element */
  bylineAttr: /author|byline|writer|contributor/i,
  /** a class that marks what is said about the author (bio, role, description, photo), not the name */
  aboutAuthorAttr: /author[-_]?(?:desc|bio|role|job|position|title|about|image|img|photo|avatar)/i,
  /** a byline written out: "By Ann Lee", "Written by Ann Lee and Bo Chen", "Words: Ann Lee" */
  bylineText:
    /^(?:(?:written|posted|reviewed|edited|story|words|text|reporting)\s+by|by|author|authors|words)\s*[:-]?\s+(.+)$/i,
  /** a byline label alone in its element ("By", "Written by:"), the name in the next element */
  bylineLabel: /^(?:(?:written|posted|story|words|text|reporting)\s+by|by|authors?)\s*:?$/i,
  /** words that never occur in a person's or a desk's name: the element is navigation, a label or a count */
  notAName:
    /\b(?:min(?:ute)?s?|read|share|follow|comments?|views?|updated|published|posted|subscribe|sign|login|log|menu|search|home|about|more|all|articles|posts|contact|newsletter|advertis\w*|sponsored|privacy|cookies?|reviewed|fact|checked|editorial|policy|team|expert(?:ise)?|bio|profile|see|view|learn)\b/i,
} as const;

function textOf(el: DomElement): string {
  return normaliseInline(decodeEntities(el.textContent ?? ''));
}

/** The headline element: the <h1> or <h2> whose text is the title, else the only <h1>. */
export function findHeadline(doc: DomDocument, title: string | undefined): DomElement | null {
  const heads = doc.querySelectorAll('h1, h2');
  if (title) {
    const want = wordTokens(title.toLowerCase()).join(' ');
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h && wordTokens(textOf(h).toLowerCase()).join(' ') === want) return h;
    }
  }
  const h1s = doc.querySelectorAll('h1');
  const h1 = h1s.length === 1 ? (h1s[0] ?? null) : (doc.querySelector('article h1, main h1') ?? null);
  if (h1 || !title) return h1;
  // several <h1>s, none in an article: the first heading that shares most of its words with the title both ways ("Top
  // 5 HR Software Platforms of 2026" for the title "Top 5 HR Software in 2026")
  const near = nearestHeading(heads, wordTokens(title.toLowerCase()).join(' '));
  if (near) return near;
  // pages without a headline tag (site builders style a <div> or <p>): the element marked as a title or heading
  // whose text is the title
  const want = wordTokens(title.toLowerCase()).join(' ');
  const marked = doc.querySelectorAll(HEADLINE_LIKE);
  for (let i = 0; i < Math.min(marked.length, 400); i++) {
    const el = marked[i];
    if (el && wordTokens(textOf(el).toLowerCase()).join(' ') === want) return el;
  }
  return null;
}

/** Share of words two texts must have in common, each way, for a heading to be taken for a reworded title. */
const NEAR_TITLE = 0.6;

function nearestHeading(heads: ArrayLike<DomElement | undefined>, want: string): DomElement | null {
  const tw = want.split(' ');
  const titleWords = new Set(tw);
  for (let i = 0; i < Math.min(heads.length, 40); i++) {
    const h = heads[i];
    if (!h) continue;
    const hw = wordTokens(textOf(h).toLowerCase());
    if (hw.length < 3) continue;
    const headWords = new Set(hw);
    const inTitle = hw.filter((w) => titleWords.has(w)).length / hw.length;
    const inHead = tw.filter((w) => headWords.has(w)).length / tw.length;
    if (inTitle >= NEAR_TITLE && inHead >= NEAR_TITLE) return h;
  }
  return null;
}

/** Elements that may hold the headline when no <h1>/<h2> does. */
const HEADLINE_LIKE = 'h3, h4, [class*="title" i], [class*="heading" i], [class*="headline" i]';

/** The page's own <h1> when it is another element than the headline found by the title (a second header region). */
export function pageHeading(doc: DomDocument, headline: DomElement | null): DomElement | null {
  const h1s = doc.querySelectorAll('h1');
  const h1 = h1s.length === 1 ? (h1s[0] ?? null) : (doc.querySelector('article h1, main h1') ?? null);
  return h1 && h1 !== headline ? h1 : null;
}

/**
 * A date written in figures only, as the whole text of its element: "17.05.2021" (day first, as dotted dates are
 * written), "2/24/2026" (month first only when the day shows it: an ambiguous "3/4/2025" is not read).
 */
export function numericDate(text: string): string | undefined {
  const m = /^(?:(?:published|posted|updated)\s*:?\s*)?(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})$/i.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[3]);
  let day: number;
  let month: number;
  if (m[2] === '.') [day, month] = [a, b];
  else if (a > 12) [day, month] = [a, b];
  else if (b > 12) [day, month] = [b, a];
  else return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(Date.UTC(Number(m[4]), month - 1, day));
  return d.getUTCDate() === day ? d.toISOString() : undefined;
}

/** Short elements of the header around `headline`, in document order (the headline itself left out). */
export function headerElements(doc: DomDocument, headline: DomElement | null): DomElement[] {
  if (!headline) return [];
  const all = (doc.body ?? doc.documentElement)?.querySelectorAll('*');
  if (!all) return [];
  let at = -1;
  for (let i = 0; i < all.length; i++)
    if (all[i] === headline) {
      at = i;
      break;
    }
  if (at < 0) return [];
  const out: DomElement[] = [];
  const from = Math.max(0, at - HEADER_RULES.before);
  const to = Math.min(all.length, at + 1 + HEADER_RULES.after);
  // skip the headline's own descendants
  let i = from;
  for (; i < to; i++) {
    const el = all[i];
    if (!el || el === headline) continue;
    if (isInside(el, headline)) continue;
    const t = el.textContent ?? '';
    if (i > at && el.localName === 'p' && t.trim().length >= HEADER_RULES.bodyChars && !isLede(el)) break;
    if (t.length > HEADER_RULES.maxChars * 3) continue;
    if (/^(?:script|style|nav|button|select|option|figcaption)$/.test(el.localName)) continue;
    out.push(el);
  }
  return out;
}

/** A paragraph marked (on itself or its parent) as the standfirst under the headline: the header goes on after it. */
function isLede(el: DomElement): boolean {
  const marks = `${el.getAttribute('class') ?? ''} ${el.parentElement?.getAttribute('class') ?? ''}`;
  return HEADER_RULES.ledeAttr.test(marks);
}

function isInside(el: DomElement, ancestor: DomElement): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (p === ancestor) return true;
  return false;
}

export interface HeaderDate {
  iso: string;
  updated: boolean;
}

/** Dates shown in the header: `<time datetime>` values and datelines written out, each marked when labelled updated. */
export function headerDates(els: DomElement[]): HeaderDate[] {
  const out: HeaderDate[] = [];
  for (const el of els) {
    let iso: string | undefined;
    if (el.localName === 'time')
      iso = parseAnyDate(el.getAttribute('datetime')) ?? findDateInText(textOf(el));
    else {
      // only the element that holds the date itself (no child element holds it too)
      const t = textOf(el);
      if (!t || t.length > HEADER_RULES.maxChars) continue;
      iso = findDateInText(t) ?? (el.children.length === 0 ? numericDate(t) : undefined);
      if (iso && [...Array.from(el.children)].some((c) => findDateInText(textOf(c)) === iso)) continue;
    }
    if (!iso) continue;
    const parent = el.parentElement;
    const own = textOf(el);
    const around = parent && textOf(parent).length <= HEADER_RULES.maxChars ? textOf(parent) : own;
    const prev = previousElement(el);
    // a label of its own just before the date ("Last Updated:" in one element, the date in the next)
    const prevText = prev ? textOf(prev) : '';
    const label = `${prevText.length <= 40 && !findDateInText(prevText) ? prevText : ''} ${own}`;
    const updated =
      HEADER_RULES.updatedLabel.test(label) ||
      (HEADER_RULES.updatedLabel.test(around) &&
        !HEADER_RULES.publishedLabel.test(around) &&
        datesIn(around) <= 1);
    out.push({ iso, updated });
  }
  return out;
}

function datesIn(s: string): number {
  let n = 0;
  let rest = s;
  for (let i = 0; i < 4; i++) {
    const d = findDateInText(rest);
    if (!d) break;
    n++;
    const m = /\d{4}/.exec(rest);
    if (!m) break;
    rest = rest.slice(m.index + 4);
  }
  return n;
}

function nextElement(el: DomElement): DomElement | null {
  const parent = el.parentElement;
  if (!parent) return null;
  const kids = parent.children;
  for (let i = 0; i < kids.length; i++) if (kids[i] === el) return kids[i + 1] ?? null;
  return null;
}

function previousElement(el: DomElement): DomElement | null {
  const parent = el.parentElement;
  if (!parent) return null;
  const kids = parent.children;
  for (let i = 0; i < kids.length; i++) if (kids[i] === el) return i > 0 ? (kids[i - 1] ?? null) : null;
  return null;
}

/** The date the header shows as the publication date: the first not labelled "updated", else the first. */
export function headerPublishedDate(els: DomElement[]): string | undefined {
  const dates = headerDates(els);
  return (dates.find((d) => !d.updated) ?? dates[0])?.iso;
}

function attrs(el: DomElement): string {
  return ['class', 'id', 'itemprop', 'rel', 'href', 'data-testid']
    .map((a) => el.getAttribute(a) ?? '')
    .join(' ');
}

/** Byline text from the header: an element marked as author/byline, a link to an author page, or "By …" text. */
export function headerBylines(els: DomElement[]): string[] {
  const out: string[] = [];
  for (const el of els) {
    const t = textOf(el);
    if (!t || t.length > HEADER_RULES.maxChars) continue;
    const by = HEADER_RULES.bylineText.exec(t);
    const label = HEADER_RULES.bylineLabel.test(t) ? nextElement(el) : null;
    if (by?.[1]) out.push(by[1]);
    // the label in an element of its own, the name in the next: "<span>By</span><span>Ann Lee</span>"
    else if (label && textOf(label)) out.push(textOf(label));
    else if (
      HEADER_RULES.bylineAttr.test(attrs(el)) &&
      !HEADER_RULES.aboutAuthorAttr.test(el.getAttribute('class') ?? '') &&
      el.children.length <= 3
    )
      out.push(t);
  }
  return out;
}

function inTeaser(el: DomElement): boolean {
  for (let p: DomElement | null = el; p; p = p.parentElement) {
    if (/^(?:a|li|nav|aside|footer)$/.test(p.localName)) return true;
    if (HEADER_RULES.teaserAttr.test(`${p.getAttribute('class') ?? ''} ${p.getAttribute('id') ?? ''}`))
      return true;
  }
  return false;
}

/**
 * A dateline labelled as the publication date anywhere on the page ("Posted on Nov 21, 2018" under a long standfirst,
 * "Published August 13, 2025" after the body), outside links, lists, teaser cards and comments: the first one, for
 * pages whose header walk finds no date.
 */
export function labelledPublishedDate(doc: DomDocument): string | undefined {
  const body = doc.body ?? doc.documentElement;
  if (!body || !/\b(?:published|posted|publication)\b/i.test(body.textContent ?? '')) return undefined;
  const els = body.querySelectorAll('p, span, div, time, small, em, strong, b, dd, dt, header');
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    if (!el) continue;
    const text = textOf(el);
    if (!text || text.length > 80) continue;
    const m = HEADER_RULES.publishedLine.exec(text);
    if (!m) continue;
    const rest = m[1]?.trim() ?? '';
    let iso: string | undefined;
    if (rest) iso = findDateInText(rest) ?? numericDate(rest);
    else {
      // the label alone, the date in the next element ("<b>Posted on</b><div>Nov 21, 2018</div>")
      const next = nextElement(el);
      const t = next ? textOf(next) : '';
      if (t.length <= 60) iso = findDateInText(t) ?? numericDate(t);
    }
    if (!iso || inTeaser(el)) continue;
    return iso;
  }
  return undefined;
}
