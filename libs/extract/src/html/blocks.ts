import { matchLineRule, type RuleSet } from '../boilerplate-rules.js';
import { ELEMENT_NODE, TEXT_NODE, type DomElement, type DomNode } from '../dom.types.js';
import { decodeBrokenEntities, normaliseInline, wordTokens } from '../normalise.js';
import { ENGLISH_STOPWORDS } from '../stopwords.js';
import type { HtmlExtractOptions } from './types.js';
import {
  BLOCK,
  HEADING,
  LENGTH_HIGH,
  LENGTH_LOW,
  MAX_LINK_DENSITY,
  MAX_LINK_DENSITY_PROSE,
  SKIP,
  STOP_HIGH,
  STOP_LOW,
} from './structure.js';

const ROW_BLOCKS =
  'p, div, table, ul, ol, dl, h1, h2, h3, h4, h5, h6, blockquote, pre, section, article, form';

function cellsOf(tr: DomElement): DomElement[] {
  const out: DomElement[] = [];
  for (let i = 0; i < tr.children.length; i++) {
    const c = tr.children[i];
    if (c && (c.localName === 'td' || c.localName === 'th')) out.push(c);
  }
  return out;
}

/** A table row of data (two or more cells holding only inline content), not a layout row holding page regions. */
function isDataRow(tr: DomElement): boolean {
  return cellsOf(tr).length >= 2 && !tr.querySelector(ROW_BLOCKS);
}

/** One text block: the text of an innermost block element, with its jusText features and class. */
export interface Block {
  owner: DomElement;
  text: string;
  chars: number;
  linkChars: number;
  words: number;
  stopDensity: number;
  heading: boolean;
  cls: 'good' | 'bad' | 'short' | 'near-good';
  /** Class before the context-sensitive pass. */
  init: 'good' | 'bad' | 'short' | 'near-good';
  ruleId?: string;
}

