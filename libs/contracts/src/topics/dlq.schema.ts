import { z } from 'zod';
import { isoDateTime } from './common.schema.js';

export const DLQ_TOPIC = 'news.dlq.v1';

/** A dead-letter record: the original message (payload base64-encoded, bytes preserved) plus why it failed. */
export const deadLetterSchema = z.object({
  schemaVersion: z.literal(1),
  stage: z.enum(['fetch', 'clean', 'classify', 'index', 'gateway']),
  errorClass: z.string(),
  errorCode: z.string(),
  errorMessage: z.string(),
  attempts: z.number().int().positive(),
  firstFailureAt: isoDateTime,
  lastFailureAt: isoDateTime,
  originalTopic: z.string(),
  originalPartition: z.number().int().nonnegative().optional(),
  originalOffset: z.string().optional(),
  originalKey: z.string().optional(),
  originalHeaders: z.record(z.string(), z.string()),
  originalPayloadBase64: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
