import {
  CLEAN_TOPIC,
  HEADER_LINK_DEPTH,
  INGEST_TOPIC,
  RAW_TOPIC,
  articleId,
  ingestEnvelopeSchema,
  readLinkDepth,
  type CleanArticle,
  type IngestEnvelope,
  type RawDocument,
} from '@newsflow/contracts';
import {
  articlesOfDocument,
  hostOf,
  listingSource,
  minhashSignature,
  type ExtractedArticle,
} from '@newsflow/extract';
import {
  PermanentError,
  deadLetterFor,
  jsonMessage,
  parseOrThrow,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';
import type { DuplicateStore } from '../dedup.adapter.js';

/**
 * Sizes beyond which a text is not an article (config: `CLEAN_MAX_*`, see clean.config.ts). A plain-text document
 * with a longer line is data (a minified blob, base64, a log), not prose: `line_too_long`. An article body or title
 * beyond its cap is a segmentation failure or not news: `article_too_long` / `title_too_long`. Each goes to the
 * dead-letter topic with the sizes; the other articles of the document are kept.
 */
export interface TextLimits {
  maxArticleChars: number;
  maxTitleChars: number;
  maxLineChars: number;
}

export const DEFAULT_TEXT_LIMITS: TextLimits = {
  maxArticleChars: 200_000,
  maxTitleChars: 500,
  maxLineChars: 50_000,
};

/**
 * Listing and collection pages as sources of links (config: `CLEAN_LISTING_*`). A page read confidently as a listing
 * (see `listingSource` in libs/extract) whose link depth is below `maxDepth` is not published as an article: its
 * article links (at most `maxLinks`) go back to fetch as a URL list on `news.ingest.v1`, under the page's dump id, with
 * the link depth one higher, so the pages they lead to are fetched and cleaned as articles and a listing among them is
 * not expanded again. `maxDepth` 0 turns it off.
 */
export interface ListingLinkOptions {
  maxLinks: number;
  maxDepth: number;
}

export const DEFAULT_LISTING_OPTIONS: ListingLinkOptions = { maxLinks: 50, maxDepth: 1 };

/**
 * How consumed raw documents and produced clean articles are validated: `fast` (default) tries the checks compiled
 * from the zod schemas first (`fastCheckOf`: true only when zod would accept the value and return it unchanged)
 * and leaves anything else to zod, which decides and names the fields; `zod` validates with zod only (for A/B and
 * the equality spec). Config: `CLEAN_VALIDATION`.
 */
export type CleanValidation = 'fast' | 'zod';

/** The raw document of a message: the raw topic's compiled check first (`fast`), zod's parse (and its error) otherwise. */
function parseRawDocument(value: Buffer, validation: CleanValidation): RawDocument {
  return parseOrThrow(RAW_TOPIC, value, { fastCheck: validation === 'fast' });
}

/** The clean-topic message of an article whose keys are in the schema's order (so the bytes are zod's). */
function cleanArticleMessage(
  id: string,
  article: CleanArticle,
  validation: CleanValidation,
): OutboundMessage {
  return jsonMessage(CLEAN_TOPIC, id, article, {}, { fastCheck: validation === 'fast' });
}

/** Length of the longest line, without building the lines. */
function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (stop - start > longest) longest = stop - start;
    if (end === -1) return longest;
    start = end + 1;
  }
}

/**
 * Turns one raw document into clean articles: main-text extraction and aggregator splitting (libs/extract),
 * metadata, language, deterministic ids and duplicate detection. A document that yields no article is a
 * permanent failure with the extractor's reason, so it reaches the dead-letter topic instead of vanishing.
 */
