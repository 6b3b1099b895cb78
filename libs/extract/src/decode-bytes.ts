import { gunzipSync } from 'node:zlib';
import { countReplacements, utf8Shape } from './formats/decode-text.js';

// WHATWG index-windows-1252 for 0x80-0x9F. Node's TextDecoder('windows-1252') maps these bytes to C1 controls
// (ISO-8859-1 behaviour, nodejs/node#60888), so this table is applied by hand.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes bytes as Windows-1252 (the WHATWG mapping, including 0x80-0x9F). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const out: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i] ?? 0;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b;
    }
    out.push(String.fromCharCode(...codes));
  }
  return out.join('');
}

function declared(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta\s[^>]*?\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return meta?.[1];
}

/**
 * Decodes an HTML or text file: gzip is inflated; a BOM wins, then a declared charset (`<meta charset>`,
 * http-equiv, XML prolog), then UTF-8 when the bytes are valid UTF-8, or mostly UTF-8 with a few invalid bytes
 * (those become U+FFFD, counted in `replacements`, instead of the whole file turning into mojibake), else
 * Windows-1252.
 */
export function decodeDocumentBytes(raw: Uint8Array): {
  text: string;
  charset: string;
  replacements?: number;
} {
  let bytes = raw;
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be' };
  const label = declared(bytes);
  let name: string | undefined;
  if (label) {
    try {
      name = new TextDecoder(label.trim()).encoding;
    } catch {
      name = undefined;
    }
  }
  // pages often declare one charset and are saved in another: trust the declaration only when the bytes agree
  if (name && name !== 'utf-8' && name !== 'windows-1252' && !name.startsWith('utf-16')) {
    return { text: new TextDecoder(name).decode(bytes), charset: name };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    const shape = utf8Shape(bytes);
    if (shape.multiByte > 0 && shape.invalid <= shape.multiByte) {
      const text = new TextDecoder('utf-8').decode(bytes);
      return { text, charset: 'utf-8', replacements: countReplacements(text) };
    }
    return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  }
}
