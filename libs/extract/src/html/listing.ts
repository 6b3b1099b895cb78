import { applyInlineRules, matchLineRule, type RuleSet } from '../boilerplate-rules.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import type { PageType } from '../extract.types.js';
import type { Block } from './blocks.js';
import { isInside } from './candidates.js';

/**
 * Listing and collection pages (section fronts, blog indexes, category and search pages) are sources of links and
 * teasers, not articles: their main content is the list itself (item titles, teaser lines, bylines, prices), which
 * the article scorer drops as link text. The rules, as data.
 */
export const LISTING_RULES = {
  /** Page types whose main content is their list of items. */
  types: new Set<PageType>(['listing', 'collection']),
  /** A block that is mostly link text is kept as a teaser title only from this length (menus are shorter). */
  minLinkedChars: 20,
  /** A link-free block is kept from this length (labels, prices and counters are shorter). */
  minPlainChars: 12,
  /** The `<main>` element bounds the list when it holds at least this share of the page's text. */
  mainShare: 0.3,
};

/**
 * The teaser text of a listing or collection page: the blocks left after page furniture was removed (navigation,
 * header, footer, asides: see cleanDom) and boilerplate lines were matched, inside `<main>` when the page has one that
 * holds a fair share of its text; menu-length link blocks and label-length fragments are dropped.
 */
export function listingText(
  doc: DomDocument,
  blocks: Block[],
  rules: RuleSet,
  pageType: PageType | undefined,
): string[] | undefined {
  if (!pageType || !LISTING_RULES.types.has(pageType)) return undefined;
  const total = blocks.reduce((n, b) => n + b.chars, 0);
  let scope: Set<DomElement> | undefined;
  const mains = doc.querySelectorAll('main, [role="main"]');
  if (mains.length === 1 && mains[0]) {
    const main = new Set<DomElement>([mains[0]]);
    const inMain = blocks.filter((b) => isInside(b.owner, main)).reduce((n, b) => n + b.chars, 0);
    if (inMain >= LISTING_RULES.mainShare * total) scope = main;
  }
  const out: string[] = [];
  for (const b of blocks) {
    if (scope && !isInside(b.owner, scope)) continue;
    // a "Latest news" / "Most read" heading does not end a list the way it ends an article: only the block's own
    // boilerplate match counts here
    if (b.ruleId && b.chars < 200 && matchLineRule(rules, b.text)) continue;
    const linked = b.linkChars > 0.5 * b.chars;
    if (b.chars < (linked ? LISTING_RULES.minLinkedChars : LISTING_RULES.minPlainChars)) continue;
    for (const para of b.text.split('\n\n')) {
      const t = applyInlineRules(rules, para);
      if (t) out.push(t);
    }
  }
  return out;
}
