import { FETCH_URL_QUEUE, STAGES, prefixed } from '@newsflow/contracts';
import { z } from 'zod';
import { commonEnvSchema, loadConfig } from '@newsflow/messaging';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = commonEnvSchema.extend({
  FETCH_PORT: z.coerce.number().int().min(1).max(65535).default(STAGES.fetch.port),
  FETCH_HOST: z.string().default('127.0.0.1'),
  FETCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** Largest dump accepted (bytes, compressed or not). */
  FETCH_MAX_DUMP_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** URL downloads: timeout, size cap, redirects, retries, concurrency. */
  FETCH_URL_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  FETCH_URL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  FETCH_URL_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  FETCH_URL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  FETCH_URL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  FETCH_URL_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  FETCH_URL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  /** SSRF guard: URLs resolving to loopback/private/link-local addresses are refused unless allowed here. */
  FETCH_ALLOW_PRIVATE_NETWORKS: bool.default('false'),
  FETCH_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
});

export type FetchConfig = ReturnType<typeof loadFetchConfig>;

export function loadFetchConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = loadConfig(schema, env);
  const pre = c.NEWSFLOW_PREFIX;
  return {
    ...c,
    queueName: prefixed(pre, FETCH_URL_QUEUE),
  };
}
