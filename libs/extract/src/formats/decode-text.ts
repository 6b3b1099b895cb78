import * as chardet from 'chardet';
import { binarySignature } from './binary-signature.js';

/** Outcome of {@link decodeText}. `charset` is the WHATWG encoding name that was used. */
export type DecodeTextResult =
  | {
      ok: true;
      text: string;
      charset: string;
      confidence: number;
      /** Invalid byte sequences decoded as U+FFFD (0 for clean input). */
      replacements: number;
    }
  | { ok: false; reason: 'binary' | 'undecodable'; message: string };

/** How many bytes the binary/charset heuristics look at: enough to be sure, cheap on 20 MB dumps. */
const SAMPLE_BYTES = 64 * 1024;
/** Declarations (`<meta charset>`, XML prolog) must appear early; the HTML spec prescans 1024 bytes, we allow more. */
const PRESCAN_BYTES = 4096;
/** Above this share of C0 control characters (other than tab/CR/LF/FF/ESC) the input is not text. */
const MAX_CONTROL_RATIO = 0.1;
/** Above this share of U+FFFD after decoding, the guess was wrong: refuse rather than emit mojibake. */
const MAX_REPLACEMENT_RATIO = 0.02;

/**
 * WHATWG index-windows-1252 for 0x80-0x9F. Node 20.18.3+ decodes `windows-1252` (and so `latin1`, `ascii`,
 * which map to it) as ISO-8859-1 for these bytes (nodejs/node#60888), turning curly quotes and the euro sign
 * into C1 controls; we decode this encoding ourselves. Not with iconv-lite: it decodes the five bytes WHATWG maps to
 * C1 controls (0x81, 0x8D, 0x8F, 0x90, 0x9D) as U+FFFD, and this is the fallback that must decode every byte
 * without counting replacements. Every other legacy charset is decoded by Node's TextDecoder (full ICU).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const CHUNK = 8192;
  const parts: string[] = [];
  const codes = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes.subarray(0, end - start)));
  }
  return parts.join('');
}

/**
 * Normalises a charset label to its WHATWG encoding name (`latin1` -> `windows-1252`, `utf8` -> `utf-8`),
 * or returns undefined for a label TextDecoder does not know.
 */
