import {
  INGEST_ENVELOPE_KEYS,
  formatZodError,
  ingestEnvelopeSchema,
  type IngestEnvelope,
} from '@newsflow/contracts';

/** The JSON envelope a producer may wrap a dump in on `news.ingest.v1`: the contract's schema, defined once. */
export type DumpEnvelope = IngestEnvelope;

const KEYS = new Set<string>(INGEST_ENVELOPE_KEYS);
/** Envelopes are small JSON objects or carry a body; do not JSON.parse megabytes that cannot be one. */
const OPENING = /^\s*\{/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The rule that separates an envelope from an article record: a JSON object with at least one key whose keys are
 * all envelope keys (`id, source, url, contentType, receivedAt, body, bodyEncoding`) is an envelope, whatever the
 * types of its values; an object with any other key (`title`, `text`, `headline`...) is an article. So
 * `{"source": 5, "body": "..."}` is an envelope with a bad `source`, rejected with the field named, never an
 * article whose source is "5".
 */
export function isEnvelopeShaped(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => KEYS.has(k));
}

/**
 * Validates an envelope-shaped value (see {@link isEnvelopeShaped}) with the `news.ingest.v1` schema of
 * libs/contracts, the same check the fetch stage makes; the message names each bad field.
 */
export function checkEnvelope(
  value: Record<string, unknown>,
): { ok: true; envelope: DumpEnvelope } | { ok: false; message: string } {
  const parsed = ingestEnvelopeSchema.safeParse(value);
  return parsed.success
    ? { ok: true, envelope: parsed.data }
    : { ok: false, message: formatZodError(parsed.error) };
}

/** A valid envelope from an already parsed value, or undefined (not envelope-shaped, or invalid). */
export function envelopeFromValue(value: unknown): DumpEnvelope | undefined {
  if (!isEnvelopeShaped(value)) return undefined;
  const checked = checkEnvelope(value);
  return checked.ok ? checked.envelope : undefined;
}

/** JSON's whitespace: space, tab, LF, CR. */
function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * True when the bytes cannot be one JSON document because their first line already is one and something other than
 * whitespace follows it (an NDJSON dump): a raw LF never occurs inside a JSON string, so the line ends between tokens,
 * and a complete value followed by another token is a syntax error for `JSON.parse` of the whole text. Only that
 * line is decoded, instead of the whole dump.
 */
function firstLineEndsTheValue(bytes: Uint8Array): boolean {
  const nl = bytes.indexOf(0x0a);
  if (nl === -1) return false;
  let more = false;
  for (let i = nl + 1; i < bytes.length; i++)
    if (!isJsonSpace(bytes[i] as number)) {
      more = true;
      break;
    }
  if (!more) return false;
  try {
    JSON.parse(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, nl)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses bytes as an envelope candidate: the parsed object when the bytes are one JSON object shaped like an
 * envelope (see {@link isEnvelopeShaped}), else `{ ok: false }` (raw dumps, NDJSON, arrays, article objects).
 * The caller validates the candidate.
 */
export function parseEnvelope(
  bytes: Uint8Array,
): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (firstLineEndsTheValue(bytes)) return { ok: false };
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  if (!OPENING.test(text)) return { ok: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  return isEnvelopeShaped(value) ? { ok: true, value } : { ok: false };
}
