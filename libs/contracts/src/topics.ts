import type { z } from 'zod';
import { compileFastCheck, type FastCheck } from './fast-check.js';
import { CLEAN_TOPIC, cleanArticleSchema } from './topics/clean.schema.js';
import { DLQ_TOPIC, deadLetterSchema } from './topics/dlq.schema.js';
import { ENRICHED_TOPIC, enrichedArticleSchema } from './topics/enriched.schema.js';
import { INDEXED_TOPIC, indexedConfirmationSchema } from './topics/indexed.schema.js';
import { INGEST_TOPIC } from './topics/ingest.schema.js';
import { RAW_TOPIC, rawDocumentSchema } from './topics/raw.schema.js';

/** Topics whose values are JSON validated by a schema. `news.ingest.v1` carries arbitrary bytes and is not here. */
export const TOPIC_SCHEMAS = {
  [RAW_TOPIC]: rawDocumentSchema,
  [CLEAN_TOPIC]: cleanArticleSchema,
  [ENRICHED_TOPIC]: enrichedArticleSchema,
  [INDEXED_TOPIC]: indexedConfirmationSchema,
  [DLQ_TOPIC]: deadLetterSchema,
} as const;

export type JsonTopic = keyof typeof TOPIC_SCHEMAS;
export type TopicPayload<T extends JsonTopic> = z.infer<(typeof TOPIC_SCHEMAS)[T]>;

export const ALL_TOPICS = [
  INGEST_TOPIC,
  RAW_TOPIC,
  CLEAN_TOPIC,
  ENRICHED_TOPIC,
  INDEXED_TOPIC,
  DLQ_TOPIC,
] as const;
export type TopicName = (typeof ALL_TOPICS)[number];

/** Topic settings shared by the native stack, docker-compose and the topic bootstrapper. */
export const TOPIC_DEFAULTS = { partitions: 6, replicationFactor: 1 } as const;

/**
 * Topics validated first by a check compiled from their schema (see compileFastCheck): a message it accepts is
 * exactly what zod would accept and return unchanged, anything else goes through zod (its decision, its errors).
 * Every stage's input: raw documents (clean), clean articles (classify), enriched articles (index, ~30 checked
 * fields per message) and index confirmations (gateway).
 */
const FAST_CHECKS: Partial<Record<JsonTopic, FastCheck | undefined>> = {
  [RAW_TOPIC]: compileFastCheck(rawDocumentSchema),
  [CLEAN_TOPIC]: compileFastCheck(cleanArticleSchema),
  [ENRICHED_TOPIC]: compileFastCheck(enrichedArticleSchema),
  [INDEXED_TOPIC]: compileFastCheck(indexedConfirmationSchema),
};

/**
 * The topic's compiled check, if it has one: true only when zod would accept the value and return it unchanged, so a
 * value it accepts may be serialised as it stands (see jsonMessage's `fastCheck`).
 */
export function fastCheckOf(topic: JsonTopic): FastCheck | undefined {
  return FAST_CHECKS[topic];
}

/** UTF-8 text of a payload without copying its bytes first. */
function payloadText(raw: Uint8Array | string): string {
  if (typeof raw === 'string') return raw;
  return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).toString(
    'utf8',
  );
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ParseOptions {
  /** Use the topic's compiled check before zod when it has one (default true); false: zod only, for comparison. */
  fastCheck?: boolean;
}

/** Parses a JSON payload for a topic with its schema. Never throws; the error names each bad field. */
export function parseTopicPayload<T extends JsonTopic>(
  topic: T,
  raw: Uint8Array | string,
  opts: ParseOptions = {},
): ParseOutcome<TopicPayload<T>> {
  let json: unknown;
  try {
    json = JSON.parse(payloadText(raw));
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (opts.fastCheck !== false && FAST_CHECKS[topic]?.(json))
    return { ok: true, value: json as TopicPayload<T> };
  const result = TOPIC_SCHEMAS[topic].safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: formatZodError(result.error) };
}

/** One-line description of a zod error: `field.path: message; other: message`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
