import { createHash } from 'node:crypto';

const TRACKING_PARAM = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|ref_src|igshid)$/i;

function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Canonical form of an article URL used for identity: lower-case scheme and host, no default port,
 * no fragment, no tracking parameters, sorted query, no trailing slash. Returns undefined for non-http(s) or invalid URLs.
 */
export function canonicalizeUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  const kept = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAM.test(k));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  let out = url.toString();
  if (url.pathname !== '/' && out.endsWith('/') && url.search === '') out = out.slice(0, -1);
  if (url.pathname === '/' && url.search === '') out = out.replace(/\/$/, '');
  // http and https serve the same article: identity ignores the scheme.
  return out.replace(/^https?:\/\//, '');
}

/** Text folded for identity only (NFKC, lower case, runs of anything but letters and digits to one space). */
function identityText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface ArticleIdentity {
  url?: string | undefined;
  /**
   * Not part of the id: the same text pushed again under another source label (`?source=`, `--source`, an
   * envelope's `source`) is the same article. Accepted so callers can pass a whole article.
   */
  source?: string | undefined;
  title: string;
  body: string;
}

/**
 * Deterministic article id (32 hex chars): from the canonical URL when there is one, else from the normalised
 * title + the first 200 normalised body characters. The source label is left out on purpose: it is metadata of a
 * push, not of the text, and a re-push of the same dump with a label must upsert the same documents instead of
 * adding visible duplicates. Reprocessing the same dump therefore yields the same ids (idempotent upsert).
 */
export function articleId(article: ArticleIdentity): string {
  const canonical = article.url ? canonicalizeUrl(article.url) : undefined;
  const basis = canonical
    ? `url:${canonical}`
    : `text:${identityText(article.title)}|${identityText(article.body).slice(0, 200)}`;
  return sha256Hex(basis).slice(0, 32);
}

/** Deterministic dump id (32 hex chars) from the dump's bytes: re-pushing the same bytes yields the same id. */
export function dumpIdFromBytes(bytes: Uint8Array): string {
  return sha256Hex(bytes).slice(0, 32);
}

const DUMP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A dump id supplied by a producer (Kafka key or envelope id) is accepted when it is short and URL-safe. */
export function isValidDumpId(id: string): boolean {
  return DUMP_ID.test(id);
}
