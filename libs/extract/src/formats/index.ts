export * from './dump-format.types.js';
export { sniffFormat, sniffText } from './sniff-format.js';
export {
  decodeText,
  decodeWithCharset,
  normaliseCharset,
  charsetFromContentType,
  declaredCharset,
  type DecodeTextResult,
} from './decode-text.js';
export { resolveDump } from './resolve-dump.js';
export {
  parseEnvelope,
  envelopeFromValue,
  isEnvelopeShaped,
  checkEnvelope,
  type DumpEnvelope,
} from './json-envelope.js';
export { binarySignature, isGzip } from './binary-signature.js';
export { SUBSTANTIAL_WORDS, MIN_INLINE_WORDS } from './feed-items.js';
