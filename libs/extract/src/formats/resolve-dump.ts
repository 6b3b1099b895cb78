import { isGzip } from './binary-signature.js';
import { countReplacements, decodeText } from './decode-text.js';
import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_DUMP_BYTES,
  type DumpFormat,
  type DumpHints,
  type DumpDocument,
  type ResolveFailureReason,
  type ResolveLimits,
  type ResolveResult,
} from './dump-format.types.js';
import { parseFeed } from './feed-items.js';
import { gunzipCapped } from './gunzip-capped.js';
import { htmlTitle } from './html-snippets.js';
import { checkEnvelope, isEnvelopeShaped, type DumpEnvelope } from './json-envelope.js';
import { parseArticleJson, type ParsedPart } from './ndjson-articles.js';
import { sniffText } from './sniff-format.js';
import { parseUrlList } from './url-list.js';
import { parseWarc } from './warc-records.js';

/** gzip inside gzip happens (a .warc.gz gzipped again by a proxy); deeper nesting is an attack or a bug. */
const MAX_GZIP_LAYERS = 3;
const WARC_MAGIC = [0x57, 0x41, 0x52, 0x43, 0x2f]; // "WARC/"
const BASE64 = /^[A-Za-z0-9+/=_\-\s]*$/;

type Failure = Extract<ResolveResult, { ok: false }>;
type Success = Extract<ResolveResult, { ok: true }>;

function fail(reason: ResolveFailureReason, message: string): Failure {
  return { ok: false, reason, message };
}

function startsWithWarc(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    i < 64 &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return WARC_MAGIC.every((b, k) => bytes[i + k] === b);
}

function summarise(warnings: string[], max = 3): string {
  const shown = warnings.slice(0, max).join('; ');
  return warnings.length > max ? `${shown}; and ${warnings.length - max} more` : shown;
}

/** Documents of a dump decoded with `replacements` U+FFFD each carry their own share of them. */
function withReplacements<T extends { body: string; title?: string }>(
  doc: T,
  replacements: number,
): T & { replacements?: number } {
  if (replacements === 0) return doc;
  const own = countReplacements(doc.body) + countReplacements(doc.title ?? '');
  return own > 0 ? { ...doc, replacements: Math.min(own, replacements) } : doc;
}

function fromParts(format: DumpFormat, part: ParsedPart, charset: string, replacements: number): Success {
  return {
    ok: true,
    format,
    documents: part.documents.map((d, index) => withReplacements({ ...d, charset, index }, replacements)),
    urls: part.urls,
    ...(part.fallbacks
      ? {
          fallbacks: Object.fromEntries(
            Object.entries(part.fallbacks).map(([url, d]) => [
              url,
              withReplacements({ ...d, charset }, replacements),
            ]),
          ),
        }
      : {}),
    warnings: part.warnings,
  };
}

async function resolveEnvelope(
  envelope: DumpEnvelope,
  hints: DumpHints & ResolveLimits,
  depth: number,
): Promise<ResolveResult> {
  const envUrl = envelope.url;
  if (envUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(envUrl);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) return fail('malformed', `envelope url is not an absolute http(s) URL: ${envUrl.slice(0, 200)}`);
  }
  if (envelope.body === undefined) {
    return {
      ok: true,
      format: 'json-envelope',
      documents: [],
      urls: envUrl ? [new URL(envUrl).href] : [],
      warnings: [],
    };
  }
  let body: Uint8Array;
  const encoding = envelope.bodyEncoding ?? 'utf8';
  if (encoding === 'utf8') {
    body = Buffer.from(envelope.body, 'utf8');
  } else {
    if (!BASE64.test(envelope.body)) return fail('malformed', `envelope body is not valid ${encoding}`);
    body = Buffer.from(envelope.body, 'base64');
    if (encoding === 'gzip+base64' && !isGzip(body)) {
      return fail(
        'malformed',
        'envelope body is declared gzip+base64 but does not start with the gzip magic number',
      );
    }
  }
  const inner = await resolveBytes(
    body,
    {
      contentType: envelope.contentType ?? hints.contentType,
      url: envUrl ?? hints.url,
      fileName: hints.fileName,
      maxBytes: hints.maxBytes,
      maxDecompressedBytes: hints.maxDecompressedBytes,
    },
    depth + 1,
  );
  if (!inner.ok) return { ...inner, message: `envelope body: ${inner.message}` };
  if (inner.format === 'json-envelope')
    return fail('malformed', 'an envelope body may not be another envelope');
  const documents: DumpDocument[] = inner.documents.map((d) => {
    const doc = { ...d };
    if (doc.source === undefined && envelope.source !== undefined) doc.source = envelope.source;
    // A single-document body is the page at the envelope's URL; for multi-document bodies the URL is the dump's.
    if (doc.url === undefined && envUrl !== undefined && inner.documents.length === 1) doc.url = envUrl;
    return doc;
  });
  return {
    ok: true,
    format: 'json-envelope',
    innerFormat: inner.format,
    documents,
    urls: inner.urls,
    ...(inner.fallbacks ? { fallbacks: inner.fallbacks } : {}),
    warnings: inner.warnings,
  };
}

