/**
 * Metadata that pages keep only in script data: framework state (`__NEXT_DATA__`, `window.__INITIAL_STATE__ = {…}`,
 * streamed `self.__next_f.push([1,"…"])` chunks), `application/json` scripts and analytics data layers. The extractor
 * removes every script but JSON-LD before parsing, so the texts are taken from the raw HTML here
 * ({@link dataScripts}) and read with bounded regex scans ({@link scriptMetadata}): no whole blob is ever parsed, only
 * the value after a matched key (at most {@link SCRIPT_RULES.valueChars} characters). Rules are data.
 */
import { parseAnyDate } from '../dates.js';
import { wordTokens } from '../normalise.js';

export const SCRIPT_RULES = {
  /** characters of one script scanned at most (state blobs reach megabytes; the article's own record comes early) */
  scriptChars: 400_000,
  /** characters of all data scripts kept at most */
  totalChars: 1_500_000,
  /** scripts kept at most */
  scripts: 40,
  /** characters of one value (an author object or list) parsed at most */
  valueChars: 4_000,
  /** a key this far at most from where the script names the page's title belongs to the page's own record */
  nearTitle: 3_000,
  /** a script is kept when it holds one of these keys (cheap pre-filter) */
  interesting:
    /["'](?:author|byline|writer|creator|[a-z_]*(?:publish|posted|date|modified|updated)[a-z_]*)["']?\s*:/i,
  /** keys whose value names the article's author(s) */
  authorKeys:
    /^(?:authors?|author_?names?|authorName|bylines?|writers?|creators?|post_?author_?name|pagePostAuthor)$/i,
  /** keys whose value is the first publication date */
  publishedKeys:
    /^(?:datePublished|date_published|published(?:_?at|_?date|_?time|_?on)?|publish(?:_?date|_?time|_?at|ed_?time)|publicationDate|publication_date|pubDate|pub_date|first_?published(?:_?at|_?date)?|originally_?published_?at|posted(?:_?at|_?on|_?date)?|post_?date(?:_gmt)?)$/i,
  /** keys that hold a date of no stated kind: the publication date only in the page's own record (near its title) */
  plainDateKeys: /^(?:date|date_gmt|dateTime|created(?:_?at|_?date)?|dateCreated)$/i,
  /** keys whose value is the last modification date */
  modifiedKeys:
    /^(?:dateModified|date_modified|modified(?:_?at|_?date|_?time|_?gmt)?|updated(?:_?at|_?date|_?time|_?on)?|date_?updated|last_?modified|lastModified|last_?updated)$/i,
  /** properties of an author object that hold the name */
  nameProps: [
    'name',
    'display_name',
    'displayName',
    'fullName',
    'full_name',
    'title',
    'screenName',
    'username',
  ] as const,
} as const;

/** One script's text, unescaped once when the page streams its JSON as a string (`\"author\":\"…\"`). */
function unescapeOnce(text: string): string {
  if (!text.includes('\\"')) return text;
  // one pass: an escaped backslash stays one backslash, an escaped quote becomes a quote
  return text.replace(/\\([\\"])/g, '$1');
}

/**
 * The inline scripts of the raw page that may hold page data: not JSON-LD (read from the DOM), not external, holding an
 * author or date key. Capped by {@link SCRIPT_RULES} (count, characters per script and in all).
 */
export function dataScripts(html: string): string[] {
  const out: string[] = [];
  let total = 0;
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const attrs = m[1] ?? '';
    if (/ld\+json|\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !/json|javascript|ecmascript|module/.test(type)) continue;
    const body = m[2] ?? '';
    if (body.length < 20) continue;
    const text = body.slice(0, SCRIPT_RULES.scriptChars);
    if (!SCRIPT_RULES.interesting.test(text) && !SCRIPT_RULES.interesting.test(unescapeOnce(text))) continue;
    out.push(text);
    total += text.length;
    if (out.length >= SCRIPT_RULES.scripts || total >= SCRIPT_RULES.totalChars) break;
  }
  return out;
}

/** The JSON value that starts at `at` (a string, number, object or array), read to its end within the cap. */
function valueAt(text: string, at: number): unknown {
  const c = text.charAt(at);
  if (c === '"') {
    const m = /^"((?:[^"\\]|\\.){0,400})"/.exec(text.slice(at, at + 800));
    if (!m) return undefined;
    try {
      return JSON.parse(`"${m[1]}"`) as unknown;
    } catch {
      return undefined;
    }
  }
  if (/\d/.test(c)) {
    const n = /^\d{9,13}(?![\d.])/.exec(text.slice(at, at + 14))?.[0];
    return n ? Number(n) : undefined;
  }
  if (c !== '{' && c !== '[') return undefined;
  const close = closingBracket(text, at, Math.min(text.length, at + SCRIPT_RULES.valueChars), 0);
  if (close < 0) return undefined;
  try {
    return JSON.parse(text.slice(at, close + 1)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The index of the first `}` or `]` in `text[from, to)` after which the bracket depth counted from `from` is
 * `depthAfter` (strings and their escapes skipped), or -1.
 */
function closingBracket(text: string, from: number, to: number, depthAfter: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < to; i++) {
    const ch = text.charAt(i);
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === depthAfter) return i;
  }
  return -1;
}

/** Names in an author value: a string, an object's name (or first + last name), a list of either. */
export function namesOf(value: unknown, depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.slice(0, 10).flatMap((v) => namesOf(v, depth + 1));
  if (typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  // an organisation (the publisher named as author) is no person's name
  const type = o['@type'] ?? o['type'] ?? o['__typename'];
  if (typeof type === 'string' && /organi[sz]ation|corporation|brand|publisher/i.test(type)) return [];
  for (const p of SCRIPT_RULES.nameProps) {
    const v = o[p];
    if (typeof v === 'string' && v.trim()) return [v.trim()];
  }
  const first = o['firstName'] ?? o['first_name'] ?? o['given_name'];
  const last = o['lastName'] ?? o['last_name'] ?? o['family_name'];
  if (typeof first === 'string' && typeof last === 'string') return [`${first} ${last}`.trim()];
  // a wrapper ({"nodes": [...]}, {"data": {...}})
  for (const v of Object.values(o)) if (v && typeof v === 'object') return namesOf(v, depth + 1);
  return [];
}

interface Hit {
  kind: 'author' | 'published' | 'modified' | 'date';
  at: number;
  value: unknown;
}

const KEY = /"([A-Za-z_][A-Za-z0-9_]{1,40})"\s*:\s*/g;

export function hitsIn(text: string): Hit[] {
  const out: Hit[] = [];
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const key = m[1] ?? '';
    const kind = SCRIPT_RULES.authorKeys.test(key)
      ? 'author'
      : SCRIPT_RULES.publishedKeys.test(key)
        ? 'published'
        : SCRIPT_RULES.modifiedKeys.test(key)
          ? 'modified'
          : SCRIPT_RULES.plainDateKeys.test(key)
            ? 'date'
            : undefined;
    if (!kind) continue;
    const at = m.index + m[0].length;
    const value = valueAt(text, at);
    if (value === undefined || value === null || value === '') continue;
    out.push({ kind, at: m.index, value });
    if (out.length >= 400) break;
  }
  return out;
}

/** Where a script names the page's title (its first words, as written in JSON): at most 20 places. */
export function titlePlaces(text: string, title: string | undefined): number[] {
  if (!title) return [];
  const words = wordTokens(title).slice(0, 6);
  if (words.length < 2) return [];
  const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(words.map(escape).join(String.raw`[^\p{L}\p{N}]{1,12}`), 'giu');
  const out: number[] = [];
  for (let m = re.exec(text); m && out.length < 20; m = re.exec(text)) out.push(m.index);
  return out;
}

/** The position after the string that `at` is inside of (after its closing quote). */
function stringEnd(text: string, at: number): number {
  for (let i = at; i < Math.min(text.length, at + 1000); i++) {
    const ch = text.charAt(i);
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return at;
}

/** Whether the object open at `from` stays open up to `to` (no bracket closes it in between; strings skipped). */
function sameObject(text: string, from: number, to: number): boolean {
  return closingBracket(text, from, to, -1) < 0;
}

export interface ScriptMetadata {
  authors?: string[];
  /** the date as the script writes it (a timestamp keeps its UTC offset), epoch numbers as ISO */
  published?: string;
  modified?: string;
}

/**
 * Author names and dates of the page's own record in its data scripts. A key belongs to the page's record when it
 * stands within {@link SCRIPT_RULES.nearTitle} characters of where the same script names the page's title (the
 * nearest one wins: state blobs also list related articles with their own authors and dates), or when all the
 * scripts give that key one value only (a data layer describing the page).
 */
export function scriptMetadata(scripts: string[] | undefined, title: string | undefined): ScriptMetadata {
  const out: ScriptMetadata = {};
  if (!scripts?.length) return out;
  const near: Partial<Record<Hit['kind'], { dist: number; value: unknown }>> = {};
  const all: Record<Hit['kind'], Set<string>> = {
    author: new Set(),
    published: new Set(),
    modified: new Set(),
    date: new Set(),
  };
  const firstOf: Partial<Record<Hit['kind'], unknown>> = {};
  for (const raw of scripts) {
    const text = unescapeOnce(raw);
    const hits = hitsIn(text);
    if (!hits.length) continue;
    const places = titlePlaces(text, title);
    for (const h of hits) {
      const key = h.kind === 'author' ? namesOf(h.value).join('|') : String(toDate(h.value) ?? '');
      if (!key) continue;
      all[h.kind].add(h.kind === 'author' ? key : key.slice(0, 10));
      if (!(h.kind in firstOf)) firstOf[h.kind] = h.value;
      if (!places.length) continue;
      let dist = Infinity;
      for (const t of places) {
        const d = Math.abs(h.at - t);
        if (d > SCRIPT_RULES.nearTitle) continue;
        // a key of the object that holds the title comes before any key of another object
        // (scanned from the key, or from the end of the title's string)
        const own = h.at < t ? sameObject(text, h.at, t) : sameObject(text, stringEnd(text, t), h.at);
        dist = Math.min(dist, own ? d : d + SCRIPT_RULES.nearTitle);
      }
      if (dist === Infinity) continue;
      const best = near[h.kind];
      if (!best || dist < best.dist) near[h.kind] = { dist, value: h.value };
    }
  }
  const pick = (kind: Hit['kind']): unknown =>
    near[kind]?.value ?? (all[kind].size === 1 ? firstOf[kind] : undefined);
  const authors = namesOf(pick('author'));
  if (authors.length) out.authors = authors;
  const published = dateText(pick('published') ?? near.date?.value);
  if (published) out.published = published;
  const modified = dateText(pick('modified'));
  if (modified) out.modified = modified;
  return out;
}

/** A date value as text: the string itself when it parses as a date, epoch numbers as ISO. */
function dateText(value: unknown): string | undefined {
  if (!toDate(value)) return undefined;
  return typeof value === 'number'
    ? toDate(value)
    : (value as string).replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
}

/** A date value: an ISO or written date string, or epoch seconds / milliseconds of a plausible year. */
function toDate(value: unknown): string | undefined {
  if (typeof value === 'number') {
    const ms = value > 1e12 ? value : value * 1000;
    const d = new Date(ms);
    const y = d.getUTCFullYear();
    return y >= 1995 && y <= 2100 ? d.toISOString() : undefined;
  }
  if (typeof value !== 'string' || value.length > 40 || !/\d{4}/.test(value)) return undefined;
  return parseAnyDate(value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'));
}
