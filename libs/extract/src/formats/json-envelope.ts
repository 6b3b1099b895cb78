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

const ENVELOPE_KEYS = new Set(['id', 'source', 'url', 'contentType', 'receivedAt', 'body', 'bodyEncoding']);
const BODY_ENCODINGS = new Set(['utf8', 'base64', 'gzip+base64']);
/** Envelopes are small JSON objects or carry a body; do not JSON.parse megabytes that cannot be one. */
const OPENING = /^\s*\{/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Recognises a JSON envelope from an already parsed value: an object with only envelope keys, string values,
 * and at least one of `body`/`url`. An NDJSON line of an article (`{title, body, ...}`) has other keys and so is
 * never taken for an envelope.
 */
export function envelopeFromValue(value: unknown): DumpEnvelope | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (!keys.every((k) => ENVELOPE_KEYS.has(k))) return undefined;
  if (!('body' in value) && !('url' in value)) return undefined;
  const out: DumpEnvelope = {};
  for (const k of keys) {
    const v = value[k];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') return undefined;
    if (k === 'bodyEncoding') {
      if (!BODY_ENCODINGS.has(v)) return undefined;
      out.bodyEncoding = v as DumpEnvelope['bodyEncoding'];
    } else {
      out[k as Exclude<keyof DumpEnvelope, 'bodyEncoding'>] = v;
    }
  }
  if (out.body === undefined && out.url === undefined) return undefined;
  return out;
}

/** Parses bytes as a JSON envelope; `{ ok: false }` for anything else (including NDJSON and JSON arrays). */
export function parseEnvelope(bytes: Uint8Array): { ok: true; envelope: DumpEnvelope } | { ok: false } {
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  if (!OPENING.test(text)) return { ok: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  const envelope = envelopeFromValue(value);
  return envelope ? { ok: true, envelope } : { ok: false };
}
