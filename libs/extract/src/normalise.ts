import { decodeHTML } from 'entities';

// Entities whose leading "&" was lost by an upstream tool ("#36;" for "$", "#x2019;"): decoded only when
// they stand alone, so "#1 seed" or "issue #36" stay as written.
const BROKEN_NUMERIC_ENTITY = /(?<![&\w#])#(x[0-9a-fA-F]{2,5}|\d{2,6});/g;
const HAS_ENTITY = /&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});?/;
// Soft hyphen, zero-width characters, word joiner, BOM: invisible, and they break tokenisation.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Every Unicode space other than newline becomes a plain space.
const SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// C0/C1 controls except \n (\t is handled by SPACES).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

function codePointToString(code: number): string | undefined {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return undefined;
  return String.fromCodePoint(code);
}

/** Decodes only numeric entities that lost their "&" (`#36;` -> `$`); for text already decoded by a parser. */
export function decodeBrokenEntities(text: string): string {
  if (!text.includes('#')) return text;
  return text.replace(BROKEN_NUMERIC_ENTITY, (whole, code: string) => {
    const n = code.startsWith('x') ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return codePointToString(n) ?? whole;
  });
}

/** Decodes HTML entities, including numeric ones that lost their "&" (`#36;` -> `$`). */
export function decodeEntities(text: string): string {
  return decodeBrokenEntities(HAS_ENTITY.test(text) ? decodeHTML(text) : text);
}

/** Normalises one line or inline span: invisible characters, spaces, NFC. Typographic quotes are kept. */
export function normaliseInline(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(CONTROLS, '')
    .replace(SPACES, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .normalize('NFC');
}

/**
 * Normalises a multi-line text: CRLF -> LF, entities decoded, invisible characters dropped, spaces collapsed,
 * lines trimmed, runs of blank lines collapsed to one, NFC.
 */
export function normaliseText(text: string, options: { decode?: boolean } = {}): string {
  let t = text.replace(/\r\n?/g, '\n');
  if (options.decode !== false) t = decodeEntities(t);
  t = t.replace(INVISIBLE, '').replace(CONTROLS, '').replace(SPACES, ' ');
  const lines = t.split('\n').map((l) => l.replace(/ {2,}/g, ' ').trim());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .normalize('NFC');
}

/** Joins paragraphs into the article body format: paragraphs separated by one blank line. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs
    .map((p) => normaliseInline(p))
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** Word tokens (`\w+` runs, Unicode-aware). */
export function wordTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

let lastLowerText: string | undefined;
let lastLowerTokens: readonly string[] = [];

/**
 * `wordTokens(text.toLowerCase())`, remembered for the last text: the clean stage fingerprints each body twice (the
 * SimHash in `articlesOfDocument`, the MinHash for the story look-up) and tokenising a ~3 KB body was most of what
 * the two cost besides the hashing. The array is shared: callers must not change it.
 */
export function lowerWordTokens(text: string): readonly string[] {
  if (text !== lastLowerText) {
    lastLowerTokens = wordTokens(text.toLowerCase());
    lastLowerText = text;
  }
  return lastLowerTokens;
}
