/** Input accepted by {@link extractArticles}. */
export interface ExtractInput {
  /** The raw document as text (HTML or a plain-text page dump). */
  body: string;
  /** `auto` (default) sniffs HTML vs text. */
  format?: 'auto' | 'html' | 'text';
  /** Origin URL; used as canonical URL fallback and to derive the source name. */
  url?: string;
  /**
   * The producer's source label for the document (envelope `source`, `--source`): it names the source of an article
   * whose page names none (no `og:site_name`, publisher or outlet line), before the URL's host does.
   */
  source?: string;
  /** ISO time the dump was received; relative times ("15 minutes ago") resolve against it. */
  receivedAt: string;
  /** Content type as sent by the producer (only `text/html` vs `text/plain` matters here). */
  contentType?: string;
  /** When true, every removed span is reported with the id of the rule that removed it. */
  debug?: boolean;
  /** Extra boilerplate rule files (JSON, same schema as rules/boilerplate.v1.json) merged after the built-in ones. */
  ruleFiles?: string[];
}

/** One span removed as boilerplate, with the rule that removed it (debug mode only). */
export interface RemovedSpan {
  ruleId: string;
  text: string;
}

/** One article found in a document. */
export interface ExtractedArticle {
  title: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  /** Site or outlet name. */
  source?: string;
  /** Canonical URL. */
  url?: string;
  /** The authors joined with ", " (kept for consumers of one string). */
  author?: string;
  /** Every author named, in page order (never a site name or a date). */
  authors?: string[];
  /** ISO 8601. */
  publishedAt?: string;
  /** ISO 8601. */
  updatedAt?: string;
  /** ISO 639-1. */
  language?: string;
  leadImageUrl?: string;
  /** sha256 hex of the normalised body. */
  contentHash: string;
  /** 64-bit simhash of word 3-shingles, 16 hex chars. */
  simhash: string;
  /** Which extractor produced the body: `text-dump`, `html-scored` or `html-readability` (fallback). */
  method?: 'text-dump' | 'html-scored' | 'html-readability';
  /** What kind of page an HTML document is (`article` unless the page looks like something else); HTML only. */
  pageType?: PageType;
  /** Only in debug mode. */
  removed?: RemovedSpan[];
}

/** Kinds of HTML page (the WCXB page types). */
export const PAGE_TYPES = [
  'article',
  'listing',
  'collection',
  'product',
  'forum',
  'documentation',
  'service',
] as const;
export type PageType = (typeof PAGE_TYPES)[number];

/** Why a document produced no article. */
export type ExtractFailureReason = 'empty' | 'binary' | 'too_large' | 'no_content' | 'malformed';

export type ExtractResult =
  | { ok: true; articles: ExtractedArticle[]; warnings: string[] }
  | { ok: false; reason: ExtractFailureReason; message: string };
