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
