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