/** Splits the page into text blocks (one per innermost block element), recording link text. */
export function collectBlocks(root: DomElement): Block[] {
  const blocks: Block[] = [];
  const owners: DomElement[] = [root];
  let parts: string[] = [];
  let linkChars = 0;
  let inLink = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    // a single <br> is a line break inside a paragraph, two or more separate paragraphs
    const text = decodeBrokenEntities(parts.join(''))
      .split(/[ \t\u00a0]*\n[ \t\u00a0]*\n[\s\u00a0]*/)
      .map((p) => normaliseInline(p.replace(/\s*\n\s*/g, ' ')))
      .filter(Boolean)
      .join('\n\n');
    parts = [];
    const lc = linkChars;
    linkChars = 0;
    if (!text) return;
    const owner = owners[owners.length - 1] ?? root;
    const toks = wordTokens(text);
    let stops = 0;
    for (const t of toks) if (ENGLISH_STOPWORDS.has(t.toLowerCase())) stops++;
    blocks.push({
      owner,
      text,
      chars: text.length,
      linkChars: Math.min(lc, text.length),
      words: toks.length,
      stopDensity: toks.length ? stops / toks.length : 0,
      heading: HEADING.test(owner.localName),
      cls: 'bad',
      init: 'bad',
    });
  };
  const inlineCells = new Set<DomElement>();
  // iterative walk: deeply nested pages must not overflow the stack
  type Frame =
    { node: DomNode; exit: false } | { node: DomElement; exit: true; block: boolean; link: boolean };
  const stack: Frame[] = [];
  for (let c = root.firstChild; c; c = c.nextSibling) stack.push({ node: c, exit: false });
  stack.reverse();
  while (stack.length) {
    const f = stack.pop() as Frame;
    if (f.exit) {
      if (f.block) {
        flush();
        owners.pop();
      }
      if (f.link) inLink--;
      continue;
    }
    const node = f.node;
    if (node.nodeType === TEXT_NODE) {
      const t = node.textContent ?? '';
      parts.push(t);
      if (inLink > 0) linkChars += t.trim().length;
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as DomElement;
    const name = el.localName;
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      parts.push('\n');
      continue;
    }
    let block = BLOCK.has(name);
    if (name === 'tr' && isDataRow(el)) for (const c of cellsOf(el)) inlineCells.add(c);
    else if (inlineCells.has(el)) {
      // a cell of a data-table row: the row is one block, its cells separated by " | "
      block = false;
      if (el.parentElement?.children[0] !== el) parts.push(' | ');
    }
    const link = name === 'a';
    if (block) {
      flush();
      owners.push(el);
    }
    if (link) inLink++;
    stack.push({ node: el, exit: true, block, link });
    const kids: DomNode[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k] as DomNode, exit: false });
  }
  flush();
  return blocks;
}
export function classifyBlocks(
  blocks: Block[],
  rules: RuleSet,
  stopwordsUsable: boolean,
  tuning: HtmlExtractOptions = {},
): void {
  const ldProse = tuning.linkDensityProse ?? MAX_LINK_DENSITY_PROSE;
  const lengthLow = tuning.lengthLow ?? LENGTH_LOW;
  const stopLow = tuning.stopLow ?? STOP_LOW;
  const stopHigh = tuning.stopHigh ?? STOP_HIGH;
  for (const b of blocks) {
    const ld = b.chars ? b.linkChars / b.chars : 0;
    const rule = b.chars < 200 ? matchLineRule(rules, b.text) : undefined;
    const sd = stopwordsUsable ? b.stopDensity : stopHigh;
    if (rule) {
      b.cls = 'bad';
      b.ruleId = rule;
    } else if (ld > (b.chars >= 150 && sd >= stopLow ? ldProse : MAX_LINK_DENSITY)) {
      // long prose with inline links (attributions, tickers) tolerates more link text than menus and teasers
      b.cls = 'bad';
    } else if (b.text.includes('©') || b.text.includes('&copy')) b.cls = 'bad';
    else if (b.chars < lengthLow) b.cls = ld > 0 ? 'bad' : 'short';
    else if (sd >= stopHigh) b.cls = b.chars > LENGTH_HIGH ? 'good' : 'near-good';
    else if (sd >= stopLow) b.cls = 'near-good';
    else b.cls = 'bad';
  }
  for (const b of blocks) b.init = b.cls;
  // a page whose best blocks are all merely near-good (short articles) keeps them
  if (!blocks.some((b) => b.cls === 'good'))
    for (const b of blocks) if (b.cls === 'near-good') b.cls = 'good';
  // context-sensitive pass (jusText): short and near-good blocks take the class of their neighbours
  const n = blocks.length;
  const initial = blocks.map((b) => b.cls);
  const neighbour = (i: number, dir: 1 | -1, ignoreNearGood: boolean): 'good' | 'bad' | 'near-good' => {
    for (let j = i + dir; j >= 0 && j < n; j += dir) {
      const c = initial[j];
      if (c === 'good' || c === 'bad') return c;
      if (c === 'near-good' && !ignoreNearGood) return 'near-good';
    }
    return 'bad';
  };
  const next: Array<Block['cls']> = [...initial];
  for (let i = 0; i < n; i++) {
    if (initial[i] !== 'short') continue;
    const p = neighbour(i, -1, true);
    const q = neighbour(i, 1, true);
    if (p === 'good' && q === 'good') next[i] = 'good';
    else if (p === 'bad' && q === 'bad') next[i] = 'bad';
    else if (
      (p === 'bad' && neighbour(i, -1, false) === 'near-good') ||
      (q === 'bad' && neighbour(i, 1, false) === 'near-good')
    )
      next[i] = 'good';
    else next[i] = 'bad';
  }
  for (let i = 0; i < n; i++) {
    if (initial[i] !== 'near-good') continue;
    const p = neighbour(i, -1, true);
    const q = neighbour(i, 1, true);
    next[i] = p === 'bad' && q === 'bad' ? 'bad' : 'good';
  }
  // headings directly followed (within 200 chars) by good text are part of the article
  for (let i = 0; i < n; i++) {
    const b = blocks[i] as Block;
    if (!b.heading || next[i] === 'good' || b.ruleId) continue;
    let dist = 0;
    for (let j = i + 1; j < n && dist <= 200; j++) {
      if (next[j] === 'good') {
        next[i] = 'good';
        break;
      }
      dist += (blocks[j] as Block).chars;
    }
  }
  for (let i = 0; i < n; i++) (blocks[i] as Block).cls = next[i] ?? 'bad';
}
