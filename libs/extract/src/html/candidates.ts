import { matchSectionEnd, type RuleSet } from '../boilerplate-rules.js';
import type { DomElement } from '../dom.types.js';
import type { RemovedSpan } from '../extract.types.js';
import type { Block } from './blocks.js';
import { classAndId } from './clean-dom.js';

/**
 * A "Related articles" / "Comments" / "Most read" heading after the article text ends the article: every block
 * after it is demoted, so teaser lists longer than the article (aggregator pages, div soup) cannot win. Only applies
 * once enough article text was seen after the headline, so a menu entry named "Comments" above it does nothing.
 */
export function cutAfterSectionEnd(
  blocks: Block[],
  rules: RuleSet,
  title: string | undefined,
  removed: RemovedSpan[] | undefined,
  continuation = false,
): void {
  const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim();
  const t = title ? norm(title) : undefined;
  let start = 0;
  if (t) {
    const i = blocks.findIndex((b) => b.chars <= 300 && norm(b.text) === t);
    if (i >= 0) start = i + 1;
  }
  let seen = 0;
  for (let i = start; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.chars <= 60 && seen >= 400) {
      const id = matchSectionEnd(rules, b.text);
      if (id) {
        // the element holding most of the text seen so far; blocks after the marker inside it are still article
        const before = blocks.slice(start, i).filter((x) => x.cls === 'good');
        const total = before.reduce((n, x) => n + x.chars, 0);
        const biggest = before.reduce((m, x) => (x.chars > m.chars ? x : m), before[0] as Block);
        let holder: DomElement | null = biggest.owner;
        while (holder) {
          const h: DomElement = holder;
          const inside = before
            .filter((x) => isInside(x.owner, new Set([h])))
            .reduce((n, x) => n + x.chars, 0);
          if (inside >= 0.7 * total) break;
          holder = holder.parentElement;
        }
        const keep = holder ? new Set<DomElement>([holder]) : undefined;
        // a marker inside the element holding the article is an inline box ("Related" links mid-story): not an end
        if (keep && isInside(b.owner, keep)) continue;
        // ... and so is a marker followed by more article text in a sibling wrapper like the holder (a body split into
        // several rich-text wrappers around an inline "Featured articles" box)
        if (continuation && holder && continuesAfter(blocks, i, holder)) continue;
        for (let j = i; j < blocks.length; j++) {
          const c = blocks[j] as Block;
          if (j > i && keep && isInside(c.owner, keep)) continue;
          if (removed && c.cls === 'good') removed.push({ ruleId: id, text: c.text.slice(0, 300) });
          c.cls = 'bad';
          c.init = 'bad';
          c.ruleId ??= id;
        }
        return;
      }
    }
    if (b.cls === 'good') seen += b.chars;
  }
}

export function ancestors(el: DomElement, limit: number): DomElement[] {
  const out: DomElement[] = [];
  let cur: DomElement | null = el;
  while (cur && out.length < limit) {
    out.push(cur);
    cur = cur.parentElement;
  }
  return out;
}

/** Picks the article container: the element with the highest decayed score of good text below it. */
export function pickContainer(blocks: Block[], rules: RuleSet, nearGood: boolean): DomElement | undefined {
  const score = new Map<DomElement, number>();
  for (const b of blocks) {
    if (!(b.cls === 'good' || (nearGood && (b.init === 'near-good' || b.init === 'good'))) || b.chars < 25)
      continue;
    const base = 1 + (b.text.match(/,/g)?.length ?? 0) + Math.min(b.chars / 100, 3);
    ancestors(b.owner, 4).forEach((a, level) => {
      const div = level === 0 ? 1 : level === 1 ? 1 : level === 2 ? 2 : level * 3;
      score.set(a, (score.get(a) ?? 0) + base / div);
    });
  }
  let best: DomElement | undefined;
  let bestScore = 0;
  for (const [el, s] of score) {
    const names = classAndId(el);
    let w = 1;
    if (names && rules.htmlPositive.some((r) => r.re.test(names))) w += 0.25;
    if (el.localName === 'article' || el.getAttribute('itemprop') === 'articleBody') w += 0.25;
    const v = s * w;
    if (v > bestScore) {
      bestScore = v;
      best = el;
    }
  }
  return best;
}

export function isInside(el: DomElement, roots: Set<DomElement>): boolean {
  let cur: DomElement | null = el;
  while (cur) {
    if (roots.has(cur)) return true;
    cur = cur.parentElement;
  }
  return false;
}

export function goodChars(blocks: Block[], nearGood: boolean): Map<DomElement, number> {
  const m = new Map<DomElement, number>();
  for (const b of blocks) {
    if (!(b.cls === 'good' || (nearGood && (b.init === 'near-good' || b.init === 'good')))) continue;
    let cur: DomElement | null = b.owner;
    while (cur) {
      m.set(cur, (m.get(cur) ?? 0) + b.chars);
      cur = cur.parentElement;
    }
  }
  return m;
}

/** Characters of all text blocks below each element (the denominator of the good-text share). */
export function textChars(blocks: Block[]): Map<DomElement, number> {
  const m = new Map<DomElement, number>();
  for (const b of blocks) {
    let cur: DomElement | null = b.owner;
    while (cur) {
      m.set(cur, (m.get(cur) ?? 0) + b.chars);
      cur = cur.parentElement;
    }
  }
  return m;
}

/**
 * The element with the most good text weighted by how much of its text is good (good × share²): the whole body of a
 * long sectioned article (many headed sections, lists and tables, each in its own wrapper) rather than the one
 * section whose paragraphs score best locally.
 */
export function densestRegion(
  gc: Map<DomElement, number>,
  tc: Map<DomElement, number>,
  power: number,
): DomElement | undefined {
  let best: DomElement | undefined;
  let bestScore = 0;
  for (const [el, g] of gc) {
    const t = tc.get(el) ?? 0;
    if (t <= 0 || el.localName === 'html') continue;
    const v = g * Math.pow(g / t, power);
    if (v > bestScore) {
      bestScore = v;
      best = el;
    }
  }
  return best;
}

/** Whether good text after block `at` sits in a later sibling of `holder` with the same tag and class names. */
function continuesAfter(blocks: Block[], at: number, holder: DomElement): boolean {
  const parent = holder.parentElement;
  const cls = holder.getAttribute('class') ?? '';
  if (!parent || !cls.trim()) return false;
  let good = 0;
  for (let j = at + 1; j < blocks.length && good < 200; j++) {
    const c = blocks[j] as Block;
    if (c.cls !== 'good') continue;
    let top: DomElement | null = c.owner;
    while (top && top.parentElement !== parent) top = top.parentElement;
    if (!top) return false;
    if (top === holder || top.localName !== holder.localName || (top.getAttribute('class') ?? '') !== cls)
      return false;
    good += c.chars;
  }
  return good >= 200;
}
