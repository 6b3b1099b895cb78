import { parseHTML } from 'linkedom';
import { ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomNode } from '../dom.types.js';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the handful of entities that show up in titles; the clean stage does full HTML parsing. */
export function decodeBasicEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ent.toLowerCase()] ?? whole;
  });
}

/** The `<title>` of an HTML document, whitespace-collapsed, or undefined. */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html.slice(0, 64 * 1024));
  const title = m?.[1]
    ? decodeBasicEntities(m[1].replace(/<[^>]*>/g, ''))
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  return title || undefined;
}

/** Visible text of an HTML fragment, roughly: enough to judge its length, not to index it. */
export function roughText(html: string): string {
  return decodeBasicEntities(
    html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

const TAG =
  /<\/?(p|div|br|a|span|article|section|h[1-6]|ul|ol|li|table|tr|td|img|strong|em|b|i|blockquote|figure|header|footer|nav|main)\b[^>]*>/gi;

/** True when the string has at least `min` common HTML tags, i.e. it is markup rather than text with a `<`. */
export function looksLikeHtml(s: string, min = 2): boolean {
  TAG.lastIndex = 0;
  let n = 0;
  while (TAG.exec(s) !== null) if (++n >= min) return true;
  return false;
}

/** Elements that end a paragraph of text; everything else is inline and joins its neighbours. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head']);

/** True when an HTML string is a whole page (doctype, `<html>`, `<head>` or `<body>`) rather than a fragment. */
export function isFullHtmlPage(html: string): boolean {
  return /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(html.slice(0, 4096));
}

/** True when a string holds at least one HTML tag or entity worth decoding (cheap pre-check for titles). */
export function hasMarkup(s: string): boolean {
  return /<\/?[a-z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

/**
 * Visible text of an HTML fragment (a feed item's content, an NDJSON record's body or title), parsed with
 * linkedom: block elements become paragraphs separated by one blank line, inline markup is dropped, entities
 * are decoded, scripts and styles removed. For whole pages with navigation and boilerplate use the extractor.
 */
export function htmlFragmentText(html: string): string {
  if (!hasMarkup(html)) return html.trim();
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as {
    document: DomDocument;
  };
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const p = current.replace(/\s+/g, ' ').trim();
    if (p) paragraphs.push(p);
    current = '';
  };
  const walk = (node: DomNode) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        current += child.textContent ?? '';
      } else if (child.nodeType === ELEMENT_NODE) {
        const name = child.nodeName.toLowerCase();
        if (SKIPPED.has(name)) continue;
        const block = BLOCKS.has(name);
        if (block) flush();
        walk(child);
        if (block) flush();
      }
    }
  };
  walk(document.body ?? document);
  flush();
  return paragraphs.join('\n\n');
}

/** One-line visible text of an HTML title (`A <i>big</i> day` -> `A big day`). */
export function htmlInlineText(html: string): string {
  return (hasMarkup(html) ? htmlFragmentText(html) : html).replace(/\s+/g, ' ').trim();
}
