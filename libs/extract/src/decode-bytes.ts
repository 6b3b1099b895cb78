import { DEFAULT_MAX_DECOMPRESSED_BYTES } from './formats/dump-format.types.js';
import { decodeText } from './formats/decode-text.js';
import { gunzipCapped } from './formats/gunzip-capped.js';
import { isGzip } from './formats/binary-signature.js';

/**
 * Decodes one HTML or text file for tools that read a page from disk (evaluations, benchmarks) with the pipeline's
 * decoder (`decodeText`: BOM, declared charset, UTF-8 with a few bad bytes, detection, Windows-1252); gzip is
 * inflated first. Throws with the reason when the bytes are not text.
 */
export function decodeDocumentBytes(raw: Uint8Array): {
  text: string;
  charset: string;
  replacements?: number;
} {
  let bytes = raw;
  if (isGzip(bytes)) {
    const inflated = gunzipCapped(bytes, DEFAULT_MAX_DECOMPRESSED_BYTES);
    if (!inflated.ok) throw new Error(inflated.message);
    bytes = inflated.bytes;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.message}`);
  return {
    text: decoded.text,
    charset: decoded.charset,
    ...(decoded.replacements ? { replacements: decoded.replacements } : {}),
  };
}
