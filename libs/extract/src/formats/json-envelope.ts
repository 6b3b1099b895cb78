/** The JSON envelope a producer may wrap a dump in on `news.ingest.v1` (see DESIGN.md). */
export interface DumpEnvelope {
  id?: string;
  source?: string;
  url?: string;
  contentType?: string;
  receivedAt?: string;
  body?: string;
  bodyEncoding?: 'utf8' | 'base64' | 'gzip+base64';
}

/** The keys of an envelope; the same list as `INGEST_ENVELOPE_KEYS` in libs/contracts (checked by a test). */
export const ENVELOPE_KEYS: readonly string[] = [
  'id',
  'source',
  'url',
  'contentType',
  'receivedAt',
  'body',
  'bodyEncoding',
];
const KEYS = new Set(ENVELOPE_KEYS);
const BODY_ENCODINGS = new Set(['utf8', 'base64', 'gzip+base64']);
/** Envelopes are small JSON objects or carry a body; do not JSON.parse megabytes that cannot be one. */
const OPENING = /^\s*\{/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `"${v.slice(0, 40)}"` : typeof v;
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
 * Checks an envelope-shaped value (see {@link isEnvelopeShaped}): every value a string (null means absent), a known
 * `bodyEncoding`, and a body or a url. Messages name the field. The fetch stage validates with the zod schema of
 * libs/contracts instead; this check serves callers of `resolveDump` without the contracts library.
 */
export function checkEnvelope(
  value: Record<string, unknown>,
): { ok: true; envelope: DumpEnvelope } | { ok: false; message: string } {
  const out: DumpEnvelope = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') {
      problems.push(`${k}: expected a string, got ${describe(v)}`);
    } else if (k === 'bodyEncoding') {
      if (BODY_ENCODINGS.has(v)) out.bodyEncoding = v as DumpEnvelope['bodyEncoding'];
      else problems.push(`bodyEncoding: expected utf8, base64 or gzip+base64, got ${describe(v)}`);
    } else {
      out[k as Exclude<keyof DumpEnvelope, 'bodyEncoding'>] = v;
    }
  }
  if (problems.length === 0 && out.body === undefined && out.url === undefined)
    problems.push('body: an envelope needs a body or a url');
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true, envelope: out };
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
