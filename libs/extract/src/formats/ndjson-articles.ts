import type { DumpDocument } from './dump-format.types.js';
import { htmlFragmentText, htmlInlineText, isFullHtmlPage, looksLikeHtml } from './html-snippets.js';

/** What the article parsers return; `index` of documents is assigned by the caller. */
export interface ParsedPart {
  documents: Array<Omit<DumpDocument, 'index' | 'charset'>>;
  urls: string[];
  /** Inline documents keyed by an entry of `urls`, used when that download fails. */
  fallbacks?: Record<string, Omit<DumpDocument, 'index' | 'charset'>>;
  warnings: string[];
  /** Records that were not usable (for the "every line failed" check). */
  failed: number;
  /** Records seen. */
  total: number;
}

const BODY_KEYS = ['body', 'text', 'content', 'html', 'articleBody'] as const;
const TITLE_KEYS = ['title', 'headline'] as const;
const URL_KEYS = ['url', 'link', 'canonicalUrl'] as const;
const SOURCE_KEYS = ['source', 'site', 'publisher', 'siteName'] as const;
const AUTHOR_KEYS = ['author', 'byline', 'authors', 'creator'] as const;
const DATE_KEYS = ['publishedAt', 'published_at', 'published', 'datePublished', 'date', 'pubDate'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text fields whose values must be strings (or, for people and publishers, `{name}` objects and lists). */
const TEXT_KEYS: readonly string[] = [...BODY_KEYS, ...TITLE_KEYS, ...URL_KEYS];
const NAME_KEYS: readonly string[] = [...SOURCE_KEYS, ...AUTHOR_KEYS];

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * The first known field holding a value of the wrong type, as a message: a number where a title or source is
 * expected is a producer bug, never text to store ("5").
 */
function wrongType(record: Record<string, unknown>): string | undefined {
  for (const k of TEXT_KEYS) {
    const v = record[k];
    if (v !== undefined && v !== null && typeof v !== 'string')
      return `field "${k}" must be a string, got ${typeName(v)}`;
  }
  for (const k of NAME_KEYS) {
    const v = record[k];
    const ok = (x: unknown) =>
      typeof x === 'string' || (isRecord(x) && (x.name === undefined || typeof x.name === 'string'));
    if (v !== undefined && v !== null && !(ok(v) || (Array.isArray(v) && v.every(ok))))
      return `field "${k}" must be a string, a {name} object or a list of them, got ${typeName(v)}`;
  }
  return undefined;
}

/** A string field, or the `name` of an object field, or names joined for arrays (authors). */
function stringish(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  // Numbers only reach here for dates (epoch seconds or milliseconds): text fields are type-checked first.
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (isRecord(v)) return stringish(v.name);
  if (Array.isArray(v)) {
    const parts = v.map(stringish).filter((s): s is string => s !== undefined);
    return parts.length ? parts.join(', ') : undefined;
  }
  return undefined;
}

function pick(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = stringish(record[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function httpUrl(s: string | undefined): string | undefined {
  if (!s) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns one article record into a document, a URL to fetch (record with a URL and no body), or an error
 * message. `where` names the record in messages ("line 3").
 */
export function articleFromRecord(
  value: unknown,
  where: string,
): { document: ParsedPart['documents'][number] } | { url: string } | { error: string } {
  if (!isRecord(value))
    return {
      error: `${where}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    };
  const badField = wrongType(value);
  if (badField) return { error: `${where}: ${badField}` };
  let body: string | undefined;
  for (const k of BODY_KEYS) {
    const v = value[k];
    if (typeof v === 'string' && v.trim() !== '') {
      body = v;
      break;
    }
  }
  const rawUrl = pick(value, URL_KEYS);
  const url = httpUrl(rawUrl);
  if (body === undefined) {
    if (url) return { url };
    return { error: `${where}: no non-empty body/text/content field and no http(s) url` };
  }
  const declared = typeof value.contentType === 'string' ? value.contentType.toLowerCase() : '';
  const isHtml =
    declared.startsWith('text/html') || (!declared.startsWith('text/plain') && looksLikeHtml(body, 1));
  // A record is one article: markup in its body is formatting, not a page to extract from. Only a whole page
  // (doctype, <html>, <head>, <body>) keeps its markup for the extractor, which removes its navigation.
  let document: ParsedPart['documents'][number];
  if (isHtml && isFullHtmlPage(body)) {
    document = { body, contentType: 'text/html' };
  } else if (isHtml) {
    const text = htmlFragmentText(body);
    if (text === '') return { error: `${where}: the body is HTML markup without any text` };
    document = { body: text, contentType: 'text/plain' };
  } else {
    document = { body, contentType: 'text/plain' };
  }
  const rawTitle = pick(value, TITLE_KEYS);
  const title = rawTitle !== undefined && /[<&]/.test(rawTitle) ? htmlInlineText(rawTitle) : rawTitle;
  if (title) document.title = title;
  if (url !== undefined) document.url = url;
  const source = pick(value, SOURCE_KEYS);
  if (source !== undefined) document.source = source;
  const author = pick(value, AUTHOR_KEYS);
  if (author !== undefined) document.author = author;
  const publishedAt = pick(value, DATE_KEYS);
  if (publishedAt !== undefined) document.publishedAt = publishedAt;
  return { document };
}

function collect(part: ParsedPart, value: unknown, where: string): void {
  part.total++;
  const r = articleFromRecord(value, where);
  if ('document' in r) part.documents.push(r.document);
  else if ('url' in r) part.urls.push(r.url);
  else {
    part.failed++;
    part.warnings.push(r.error);
  }
}

/**
 * Parses NDJSON of articles (one JSON object per line), or a single JSON object/array of them. Bad lines
 * become warnings naming their line number; they are never dropped silently.
 */
export function parseArticleJson(text: string): ParsedPart {
  const part: ParsedPart = { documents: [], urls: [], warnings: [], failed: 0, total: 0 };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    // One JSON document (pretty-printed object, or an array of articles) rather than one per line.
    let whole: unknown;
    let parsed = false;
    try {
      whole = JSON.parse(trimmed);
      parsed = true;
    } catch {
      // fall through to line-by-line
    }
    if (parsed && Array.isArray(whole)) {
      whole.forEach((v, i) => collect(part, v, `item ${i}`));
      return part;
    }
    if (parsed && isRecord(whole) && !trimmed.includes('\n')) {
      collect(part, whole, 'line 1');
      return part;
    }
    if (parsed && isRecord(whole)) {
      collect(part, whole, 'document');
      return part;
    }
  }
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      part.total++;
      part.failed++;
      part.warnings.push(`line ${i + 1}: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    collect(part, value, `line ${i + 1}`);
  });
  return part;
}
