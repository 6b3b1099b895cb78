import { parseTopicPayload, type JsonTopic, type ParseOptions, type TopicPayload } from '@newsflow/contracts';
import { PermanentError } from './errors.js';

/**
 * Validates a consumed payload with its topic's schema. An invalid message is a permanent failure
 * (code `invalid_message`, the zod error naming each field) that goes to the dead-letter topic, never a crash.
 */
export function parseOrFail<T extends JsonTopic>(
  topic: T,
  raw: Uint8Array,
  opts?: ParseOptions,
): { ok: true; value: TopicPayload<T> } | { ok: false; error: PermanentError } {
  const r = parseTopicPayload(topic, raw, opts);
  if (r.ok) return r;
  return { ok: false, error: new PermanentError('invalid_message', `invalid ${topic} message: ${r.error}`) };
}

/** Same as parseOrFail but throws the PermanentError, for per-message handlers. */
export function parseOrThrow<T extends JsonTopic>(
  topic: T,
  raw: Uint8Array,
  opts?: ParseOptions,
): TopicPayload<T> {
  const r = parseOrFail(topic, raw, opts);
  if (!r.ok) throw r.error;
  return r.value;
}
