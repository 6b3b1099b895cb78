import { CLEAN_TOPIC, RAW_TOPIC, articleId, type CleanArticle, type RawDocument } from '@newsflow/contracts';
import {
  contentHash,
  detectLanguage,
  extractArticles,
  hostOf,
  minhashSignature,
  normaliseText,
  parseAnyDate,
  simhash,
  type ExtractedArticle,
} from '@newsflow/extract';
import {
  PermanentError,
  jsonMessage,
  parseOrThrow,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';
import type { DuplicateStore } from '../dedup.adapter.js';

/** Formats whose documents already carry a title and a plain-text body (one article each, no page furniture). */
const STRUCTURED_FORMATS = new Set<RawDocument['format']>(['ndjson', 'rss', 'atom']);

/**
 * Turns one raw document into clean articles: main-text extraction and aggregator splitting (libs/extract),
 * metadata, language, deterministic ids and duplicate detection. A document that yields no article is a
 * permanent failure with the extractor's reason, so it reaches the dead-letter topic instead of vanishing.
 */
export class CleanDocumentHandler {
  constructor(
    private readonly dedup: DuplicateStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const raw = parseOrThrow(RAW_TOPIC, message.value);
    const articles = this.extract(raw);
    const outputs: OutboundMessage[] = [];
    const cleanedAt = this.clock().toISOString();
    const seen = new Set<string>();
    for (const a of articles) {
      const source = a.source ?? raw.source ?? hostOf(a.url ?? raw.url);
      const url = a.url ?? (articles.length === 1 ? raw.url : undefined);
      const id = articleId({ url, source, title: a.title, body: a.body });
      if (seen.has(id)) continue; // the same article twice in one document
      seen.add(id);
      const verdict = await this.dedup.register(id, a.contentHash, minhashSignature(a.body));
      const article: CleanArticle = {
        schemaVersion: 1,
        id,
        dumpId: raw.dumpId,
        title: a.title,
        body: a.body,
        source,
        url,
        author: a.author ?? raw.author,
        publishedAt: a.publishedAt ?? parseAnyDate(raw.publishedAt, raw.receivedAt),
        language: a.language,
        leadImageUrl: a.leadImageUrl,
        contentHash: a.contentHash,
        simhash: a.simhash,
        storyId: verdict.storyId,
        duplicateOf: verdict.duplicateOf,
        receivedAt: raw.receivedAt,
        cleanedAt,
      };
      outputs.push(jsonMessage(CLEAN_TOPIC, id, article));
    }
    return outputs;
  }

  private extract(raw: RawDocument): ExtractedArticle[] {
    if (raw.title && raw.contentType === 'text/plain' && STRUCTURED_FORMATS.has(raw.format)) {
      const body = normaliseText(raw.body);
      const title = normaliseText(raw.title);
      if (!body || !title)
        throw new PermanentError(
          'no_content',
          `document ${raw.docIndex} of dump ${raw.dumpId} has an empty title or body`,
        );
      return [
        {
          title,
          body,
          contentHash: contentHash(body),
          simhash: simhash(body),
          language: detectLanguage(`${title}\n${body}`),
        },
      ];
    }
    const res = extractArticles({
      body: raw.body,
      format: raw.contentType === 'text/html' ? 'html' : 'text',
      url: raw.url,
      receivedAt: raw.receivedAt,
      contentType: raw.contentType,
    });
    if (!res.ok)
      throw new PermanentError(res.reason, `document ${raw.docIndex} of dump ${raw.dumpId}: ${res.message}`);
    const articles = res.articles.filter((a) => a.title.trim() && a.body.trim());
    if (articles.length === 0)
      throw new PermanentError(
        'no_content',
        `document ${raw.docIndex} of dump ${raw.dumpId}: no article with a title and a body was found`,
      );
    if (raw.title && articles.length === 1 && articles[0])
      return [{ ...articles[0], title: articles[0].title || raw.title }];
    return articles;
  }
}
