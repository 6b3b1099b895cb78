import { z } from 'zod';
import { dumpIdSchema, hexId, isoDateTime } from './common.schema.js';

export const INDEXED_TOPIC = 'news.indexed.v1';

export const indexedConfirmationSchema = z.object({
  schemaVersion: z.literal(1),
  id: hexId,
  dumpId: dumpIdSchema,
  index: z.string(),
  result: z.enum(['created', 'updated', 'noop']),
  indexedAt: isoDateTime,
  /** Epoch ms per stage, copied from the headers, so consumers can compute stage and end-to-end latency. */
  stageTimestamps: z.record(z.string(), z.number()),
});
export type IndexedConfirmation = z.infer<typeof indexedConfirmationSchema>;
