import { STAGES } from '@newsflow/contracts';
import { z } from 'zod';
import { commonEnvSchema, loadConfig } from '@newsflow/messaging';
import { articlesAliasFor } from '@newsflow/search';

const schema = commonEnvSchema.extend({
  INDEX_PORT: z.coerce.number().int().min(1).max(65535).default(STAGES.index.port),
  INDEX_HOST: z.string().default('127.0.0.1'),
  INDEX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Documents per OpenSearch bulk request. */
  INDEX_BULK_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Bytes per OpenSearch bulk request: a chunk of large articles is sent as several requests. */
  INDEX_BULK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(100 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /**
   * Partitions of the input topic whose fetched batches are handled at once (kafkajs partitionsConsumedConcurrently).
   * kafkajs fetches again only after every batch of the last fetch was handled and committed, so with more batches
   * in hand the bulk limiter stays fuller across a fetch round's end.
   */
  INDEX_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(3),
  /** `_bulk` requests in flight at once (a chunk is split across them when large enough). */
  INDEX_BULK_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(3),
  /**
   * `idle`: a chunk is split only into the limiter's idle slots (one larger request when other chunks keep
   * OpenSearch busy); `always`: into INDEX_BULK_CONCURRENCY parts whatever else is in flight (as before).
   */
  INDEX_BULK_SPLIT: z.enum(['idle', 'always']).default('idle'),
  /** Smallest part a chunk is split into to fill INDEX_BULK_CONCURRENCY requests. */
  INDEX_BULK_MIN_SPLIT_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .default(1024 * 1024),
  /**
   * Refresh the alias this many ms at most after an acknowledged bulk (at once when the last refresh is older),
   * so that an article is searchable well before the index's 1 s refresh_interval; 0 turns it off.
   */
  INDEX_REFRESH_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  /**
   * How enriched articles are validated: `compiled` checks them with a validator compiled from the zod schema and
   * lets zod decide (and name the fields) of anything it does not accept; `zod` parses every message with zod only
   * (same decisions, more CPU; for comparison).
   */
  INDEX_VALIDATION: z.enum(['compiled', 'zod']).default('compiled'),
  INDEX_RETRY_MAX_MS: z.coerce.number().int().min(100).default(5_000),
});

export type IndexConfig = ReturnType<typeof loadIndexConfig>;

export function loadIndexConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = loadConfig(schema, env);
  const pre = c.NEWSFLOW_PREFIX;
  return {
    ...c,
    alias: articlesAliasFor(pre),
  };
}
