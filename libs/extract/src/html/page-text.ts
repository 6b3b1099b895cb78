import type { RuleSet } from '../boilerplate-rules.js';
import type { DomDocument } from '../dom.types.js';
import { normaliseInline, wordTokens } from '../normalise.js';
import type { Block } from './blocks.js';
import { scopedText } from './listing.js';
import { PAGE_TEXT } from './structure.js';
import type { HtmlExtractOptions } from './types.js';

/** Tunables of the page-text rules (see {@link pageText}), part of `HtmlExtractOptions`. */
export type PageTextOptions = Pick<
  HtmlExtractOptions,
  'pageTextShare' | 'pageListShare' | 'pageListSignalShare'
>;

/** What the page-text rules decide for one page (see {@link pageText}). */
export interface PageTextInput {
  /** The text the article scorer (and its fallback) found, before any teaser list replaced it. */
  scored: string[];
  /** The page title (a leading copy of it is dropped). */
  title: string;
  /** Whether the page says it is an article (see hasArticleSignal in page-type.ts). */
  articleSignal: boolean;
  /** Whether the text is already the teaser list of a listing or collection page (listing.ts). */
  teasers: boolean;
}

const SENTENCE_END = /[.!?:;]["'\u2019\u201d)\]]*$/;

/**
 * Whether paragraphs read as article prose (PAGE_TEXT.prose): at least `paragraphs` paragraphs of at least `words`
 * words that end like a sentence, holding at least `share` of all the words. A run of full sentences is an article's
 * body; the one paragraph of a hero section, a product card grid or a teaser list is not.
 */
export function isProse(paragraphs: string[], prose: typeof PAGE_TEXT.prose = PAGE_TEXT.prose): boolean {
  let words = 0;
  let sentenceWords = 0;
  let sentences = 0;
  for (const p of paragraphs) {
    const n = wordTokens(p).length;
    words += n;
    if (n >= prose.words && SENTENCE_END.test(p.trim())) {
      sentenceWords += n;
      sentences++;
    }
  }
  return words > 0 && sentences >= prose.paragraphs && sentenceWords >= prose.share * words;
}

const wordsOf = (ps: string[]): number => ps.reduce((n, p) => n + wordTokens(p).length, 0);

function cleaned(paragraphs: string[], title: string): string[] {
  const seen = new Set<string>();
  let out = paragraphs.filter((p) => (p.length < 20 || !seen.has(p)) && Boolean(seen.add(p)));
  if (title && out[0] && normaliseInline(out[0]) === title) out = out.slice(1);
  return out;
}

/**
 * The page text, when the scored text is only a small part of it (see PAGE_TEXT in structure.ts). Two rules, each a
 * share of the page's words the scored text must stay under:
 *
 * - the whole text (`all`): every block left after page furniture and boilerplate lines were removed, inside `<main>`
 *   when it holds a fair share of the page (the teaser text of listing pages, listing.ts), teaser titles included;
 *   only when the scored text is not article prose ({@link isProse}). Share `pageListShare` without an article
 *   signal, `pageListSignalShare` with one;
 * - the page's own text (`own`): the same blocks without those that are mostly link text, nothing after a section
 *   end, no product furniture; only on a page with no article signal whose text is not its teaser list already.
 *   Share `pageTextShare`.
 *
 * Verbatim repeats and a leading copy of the title are dropped. Undefined when neither rule applies.
 */
export function pageText(
  doc: DomDocument,
  blocks: Block[],
  rules: RuleSet,
  input: PageTextInput,
  opts: PageTextOptions = {},
): { paragraphs: string[]; words: number; scoredWords: number; kind: 'all' | 'own' } | undefined {
  const scoredWords = wordsOf(input.scored);
  const listShare = input.articleSignal
    ? (opts.pageListSignalShare ?? PAGE_TEXT.listSignalShare)
    : (opts.pageListShare ?? PAGE_TEXT.listShare);
  if (listShare > 0 && !isProse(input.scored)) {
    const whole = scopedText(doc, blocks, rules);
    const words = wordsOf(whole);
    if (words > 0 && scoredWords < listShare * words)
      return { paragraphs: cleaned(whole, input.title), words, scoredWords, kind: 'all' };
  }
  const share = opts.pageTextShare ?? PAGE_TEXT.share;
  if (share <= 0 || input.articleSignal || input.teasers) return undefined;
  const own = scopedText(doc, blocks, rules, true);
  const words = wordsOf(own);
  if (words === 0 || scoredWords >= share * words) return undefined;
  return { paragraphs: cleaned(own, input.title), words, scoredWords, kind: 'own' };
}
