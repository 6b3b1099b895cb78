import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { binarySignature, isGzip } from './binary-signature.js';
import { decodeText } from './decode-text.js';
import type { DumpFormat, DumpHints } from './dump-format.types.js';
import { looksLikeHtml } from './html-snippets.js';
import { isEnvelopeShaped } from './json-envelope.js';

/** How much of a dump the sniffer decodes; formats announce themselves in the first lines. */
const HEAD_BYTES = 64 * 1024;
/** Compressed bytes inflated to sniff a gzip member; bounded so a gzip bomb cannot blow memory here. */
const GZIP_SNIFF_INPUT = 4 * 1024;

const URL_LINE = /^https?:\/\/\S+$/i;

function firstElementName(text: string): string | undefined {
  // Skip the XML prolog, processing instructions, comments and DOCTYPE to reach the root element.
  const skipPast = (s: string, marker: string): string => {
    const at = s.indexOf(marker);
    return at === -1 ? '' : s.slice(at + marker.length).trimStart();
  };
  let rest = text.trimStart();
  for (;;) {
    if (rest.startsWith('<?')) rest = skipPast(rest, '?>');
    else if (rest.startsWith('<!--')) rest = skipPast(rest, '-->');
    else if (/^<!doctype/i.test(rest)) {
      if (/^<!doctype\s+html/i.test(rest)) return 'html';
      // An internal subset ([...]) may hold '>' of its own declarations.
      const bracket = rest.indexOf('[');
      const close = rest.indexOf('>');
      rest = bracket !== -1 && bracket < close ? skipPast(skipPast(rest, ']'), '>') : skipPast(rest, '>');
    } else break;
  }
  const m = /^<([A-Za-z][\w:.-]*)/.exec(rest);
  return m?.[1]?.toLowerCase();
}

function nonCommentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * The first `max` non-empty lines of a text, trimmed: `text.split(/\r?\n/).map(trim).filter(non-empty).slice(0, max)`
 * without splitting the rest of a large dump (trimming removes the CR of a CRLF).
 */
function firstNonEmptyLines(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end).trim();
    if (line !== '') out.push(line);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

function isJsonObjectLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * Names the format of already decoded text. `complete` says whether `text` is the whole dump (then a single
 * JSON document can be recognised as an envelope) or only its head.
 */
export function sniffText(text: string, hints?: DumpHints, complete = true): DumpFormat | 'empty' {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t === '') return 'empty';
  if (/^WARC\/[01]\.\d/.test(t)) return 'warc';

  if (t.startsWith('{') || t.startsWith('[')) {
    if (complete) {
      try {
        const whole: unknown = JSON.parse(t);
        if (isEnvelopeShaped(whole)) return 'json-envelope';
        if (typeof whole === 'object' && whole !== null) return 'ndjson';
      } catch {
        // not one JSON document: maybe one per line
      }
    }
    const lines = firstNonEmptyLines(t, 50);
    // A dump that is mostly JSON objects per line is NDJSON even if some lines are broken: they become warnings.
    // (One line that parses as an object is enough: the lines are not parsed beyond the first that does.)
    if (lines.filter((l) => l.startsWith('{')).length >= lines.length / 2 && lines.some(isJsonObjectLine))
      return 'ndjson';
  }

  if (t.startsWith('<')) {
    const root = firstElementName(t);
    if (root === 'rss' || root === 'rdf:rdf') return 'rss';
    if (root === 'feed') return 'atom';
    return 'html';
  }

  const lines = nonCommentLines(
    complete ? t : t.slice(0, t.lastIndexOf('\n') > 0 ? t.lastIndexOf('\n') : t.length),
  );
  if (lines.length > 0 && lines.every((l) => URL_LINE.test(l))) return 'url-list';

  const ct = hints?.contentType?.toLowerCase() ?? '';
  const name = hints?.fileName?.toLowerCase() ?? '';
  const declaredHtml =
    ct.startsWith('text/html') || ct.startsWith('application/xhtml') || /\.x?html?$/.test(name);
  const declaredText = ct.startsWith('text/plain') || name.endsWith('.txt');
  if (declaredHtml) return 'html';
  if (!declaredText && looksLikeHtml(t.slice(0, HEAD_BYTES), 3)) return 'html';
  return 'text';
}

/**
 * Names the format of a dump from its bytes (content first; the hints only break ties between plain text and
 * HTML). gzip input is sniffed through its first inflated bytes. Returns `binary` for non-text input and
 * `empty` for input that is empty or only whitespace.
 */
export function sniffFormat(
  bytes: Uint8Array,
  hints?: { contentType?: string; fileName?: string },
): DumpFormat | 'binary' | 'empty' {
  if (bytes.length === 0) return 'empty';
  if (isGzip(bytes)) {
    let inner: Uint8Array;
    try {
      // SYNC_FLUSH lets zlib return what it has from a truncated stream instead of failing.
      inner = gunzipSync(bytes.subarray(0, GZIP_SNIFF_INPUT), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return 'binary';
    }
    return sniffFormat(inner, { ...hints, fileName: hints?.fileName?.replace(/\.gz$/i, '') });
  }
  if (binarySignature(bytes)) return 'binary';
  const complete = bytes.length <= HEAD_BYTES;
  const head = decodeText(complete ? bytes : bytes.subarray(0, HEAD_BYTES), hints);
  if (!head.ok) return head.reason === 'binary' ? 'binary' : 'text';
  if (!complete && /^\uFEFF?\s*[[{]/.test(head.text)) {
    // A large single JSON document (an envelope with a big body) only parses whole.
    const whole = decodeText(bytes, hints);
    if (whole.ok) return sniffText(whole.text, hints, true);
  }
  return sniffText(head.text, hints, complete);
}
