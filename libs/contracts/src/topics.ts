import type { z } from 'zod';
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

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a JSON payload for a topic with its schema. Never throws; the error names each bad field. */
export function parseTopicPayload<T extends JsonTopic>(
  topic: T,
  raw: Uint8Array | string,
): ParseOutcome<TopicPayload<T>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  const result = TOPIC_SCHEMAS[topic].safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: formatZodError(result.error) };
}

/** One-line description of a zod error: `field.path: message; other: message`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
