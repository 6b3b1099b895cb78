import { z } from 'zod';
import { dumpIdSchema, isoDateTime } from './common.schema.js';

export const INGEST_TOPIC = 'news.ingest.v1';

export const BODY_ENCODINGS = ['utf8', 'base64', 'gzip+base64'] as const;

/**
 * The optional JSON envelope of a dump on `news.ingest.v1`. Raw bytes without an envelope are equally valid.
 * A value that is one JSON object whose keys are all {@link INGEST_ENVELOPE_KEYS} is an envelope and must pass this
 * schema (fetch dead-letters it as `invalid_envelope` with the zod error otherwise); any other value, including an
 * object with another key (`{title, body}`), is the dump itself.
 */
export const ingestEnvelopeSchema = z
  .object({
    id: dumpIdSchema.optional(),
    source: z.string().min(1).max(200).optional(),
    url: z.string().url().max(4096).optional(),
    contentType: z.string().min(1).max(200).optional(),
    receivedAt: isoDateTime.optional(),
    body: z.string().optional(),
    bodyEncoding: z.enum(BODY_ENCODINGS).default('utf8'),
  })
  .strict()
  .refine((e) => e.body !== undefined || e.url !== undefined, {
    message: 'an envelope needs a body or a url',
    path: ['body'],
  });

export type IngestEnvelope = z.infer<typeof ingestEnvelopeSchema>;
export const INGEST_ENVELOPE_KEYS = [
  'id',
  'source',
  'url',
  'contentType',
  'receivedAt',
  'body',
  'bodyEncoding',
] as const;
