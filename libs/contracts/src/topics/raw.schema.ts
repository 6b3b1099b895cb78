import { z } from 'zod';
import { dumpIdSchema, isoDateTime } from './common.schema.js';

export const RAW_TOPIC = 'news.raw.v1';

/**
 * The shapes a dump on `news.ingest.v1` can take once decompressed: what `resolveDump` (libs/extract) sniffs, and the
 * `format` of each raw document (a fetched page's own format, or the inner format of an envelope's body).
 */
export const DUMP_FORMATS = [
  'html',
  'text',
  'ndjson',
  'warc',
  'rss',
  'atom',
  'url-list',
  'json-envelope',
] as const;
export type DumpFormat = (typeof DUMP_FORMATS)[number];

/** One raw document resolved from a dump by fetch: decoded text plus what fetch learnt about it. */
export const rawDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  dumpId: dumpIdSchema,
  docIndex: z.number().int().nonnegative(),
  format: z.enum(DUMP_FORMATS),
  contentType: z.enum(['text/html', 'text/plain']),
  charset: z.string().min(1),
  /** Invalid byte sequences that decoding replaced with U+FFFD (absent when the bytes were clean). */
  replacements: z.number().int().positive().optional(),
  body: z.string().min(1),
  url: z.string().max(4096).optional(),
  source: z.string().max(200).optional(),
  title: z.string().optional(),
  author: z.string().optional(),
  publishedAt: isoDateTime.optional(),
  receivedAt: isoDateTime,
  fetchedAt: isoDateTime,
});
export type RawDocument = z.infer<typeof rawDocumentSchema>;
