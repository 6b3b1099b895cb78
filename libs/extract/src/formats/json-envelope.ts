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

/**
 * Parses bytes as an envelope candidate: the parsed object when the bytes are one JSON object shaped like an
 * envelope (see {@link isEnvelopeShaped}), else `{ ok: false }` (raw dumps, NDJSON, arrays, article objects).
 * The caller validates the candidate.
 */
export function parseEnvelope(
  bytes: Uint8Array,
): { ok: true; value: Record<string, unknown> } | { ok: false } {
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