export class CleanDocumentHandler {
  constructor(
    private readonly dedup: DuplicateStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly limits: TextLimits = DEFAULT_TEXT_LIMITS,
    private readonly listings: ListingLinkOptions = DEFAULT_LISTING_OPTIONS,
    private readonly validation: CleanValidation = 'fast',
  ) {}

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const raw = parseRawDocument(message.value, this.validation);
    const outputs: OutboundMessage[] = [];
    const extracted = this.extract(this.checkLines(raw));
    const links = this.listingLinks(raw, message, extracted);
    if (links) return [links];
    const articles = this.withinLimits(raw, extracted, message, outputs);
    const cleanedAt = this.clock().toISOString();
    const seen = new Set<string>();
    for (const a of articles) {
      // articlesOfDocument already filled url, author, date and source from the raw document where the article had none.
      const url = a.url;
      const source = a.source ?? hostOf(url ?? raw.url);
      const id = articleId({ url, source, title: a.title, body: a.body });
      if (seen.has(id)) continue; // the same article twice in one document
      seen.add(id);
      const verdict = await this.dedup.register(id, a.contentHash, minhashSignature(a.body));
      // Keys in the schema's order, optional ones only when set: the compiled check then accepts the article as it
      // stands and its JSON is byte for byte what zod's copy gives (clean-document.validation.spec.ts).
      const article = {
        schemaVersion: 1,
        id,
        dumpId: raw.dumpId,
        title: a.title,
        body: a.body,
      } as CleanArticle;
      if (source !== undefined) article.source = source;
      if (url !== undefined) article.url = url;
      if (a.author !== undefined) article.author = a.author;
      if (a.publishedAt !== undefined) article.publishedAt = a.publishedAt;
      if (a.language !== undefined) article.language = a.language;
      if (a.leadImageUrl !== undefined) article.leadImageUrl = a.leadImageUrl;
      if (a.pageType !== undefined) article.pageType = a.pageType;
      article.contentHash = a.contentHash;
      article.simhash = a.simhash;
      article.storyId = verdict.storyId;
      if (verdict.duplicateOf !== undefined) article.duplicateOf = verdict.duplicateOf;
      article.receivedAt = raw.receivedAt;
      article.cleanedAt = cleanedAt;
      outputs.push(cleanArticleMessage(id, article, this.validation));
    }
    return outputs;
  }

  /**
   * The URL-list dump of a listing page's article links, when the page is one to follow (see {@link ListingLinkOptions}):
   * an HTML page extracted as one article of page type listing or collection, below the maximum link depth, that
   * `listingSource` reads confidently as a listing with enough article links. Anything less certain stays an article
   * (a listing without article links is published as an article of its page type), so no text is lost. The teasers are
   * not kept: each linked page is fetched whole, and a link that cannot be fetched is dead-lettered by fetch with a
   * replayable envelope.
   */
  private listingLinks(
    raw: RawDocument,
    message: InboundMessage,
    articles: ExtractedArticle[],
  ): OutboundMessage | undefined {
    const [only] = articles;
    if (articles.length !== 1 || raw.contentType !== 'text/html') return undefined;
    if (only?.pageType !== 'listing' && only?.pageType !== 'collection') return undefined;
    const depth = readLinkDepth(message.headers);
    if (depth >= this.listings.maxDepth || this.listings.maxLinks <= 0) return undefined;
    const found = listingSource(raw.body, {
      url: raw.url,
      receivedAt: raw.receivedAt,
      maxLinks: this.listings.maxLinks,
    });
    if (!found.follow) return undefined;
    const envelope: IngestEnvelope = ingestEnvelopeSchema.parse({
      id: raw.dumpId,
      receivedAt: raw.receivedAt,
      ...(raw.source ? { source: raw.source } : {}),
      contentType: 'text/uri-list',
      body: `${found.links.map((l) => l.url).join('\n')}\n`,
    });
    return {
      topic: INGEST_TOPIC,
      key: raw.dumpId,
      value: JSON.stringify(envelope),
      headers: { [HEADER_LINK_DEPTH]: String(depth + 1) },
    };
  }

  private checkLines(raw: RawDocument): RawDocument {
    if (raw.contentType !== 'text/plain') return raw; // minified one-line HTML is normal; the extractor parses it
    const longest = longestLine(raw.body);
    if (longest > this.limits.maxLineChars)
      throw new PermanentError(
        'line_too_long',
        `document ${raw.docIndex} of dump ${raw.dumpId}: a line of ${longest} characters (limit ${this.limits.maxLineChars}): not article text`,
      );
    return raw;
  }

  /** Articles within the size limits; the others are dead-lettered together (or thrown when none is left). */
  private withinLimits(
    raw: RawDocument,
    articles: ExtractedArticle[],
    message: InboundMessage,
    outputs: OutboundMessage[],
  ): ExtractedArticle[] {
    const problems: Array<{ code: string; text: string }> = [];
    const kept = articles.filter((a, i) => {
      if (a.body.length > this.limits.maxArticleChars)
        problems.push({
          code: 'article_too_long',
          text: `article ${i + 1} has ${a.body.length} characters (limit ${this.limits.maxArticleChars})`,
        });
      else if (a.title.length > this.limits.maxTitleChars)
        problems.push({
          code: 'title_too_long',
          text: `article ${i + 1} has a title of ${a.title.length} characters (limit ${this.limits.maxTitleChars})`,
        });
      else return true;
      return false;
    });
    const first = problems[0];
    if (!first) return kept;
    const err = new PermanentError(
      first.code,
      `document ${raw.docIndex} of dump ${raw.dumpId}: ${problems.map((p) => p.text).join('; ')}`,
    );
    if (kept.length === 0) throw err;
    outputs.push(deadLetterFor('clean', message, err, 1, this.clock()));
    return kept;
  }

  /** The document's articles, found as `newsflow extract` finds them (`articlesOfDocument`, libs/extract). */
  private extract(raw: RawDocument): ExtractedArticle[] {
    const res = articlesOfDocument(raw);
    if (!res.ok)
      throw new PermanentError(res.reason, `document ${raw.docIndex} of dump ${raw.dumpId}: ${res.message}`);
    return res.articles;
  }
}
