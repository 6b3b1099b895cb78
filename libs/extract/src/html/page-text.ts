import type { RuleSet } from '../boilerplate-rules.js';
import type { DomDocument } from '../dom.types.js';
import { normaliseInline, wordTokens } from '../normalise.js';
import type { Block } from './blocks.js';
import { scopedText } from './listing.js';
import { PAGE_TEXT } from './structure.js';
import type { HtmlExtractOptions } from './types.js';

/** Tunables of the page-text rule (see {@link pageText}), part of `HtmlExtractOptions`. */
export type PageTextOptions = Pick<HtmlExtractOptions, 'pageTextShare'>;

/**
 * The page text of a page with no article signal, when the scored text `out` is a small share of it (see PAGE_TEXT in
 * structure.ts): every block left after page furniture and boilerplate lines were removed, inside `<main>` when it
 * holds a fair share of the page (the teaser text of listing pages, listing.ts), verbatim repeats and a leading copy of
 * the title dropped. Undefined when the rule does not apply.
 */
export function pageText(
  doc: DomDocument,
  blocks: Block[],
  rules: RuleSet,
  out: string[],
  title: string,
  share: number = PAGE_TEXT.share,
): { paragraphs: string[]; words: number; scoredWords: number } | undefined {
  if (share <= 0) return undefined;
  const whole = scopedText(doc, blocks, rules, true);
  const words = whole.reduce((n, p) => n + wordTokens(p).length, 0);
  const scoredWords = out.reduce((n, p) => n + wordTokens(p).length, 0);
  if (words === 0 || scoredWords >= share * words) return undefined;
  const seen = new Set<string>();
  let paragraphs = whole.filter((p) => (p.length < 20 || !seen.has(p)) && Boolean(seen.add(p)));
  if (title && paragraphs[0] && normaliseInline(paragraphs[0]) === title) paragraphs = paragraphs.slice(1);
  return { paragraphs, words, scoredWords };
}
