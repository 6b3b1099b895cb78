import type { DumpFormat } from '@newsflow/contracts';
import { extractArticles } from './extract-articles.js';
import type { ExtractResult } from './extract.types.js';
import { parseAnyDate } from './dates.js';
import { contentHashOfNormalised, simhash } from './fingerprint.js';
import { detectLanguage } from './language.adapter.js';
import { normaliseText } from './normalise.js';

/** The parts of one resolved document (a `news.raw.v1` message, or a document of `resolveDump`) that extraction reads. */
export interface DocumentInput {
  body: string;
  contentType: 'text/html' | 'text/plain';
  /** The format of the dump (or page) the document came from. */
  format: DumpFormat;
  title?: string | undefined;
  url?: string | undefined;
  author?: string | undefined;
  /** As the dump gave it (any date format); parsed against `receivedAt`. */
  publishedAt?: string | undefined;
  source?: string | undefined;
  /** ISO time the dump was received; relative times resolve against it. */
  receivedAt: string;
  debug?: boolean;
}

/** Formats whose documents already carry a title and a plain-text body (one article each, no page furniture). */
const STRUCTURED_FORMATS: ReadonlySet<DumpFormat> = new Set<DumpFormat>(['ndjson', 'rss', 'atom']);

/**
 * The articles of one resolved document, as the clean stage finds them (and `newsflow extract`, which runs the same
 * code): a structured record (NDJSON, feed item) with a title and a plain-text body is one article as it stands;
 * anything else goes through main-text extraction and aggregator splitting, and an article without a title or a body
 * is dropped. No article at all is a failure with the reason.
 */
export function articlesOfDocument(doc: DocumentInput): ExtractResult {
  const res = findArticles(doc);
  if (!res.ok) return res;
  // What the document says fills what the article does not: its URL (when it holds one article), author, date, source.
  const single = res.articles.length === 1;
  const publishedAt = parseAnyDate(doc.publishedAt, doc.receivedAt);
  return {
    ...res,
    articles: res.articles.map((a) => ({
      ...a,
      ...(a.url === undefined && single && doc.url !== undefined ? { url: doc.url } : {}),
      ...(a.author === undefined && doc.author !== undefined ? { author: doc.author } : {}),
      ...(a.publishedAt === undefined && publishedAt !== undefined ? { publishedAt } : {}),
      ...(a.source === undefined && doc.source !== undefined ? { source: doc.source } : {}),
    })),
  };
}

function findArticles(doc: DocumentInput): ExtractResult {
  if (doc.title && doc.contentType === 'text/plain' && STRUCTURED_FORMATS.has(doc.format)) {
    const body = normaliseText(doc.body);
    const title = normaliseText(doc.title);
    if (!body || !title)
      return { ok: false, reason: 'no_content', message: 'the record has an empty title or body' };
    return {
      ok: true,
      articles: [
        {
          title,
          body,
          contentHash: contentHashOfNormalised(body),
          simhash: simhash(body),
          language: detectLanguage(`${title}\n${body}`),
        },
      ],
      warnings: [],
    };
  }
  const res = extractArticles({
    body: doc.body,
    format: doc.contentType === 'text/html' ? 'html' : 'text',
    url: doc.url,
    ...(doc.source !== undefined ? { source: doc.source } : {}),
    receivedAt: doc.receivedAt,
    contentType: doc.contentType,
    ...(doc.debug ? { debug: true } : {}),
  });
  if (!res.ok) return res;
  const articles = res.articles.filter((a) => a.title.trim() && a.body.trim());
  const first = articles[0];
  if (!first)
    return { ok: false, reason: 'no_content', message: 'no article with a title and a body was found' };
  if (doc.title && articles.length === 1)
    return { ...res, articles: [{ ...first, title: first.title || doc.title }] };
  return { ...res, articles };
}