async function resolveBytes(
  input: Uint8Array,
  hints: DumpHints & ResolveLimits,
  depth: number,
): Promise<ResolveResult> {
  const maxBytes = hints.maxBytes ?? DEFAULT_MAX_DUMP_BYTES;
  const maxInflated = hints.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (input.length > maxBytes)
    return fail('too_large', `dump is ${input.length} bytes, the limit is ${maxBytes}`);
  if (input.length === 0) return fail('empty', 'dump has 0 bytes');

  let bytes = input;
  for (let layers = 0; isGzip(bytes); layers++) {
    if (layers === MAX_GZIP_LAYERS)
      return fail('malformed', `gzip nested more than ${MAX_GZIP_LAYERS} levels deep`);
    const inflated = gunzipCapped(bytes, maxInflated);
    if (!inflated.ok) return fail(inflated.reason, inflated.message);
    bytes = inflated.bytes;
  }
  if (bytes.length === 0) return fail('empty', 'dump is an empty gzip stream');

  // WARC is checked on bytes: its payloads may be binary or in several charsets, so it is never decoded whole.
  if (startsWithWarc(bytes)) {
    const warc = await parseWarc(bytes);
    if ('error' in warc) return fail('malformed', warc.error);
    return {
      ok: true,
      format: 'warc',
      documents: warc.documents.map((d, index) => ({ ...d, index })),
      urls: [],
      warnings:
        warc.candidates === 0
          ? ['WARC has no response or resource records', ...warc.warnings]
          : warc.warnings,
    };
  }

  const decoded = decodeText(bytes, { contentType: hints.contentType });
  if (!decoded.ok) return fail(decoded.reason, decoded.message);
  const { text, charset, replacements } = decoded;
  const format = sniffText(text, hints, true);
  switch (format) {
    case 'empty':
      return fail('empty', 'dump contains only whitespace');
    case 'warc':
      // Only reachable when the magic follows a BOM; decoded text is ASCII-compatible there.
      return resolveBytes(Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'), hints, depth);
    case 'json-envelope': {
      if (depth > 0) return fail('malformed', 'an envelope body may not be another envelope');
      const value = JSON.parse(text) as unknown;
      if (!isEnvelopeShaped(value)) return fail('malformed', 'not a JSON envelope');
      const checked = checkEnvelope(value);
      if (!checked.ok) return fail('malformed', `invalid envelope: ${checked.message}`);
      return resolveEnvelope(checked.envelope, hints, depth);
    }
    case 'ndjson': {
      const part = parseArticleJson(text);
      if (part.total === 0) return fail('empty', 'JSON dump has no records');
      if (part.failed === part.total) {
        return fail(
          'malformed',
          `none of the ${part.total} JSON record(s) is an article: ${summarise(part.warnings)}`,
        );
      }
      return fromParts('ndjson', part, charset, replacements);
    }
    case 'rss':
    case 'atom': {
      const part = parseFeed(text, format, hints.url);
      if ('error' in part) return fail('malformed', part.error);
      if (part.total > 0 && part.failed === part.total) {
        return fail(
          'malformed',
          `none of the ${part.total} feed item(s) has a link or enough content: ${summarise(part.warnings)}`,
        );
      }
      const result = fromParts(format, part, charset, replacements);
      if (part.total === 0) result.warnings.push('feed has no items');
      return result;
    }
    case 'url-list': {
      const list = parseUrlList(text);
      if (list.urls.length === 0)
        return fail('malformed', `no fetchable URL in the list: ${summarise(list.warnings)}`);
      return { ok: true, format, documents: [], urls: list.urls, warnings: list.warnings };
    }
    case 'html':
    case 'text': {
      const doc: DumpDocument = {
        body: text,
        contentType: format === 'html' ? 'text/html' : 'text/plain',
        charset,
        index: 0,
      };
      if (replacements > 0) doc.replacements = replacements;
      if (hints.url !== undefined) doc.url = hints.url;
      const title = format === 'html' ? htmlTitle(text) : undefined;
      if (title !== undefined) doc.title = title;
      return { ok: true, format, documents: [doc], urls: [], warnings: [] };
    }
  }
}

/**
 * Resolves one dump from `news.ingest.v1` into raw documents and URLs to fetch. Handles gzip (capped),
 * JSON envelopes, NDJSON/JSON articles, WARC, RSS/Atom, URL lists, HTML and plain text, with charset
 * detection. Never throws: every problem is a typed failure (`empty`, `binary`, `too_large`, `undecodable`,
 * `malformed`) or, when the dump is still usable, a warning naming the position of the problem.
 */
export async function resolveDump(
  bytes: Uint8Array,
  hints?: DumpHints & ResolveLimits,
): Promise<ResolveResult> {
  try {
    return await resolveBytes(bytes, hints ?? {}, 0);
  } catch (err) {
    return fail(
      'malformed',
      `unexpected error while resolving the dump: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
