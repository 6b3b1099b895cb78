import type { PageType, RemovedSpan } from '../extract.types.js';
import type { ListingLink } from './listing.js';

/** Metadata read from an HTML page. */
export interface HtmlMetadata {
  title?: string;
  author?: string;
  /** Every author named (JSON-LD, meta, bylines), in page order. */
  authors?: string[];
  publishedAt?: string;
  updatedAt?: string;
  url?: string;
  source?: string;
  /** Set when `source` is only the URL's host (the page names no site or publisher). */
  sourceIsHost?: boolean;
  language?: string;
  leadImageUrl?: string;
}

/** Result of the HTML extractor, before fingerprints are added. */
export interface HtmlExtraction {
  /** Set (to the depth found) when the page was refused for nesting deeper than `maxDepth`. */
  tooDeep?: number;
  title: string;
  paragraphs: string[];
  meta: HtmlMetadata;
  method: 'html-scored' | 'html-readability';
  /** What kind of page this is (article, listing, collection, product, forum, documentation, service). */
  pageType?: PageType;
  removed: RemovedSpan[];
  warnings: string[];
  /**
   * Set when the extractor was asked for listing links (`listingLinks`) and the page is read as a listing or
   * collection (declared, or guessed with few article words): its article links (see listing.ts).
   */
  listing?: { declared: boolean; links: ListingLink[] };
}

/** Tunables of the scoring extractor (defaults measured on the development set, see test/eval/extract/RESULTS.md). */
export interface HtmlExtractOptions {
  /** Below this many words from the scoring extractor, Readability is tried and the longer result kept. */
  fallbackMinWords?: number;
  /** Below this many words, Readability is asked for a second opinion (see the choice rule in extract-html.ts). */
  secondOpinionWords?: number;
  /** Below this many words on a page not read as an article, Readability is asked for a second opinion (default
   * SECOND_OPINION.otherWords in structure.ts: 0, off; listing and collection pages never). */
  secondOpinionOtherWords?: number;
  /** The second opinion must be at least this many times longer to win. */
  secondOpinionRatio?: number;
  /** ... and hold at least this share of the first result's words. */
  secondOpinionCover?: number;
  /** Include siblings of the best container whose good text is at least this share of the container's. */
  siblingShare?: number;
  /** Which blocks inside the container are kept: smoothed-good only, also near-good, also sandwiched short blocks. */
  inclusion?: 'good' | 'near-good' | 'short';
  /** Count near-good blocks when scoring containers. */
  scoreNearGood?: boolean;
  /** Maximum link density of long prose blocks (short blocks: 0.2). */
  linkDensityProse?: number;
  /** Blocks shorter than this are "short" (jusText length_low). */
  lengthLow?: number;
  /** Inside the container, keep link-free blocks of at least this many chars whatever their stop words (0: off). */
  lenientChars?: number;
  /** Also widen the container to its parent when the parent holds at least this many times its good text. */
  climbRatio?: number;
  /** Siblings right before the container with at least this many good chars join it (0, the default, disables). */
  adjacentChars?: number;
  /** An element matched only by a weak negative class rule is kept when it holds this much link-poor prose (0: off). */
  proseChars?: number;
  /** A weak negative class match is ignored when the matched class names are on at least this many elements of the
   * page (default LAYOUT_CLASS_COUNT in structure.ts; 0: off). */
  layoutClassCount?: number;
  /** Structural blocks (subheads, list items, table rows, code, quotes) between kept blocks of the container are kept
   * when their link density is at most this (0: off). */
  structuralLinkDensity?: number;
  /** Structural blocks after the last kept block of the container are kept when their link density is at most this
   * (0: off; default STRUCTURAL_TAIL.linkDensity in structure.ts). */
  structuralTail?: number;
  /** Power of the good-text share in the dense-region score (good × share^power); 0 disables the region step. */
  regionPower?: number;
  /** The dense region replaces the scored container when it holds at least this many times its good text. */
  regionGain?: number;
  /** Drop everything after a section-end block ("Related articles", "Comments") once article text was seen. */
  sectionCut?: boolean;
  /** A section-end marker followed by good text in a sibling wrapper like the article's (same tag and class) is not an end. */
  sectionContinuation?: boolean;
  /** On listing and collection pages, return the teaser list (see listing.ts) when it is longer than the article
   * text found. 'declared' (default): when the page type is declared, or guessed from link text and the article
   * scorer found fewer than `guessedListingMaxWords` words; true: whenever the page type says so; false: never. */
  listingTeasers?: boolean | 'declared';
  /** See `listingTeasers` (default 50). */
  guessedListingMaxWords?: number;
  /** Which word count `guessedListingMaxWords` bounds: the scoring extractor's before the Readability second opinion
   * ('scorer', default) or the final text's ('final', before 2026-12-01). */
  guessedListingWords?: 'final' | 'scorer';
  /** Show collapsed accordion / tab / expander panels before hidden elements are dropped (see prepare.ts). */
  revealPanels?: boolean;
  /** On a page declared a product page (schema.org type, og:type or URL path, see page-type.ts): widen the container to
   * take in the product heading (`h1`), and keep its link-free blocks of at least `productLenientChars` chars whatever
   * their stop words (specs, feature lists, dimensions). Default on. */
  productRegion?: boolean;
  /** On a page declared a product page, drop elements named by `PRODUCT_FURNITURE` (structure.ts) that do not hold the
   * product heading (customer reviews, ratings, shipping and returns terms). Default on. */
  productFurniture?: boolean;
  /** See `productRegion` (default 15). */
  productLenientChars?: number;
  /** On a page with no article signal (no schema.org article type, no og:type article, no publication date) whose text
   * is not its teaser list, the page's own text replaces the scored text when the scored text has fewer than this share
   * of its words (page-text.ts). Default `PAGE_TEXT.share` (structure.ts); 0 turns the rule off. */
  pageTextShare?: number;
  /** When the scored text is not article prose, the whole page text (teasers included) replaces it when the scored text
   * has fewer than this share of its words, on a page with no article signal (page-text.ts). Default
   * `PAGE_TEXT.listShare`; 0 turns the rule off. */
  pageListShare?: number;
  /** The same share on a page with an article signal. Default `PAGE_TEXT.listSignalShare`; 0 turns the rule off. */
  pageListSignalShare?: number;
  /** On a page declared a forum thread (schema.org type or URL path), every post of the run of repeated siblings
   * around the scored container joins it (see FORUM_RULES in structure.ts). Default on. */
  forumPosts?: boolean;
  /** Stop-word density thresholds (jusText stopwords_low / stopwords_high), for this library's stop-word list. */
  stopLow?: number;
  stopHigh?: number;
}
