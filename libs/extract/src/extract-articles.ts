import { loadRuleSet, type RuleSet } from './boilerplate-rules.js';
import type { ExtractedArticle, ExtractInput, ExtractResult, RemovedSpan } from './extract.types.js';
import { contentHash, simhash } from './fingerprint.js';
import { extractHtml } from './html/extract-html.js';
import type { HtmlExtractOptions } from './html/types.js';
import { detectLanguage } from './language.adapter.js';
import { joinParagraphs, normaliseInline } from './normalise.js';
import { segmentTextDump } from './text-dump.js';

/** Inputs larger than this (UTF-8 bytes) are refused with reason `too_large`. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
/** Share of control characters (other than tab/newline/CR/FF) above which input is treated as binary. */
const MAX_CONTROL_RATIO = 0.05;

/** Decides HTML vs text from the declared content type and the first bytes. */
export function sniffMarkup(body: string, contentType?: string): 'html' | 'text' {
  const ct = contentType?.toLowerCase() ?? '';
  if (ct.includes('html') || ct.includes('xhtml')) return 'html';
  const head = body.slice(0, 4096).trimStart().toLowerCase();
  if (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    (head.startsWith('<?xml') && head.includes('<html'))
  )
    return 'html';
  if (ct.startsWith('text/plain')) return 'text';
  const tags = head.match(
    /<\/?(?:p|div|span|a|br|body|head|title|meta|article|section|h[1-6]|li|ul|table|script)\b[^>]*>/g,
  );
  return tags && tags.length >= 3 ? 'html' : 'text';
}

/** HTML nested deeper than this is refused as `malformed`: linkedom's parse time grows quadratically with depth. */
export const MAX_HTML_DEPTH = 2000;

function binaryCheck(body: string): string | undefined {
  const sample = body.slice(0, 65536);
  if (sample.includes('\u0000')) return 'input contains NUL bytes';
  let controls = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c <= 0x9f)) controls++;
    else if (c === 0xfffd) replacement++;
  }
  if (controls / sample.length > MAX_CONTROL_RATIO)
    return `${Math.round((100 * controls) / sample.length)}% control characters`;
  if (replacement / sample.length > 0.1)
    return `${Math.round((100 * replacement) / sample.length)}% undecodable characters`;
  return undefined;
}

function finalise(
  a: { title: string; paragraphs: string[]; removed: RemovedSpan[] } & Partial<ExtractedArticle>,
  input: ExtractInput,
  fallbackLanguage: string | undefined,
): ExtractedArticle {
  const body = joinParagraphs(a.paragraphs);
  const out: ExtractedArticle = {
    title: normaliseInline(a.title),
    body,
    contentHash: contentHash(body),
    simhash: simhash(body),
  };
  const source = a.source;
  if (source) out.source = source;
  const url = a.url ?? input.url;
  if (url) out.url = url;
  if (a.author) out.author = a.author;
  if (a.authors?.length) out.authors = a.authors;
  if (a.publishedAt) out.publishedAt = a.publishedAt;
  if (a.updatedAt) out.updatedAt = a.updatedAt;
  const language = detectLanguage(`${out.title}\n${body}`) ?? fallbackLanguage;
  if (language) out.language = language;
  if (a.leadImageUrl) out.leadImageUrl = a.leadImageUrl;
  if (a.method) out.method = a.method;
  if (a.pageType) out.pageType = a.pageType;
  if (input.debug) out.removed = a.removed;
  return out;
}

/** Source name derived from a URL when nothing better is known: its host without `www.`. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * Extracts the article(s) of one document: an HTML page (main text and metadata) or a plain-text page dump (split
 * into its articles). Synchronous and total: every failure is a typed result, never an exception.
 */
export function extractArticles(input: ExtractInput, tuning?: HtmlExtractOptions): ExtractResult {
  try {
    return extractUnsafe(input, tuning);
  } catch (err) {
    const e = err as Error;
    return {
      ok: false,
      reason: 'malformed',
      message: `extraction failed: ${e?.name ?? 'Error'}: ${String(e?.message ?? err).slice(0, 200)}`,
    };
  }
}

function extractUnsafe(input: ExtractInput, tuning?: HtmlExtractOptions): ExtractResult {
  const body = typeof input.body === 'string' ? input.body : '';
  if (!body.trim()) return { ok: false, reason: 'empty', message: 'the document is empty' };
  if (body.length > MAX_INPUT_BYTES || Buffer.byteLength(body, 'utf8') > MAX_INPUT_BYTES) {
    return {
      ok: false,
      reason: 'too_large',
      message: `the document exceeds the ${MAX_INPUT_BYTES} byte cap`,
    };
  }
  const binary = binaryCheck(body);
  if (binary) return { ok: false, reason: 'binary', message: `the document looks binary: ${binary}` };
  const receivedAt = Number.isNaN(Date.parse(input.receivedAt))
    ? new Date().toISOString()
    : new Date(input.receivedAt).toISOString();
  const warnings: string[] = [];
  if (receivedAt !== input.receivedAt && Number.isNaN(Date.parse(input.receivedAt)))
    warnings.push('receivedAt is not a valid ISO time; used the current time');
  let rules: RuleSet;
  try {
    rules = loadRuleSet(input.ruleFiles ?? []);
  } catch (err) {
    return { ok: false, reason: 'malformed', message: (err as Error).message };
  }
  const format =
    !input.format || input.format === 'auto' ? sniffMarkup(body, input.contentType) : input.format;
  if (format === 'html') {
    const r = extractHtml(body, {
      url: input.url,
      receivedAt,
      rules,
      debug: input.debug ?? false,
      tuning,
      maxDepth: MAX_HTML_DEPTH,
    });
    if (r.tooDeep !== undefined)
      return {
        ok: false,
        reason: 'malformed',
        message: `HTML nesting depth ${r.tooDeep} exceeds ${MAX_HTML_DEPTH}`,
      };
    warnings.push(...r.warnings);
    if (r.paragraphs.length === 0)
      return { ok: false, reason: 'no_content', message: 'no article text found in the HTML page' };
    const { sourceIsHost, ...meta } = r.meta;
    const a = finalise(
      {
        ...meta,
        ...(sourceIsHost && input.source ? { source: input.source } : {}),
        title: r.title,
        paragraphs: r.paragraphs,
        removed: r.removed,
        method: r.method,
        ...(r.pageType ? { pageType: r.pageType } : {}),
      },
      input,
      r.meta.language,
    );
    return { ok: true, articles: [a], warnings };
  }
  const found = segmentTextDump(body, rules, receivedAt);
  if (found.length === 0) return { ok: false, reason: 'no_content', message: 'no article found in the text' };
  const host = hostOf(input.url);
  const articles = found.map((a, i) => {
    const src = a.source ?? (i === 0 ? (input.source ?? host) : undefined);
    return finalise(
      { ...a, ...(src ? { source: src } : {}), ...(i === 0 ? {} : { url: undefined }), method: 'text-dump' },
      input,
      undefined,
    );
  });
  // only the page's own article has the dump's URL
  for (let i = 1; i < articles.length; i++) {
    const art = articles[i];
    if (art && art.url === input.url) delete art.url;
  }
  return { ok: true, articles, warnings };
}
