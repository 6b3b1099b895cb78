import { XMLParser } from 'fast-xml-parser';
import { decodeBasicEntities, htmlFragmentText, htmlInlineText } from './html-snippets.js';
import type { ParsedPart } from './ndjson-articles.js';

/** An item whose content has at least this many words is a document; shorter ones are teasers: fetch the link. */
export const SUBSTANTIAL_WORDS = 80;
/**
 * Fewest words of inline content that still make an article: an item without a link is a document from this
 * length on, and a teaser this long is kept as the fallback for its link. Two sentences; a one-line teaser is not
 * an article body.
 */
export const MIN_INLINE_WORDS = 20;

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name: string) => ['item', 'entry', 'link', 'author', 'category', 'dc:creator'].includes(name),
};
const parser = new XMLParser(OPTIONS);
// Atom <content type="xhtml"> holds markup as child elements; keep it raw instead of parsed into objects.
const atomParser = new XMLParser({ ...OPTIONS, stopNodes: ['feed.entry.content'] });

/** Raw XML text of a stop node as the text it stands for: CDATA unwrapped, entities decoded elsewhere. */
function unescapeRaw(raw: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', i);
    if (start === -1) return out + decodeBasicEntities(raw.slice(i));
    out += decodeBasicEntities(raw.slice(i, start));
    const end = raw.indexOf(']]>', start);
    if (end === -1) return out + raw.slice(start + 9);
    out += raw.slice(start + 9, end);
    i = end + 3;
  }
}

/** Atom entry content as HTML: xhtml content is markup already; html/text content is escaped text. */
function atomContent(node: unknown): string | undefined {
  if (typeof node === 'string') return unescapeRaw(node).trim() || undefined;
  if (!isRecord(node)) return undefined;
  const raw = node['#text'];
  if (typeof raw !== 'string') return undefined;
  return (node['@_type'] === 'xhtml' ? raw : unescapeRaw(raw)).trim() || undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a node that may be a string, `{ '#text': ... }` (with attributes) or a list of those. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(text).filter((s): s is string => s !== undefined);
    return parts.length ? parts.join(', ') : undefined;
  }
  if (isRecord(v)) return text(v['#text']) ?? text(v.name);
  return undefined;
}

function first(node: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = text(node[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function absoluteHttp(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Atom `<link rel="alternate" href>` (rel defaults to alternate); RSS `<link>text</link>`. */
function itemLink(item: Record<string, unknown>): string | undefined {
  const links = asArray(item.link);
  for (const l of links) {
    if (typeof l === 'string') return l.trim() || undefined;
    if (isRecord(l)) {
      const rel = typeof l['@_rel'] === 'string' ? l['@_rel'] : 'alternate';
      const href = l['@_href'];
      if (rel === 'alternate' && typeof href === 'string') return href;
      const t = text(l['#text']);
      if (t) return t;
    }
  }
  const guid = item.guid;
  if (isRecord(guid) && guid['@_isPermaLink'] !== 'false') return text(guid['#text']);
  if (typeof guid === 'string' && /^https?:\/\//i.test(guid)) return guid;
  return undefined;
}

function wordCount(s: string): number {
  return s === '' ? 0 : s.split(/\s+/).length;
}

/** Removes the DOCTYPE so a feed cannot define entities (no entity-expansion bombs). */
function stripDoctype(xml: string): string {
  return xml.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
}

/**
 * Parses an RSS 2.0 / RSS 1.0 / Atom feed. Item content (content:encoded, Atom content, else description/summary)
 * is an HTML fragment and becomes plain text. Items with at least {@link SUBSTANTIAL_WORDS} words are documents;
 * items without a link are documents from {@link MIN_INLINE_WORDS} words on; other items contribute their link to
 * `urls`, with their inline content (when it has {@link MIN_INLINE_WORDS} words) as the fallback used if the
 * download fails. Items with neither a link nor enough content are warnings.
 */
export function parseFeed(
  xml: string,
  format: 'rss' | 'atom',
  baseUrl?: string,
): ParsedPart | { error: string } {
  let root: unknown;
  try {
    root = (format === 'atom' ? atomParser : parser).parse(stripDoctype(xml), true);
  } catch (err) {
    return { error: `invalid XML: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isRecord(root)) return { error: 'invalid XML: no root element' };

  let channel: Record<string, unknown> | undefined;
  let items: unknown[];
  if (format === 'atom') {
    const feed = root.feed;
    if (!isRecord(feed)) return { error: 'Atom document without a <feed> element' };
    channel = feed;
    items = asArray(feed.entry);
  } else {
    const rss = root.rss ?? root['rdf:RDF'];
    if (!isRecord(rss)) return { error: 'RSS document without an <rss> or <rdf:RDF> element' };
    const ch = Array.isArray(rss.channel) ? (rss.channel[0] as unknown) : rss.channel;
    channel = isRecord(ch) ? ch : undefined;
    // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    items = asArray(channel?.item).concat(asArray(rss.item));
  }
  const source = channel ? first(channel, ['title']) : undefined;
  const feedBase = channel ? (absoluteHttp(itemLink(channel), baseUrl) ?? baseUrl) : baseUrl;

  const part: ParsedPart = { documents: [], urls: [], warnings: [], failed: 0, total: 0 };
  items.forEach((raw, i) => {
    part.total++;
    if (!isRecord(raw)) {
      part.failed++;
      part.warnings.push(`item ${i + 1}: empty`);
      return;
    }
    const link = absoluteHttp(itemLink(raw), feedBase);
    const content =
      (format === 'atom' ? atomContent(raw.content) : first(raw, ['content:encoded', 'content'])) ??
      first(raw, ['description', 'summary']);
    // Feed content is an HTML fragment: its text is the article body (no page furniture to extract).
    const body = content === undefined ? '' : htmlFragmentText(content);
    const words = wordCount(body);
    const doc: ParsedPart['documents'][number] = { body, contentType: 'text/plain' };
    const title = first(raw, ['title']);
    if (title) doc.title = htmlInlineText(title);
    if (link) doc.url = link;
    const published = first(raw, ['pubDate', 'published', 'dc:date', 'updated']);
    if (published) doc.publishedAt = published;
    const author = first(raw, ['author', 'dc:creator']);
    if (author) doc.author = author;
    if (source) doc.source = source;
    if (words >= SUBSTANTIAL_WORDS || (!link && words >= MIN_INLINE_WORDS)) {
      part.documents.push(doc);
    } else if (link) {
      part.urls.push(link);
      if (words >= MIN_INLINE_WORDS) (part.fallbacks ??= {})[link] ??= doc;
    } else {
      part.failed++;
      part.warnings.push(
        `item ${i + 1}: no link and only ${words} words of content (an item needs ${MIN_INLINE_WORDS})`,
      );
    }
  });
  return part;
}