export function normaliseCharset(label: string): string | undefined {
  const trimmed = label.trim().replace(/^["']|["']$/g, '');
  if (!trimmed) return undefined;
  try {
    return new TextDecoder(trimmed).encoding;
  } catch {
    return undefined;
  }
}

/** Decodes with a WHATWG encoding name, without BOM sniffing surprises; replacement characters for bad bytes. */
export function decodeWithCharset(bytes: Uint8Array, charset: string): string {
  const name = normaliseCharset(charset) ?? charset;
  if (name === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(name, { ignoreBOM: false }).decode(bytes);
}

/** Reads the `charset` parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2];
}

/** Finds a charset declared in the document itself: `<meta charset>`, `<meta http-equiv>` or the XML prolog. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // Declarations are ASCII, so a byte-per-char view of the head is enough to find them in any ASCII-compatible encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString(
    'latin1',
  );
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta\s[^>]*?\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  if (meta) return meta[1];
  const httpEquiv =
    /<meta\s[^>]*?http-equiv\s*=\s*["']?content-type["']?[^>]*?content\s*=\s*["']([^"']+)["']/i.exec(head);
  if (httpEquiv) return charsetFromContentType(httpEquiv[1]);
  const contentFirst =
    /<meta\s[^>]*?content\s*=\s*["']([^"']*charset[^"']*)["'][^>]*?http-equiv\s*=\s*["']?content-type/i.exec(
      head,
    );
  if (contentFirst) return charsetFromContentType(contentFirst[1]);
  return undefined;
}

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { charset: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16 without BOM: most text in Latin scripts has a NUL in every other byte. Detectors on npm only
 * recognise UTF-16 with a BOM (see charset-detectors.eval.ts), so this check runs first.
 */
function utf16ByNulPattern(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  if (oddNul / pairs > 0.6 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.6 && oddNul / pairs < 0.05) return 'utf-16be';
  return undefined;
}

/** Why the bytes are not text, or undefined when they may be. */
function binaryReason(sample: Uint8Array): string | undefined {
  const magic = binarySignature(sample);
  if (magic) return `input is a ${magic}, not a text dump`;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0)
      return `input contains NUL bytes (first at offset ${i}) and no UTF-16 byte order mark: binary data`;
    // Tab, LF, VT, FF, CR and ESC (used by ISO-2022 encodings) occur in text.
    if (
      (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) ||
      b === 0x7f
    ) {
      controls++;
    }
  }
  const ratio = sample.length ? controls / sample.length : 0;
  if (ratio > MAX_CONTROL_RATIO) {
    return `${(ratio * 100).toFixed(1)}% of the first ${sample.length} bytes are control characters: binary data`;
  }
  return undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text of valid UTF-8 bytes (a leading BOM removed, as `decodeWithCharset` does), or undefined. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Number of U+FFFD characters in a string. */
export function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** U+FFFD written as valid UTF-8 in the input (EF BF BD): not a decoding error, so not counted as one. */
function literalReplacements(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let n = 0;
  for (let i = buf.indexOf(UTF8_FFFD); i !== -1; i = buf.indexOf(UTF8_FFFD, i + 3)) n++;
  return n;
}
const UTF8_FFFD = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Counts well-formed UTF-8 multi-byte sequences and invalid bytes (stray continuation bytes, bad leads, truncated,
 * overlong or surrogate sequences). Single-byte text (Latin-1, Windows-1252) has almost no well-formed multi-byte
 * sequences by chance: é followed by ASCII is invalid UTF-8.
 */
export function utf8Shape(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      ok = c !== undefined && c >= 0x80 && c <= 0xbf;
    }
    if (ok) {
      const second = bytes[i + 1]!;
      // Overlong (E0 < A0, F0 < 90), surrogates (ED >= A0), beyond U+10FFFF (F4 >= 90).
      ok = !(
        (b === 0xe0 && second < 0xa0) ||
        (b === 0xed && second >= 0xa0) ||
        (b === 0xf0 && second < 0x90) ||
        (b === 0xf4 && second >= 0x90)
      );
    }
    if (ok) {
      multiByte++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { multiByte, invalid };
}

/**
 * UTF-8 with a few bad bytes (a truncated copy, a stray byte from another encoding) rather than another charset:
 * well-formed multi-byte sequences outnumber (or equal) the invalid bytes. Decoding it as a single-byte charset
 * would turn every correct character into mojibake (`ZÃ¼rich`) to save one bad byte.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  const { multiByte, invalid } = utf8Shape(bytes);
  return multiByte > 0 && invalid <= multiByte;
}

function finish(bytes: Uint8Array, charset: string, confidence: number, how: string): DecodeTextResult {
  const text = decodeWithCharset(bytes, charset);
  const found = countReplacements(text);
  const replacements =
    charset === 'utf-8' && found > 0 ? Math.max(0, found - literalReplacements(bytes)) : found;
  const ratio = text.length ? replacements / text.length : 0;
  if (ratio > MAX_REPLACEMENT_RATIO) {
    return {
      ok: false,
      reason: 'undecodable',
      message: `decoding as ${charset} (${how}) left ${(ratio * 100).toFixed(1)}% replacement characters`,
    };
  }
  return { ok: true, text, charset, confidence, replacements };
}

/**
 * Decodes bytes to text. Order: byte order mark; declared charset (HTTP Content-Type hint, then
 * `<meta charset>` / `<meta http-equiv>` / XML prolog); strict UTF-8; statistical detection (chardet),
 * falling back to Windows-1252, which decodes every byte. A declared UTF-8 that is not valid UTF-8 is
 * ignored (a frequent server misconfiguration). Binary input (magic numbers, NUL bytes without UTF-16
 * shape, many control characters) is refused with `binary`; a guess that decodes into many U+FFFD with `undecodable`.
 */
export function decodeText(bytes: Uint8Array, hints?: { contentType?: string }): DecodeTextResult {
  if (bytes.length === 0) return { ok: true, text: '', charset: 'utf-8', confidence: 1, replacements: 0 };
  const bom = bomCharset(bytes);
  if (bom) return finish(bytes.subarray(bom.length), bom.charset, 1, 'byte order mark');

  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const utf16 = utf16ByNulPattern(sample);
  const hinted = charsetFromContentType(hints?.contentType);
  const hintedName = hinted ? normaliseCharset(hinted) : undefined;
  if (utf16 && (!hintedName || hintedName.startsWith('utf-16')))
    return finish(bytes, hintedName ?? utf16, hintedName ? 0.95 : 0.8, 'NUL byte pattern');

  const notText = binaryReason(sample);
  if (notText) return { ok: false, reason: 'binary', message: notText };

  const declaredLabel = hinted ?? declaredCharset(bytes);
  if (declaredLabel !== undefined) {
    const declared = normaliseCharset(declaredLabel);
    // A UTF-16 declaration on bytes without NUL pattern is a lie left over from a conversion; ignore it.
    if (declared && !declared.startsWith('utf-16') && !(declared === 'utf-8' && !isValidUtf8(bytes))) {
      return finish(bytes, declared, 0.95, `declared ${declaredLabel}`);
    }
  }

  if (isAscii(sample) && isAscii(bytes))
    return {
      ok: true,
      text: decodeWithCharset(bytes, 'utf-8'),
      charset: 'utf-8',
      confidence: 1,
      replacements: 0,
    };
  // Strict UTF-8 decoding is the validity check and, when it passes, the text: a valid UTF-8 decoding has no
  // replacement character that is a decoding error (finish() would count 0), so decoding it a second time is skipped.
  const strict = strictUtf8(bytes);
  if (strict !== undefined)
    return { ok: true, text: strict, charset: 'utf-8', confidence: 0.99, replacements: 0 };
  if (mostlyUtf8(bytes)) return finish(bytes, 'utf-8', 0.9, 'UTF-8 with invalid bytes');

  const guesses = chardet.analyse(sample);
  for (const guess of guesses) {
    const name = normaliseCharset(guess.name);
    // UTF-8 was ruled out above; UTF-16/32 need the NUL shape checked above.
    if (!name || name === 'utf-8' || name.startsWith('utf-16') || name === 'replacement') continue;
    const result = finish(bytes, name, Math.min(guess.confidence, 100) / 100, `detected ${guess.name}`);
    if (result.ok) return result;
  }
  return finish(bytes, 'windows-1252', 0.3, 'fallback');
}
