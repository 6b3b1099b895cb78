import { z } from 'zod';

const csvList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

/** Default consumer session timeout (the Java client's default before Kafka 3.0; heartbeats go every 3 s). */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/**
 * Default bound of a stage's chunk by time (StageRunnerOptions.maxChunkMs). An idle consumer's chunk is what its fetch
 * brought and goes as soon as it is handled; this only bounds a chunk under a backlog or a slow handler. A shorter
 * bound costs a produce and a commit per chunk: at 100 ms, with classify at ~100 ms a message on a loaded machine,
 * every chunk was one article and the index stage got one-document bulks (index CPU per article 1.83 -> 3.83 ms,
 * Kafka 4.83 -> 8.50: npm run bench:pipeline -- --rate 20, load 17-23, BENCHMARKS "Freshness and index stage").
 */
export const DEFAULT_MAX_CHUNK_MS = 1_000;

/**
 * Default of StageRunnerOptions.streamBelowBacklog: -1, a chunk's outputs go in one send at its end. With N >= 0 a
 * message handler's outputs are sent as soon as it is handled while at most N messages of its partition wait behind
 * it. Off by default until measured on a quiet machine: on the loaded VM of session 8 (load 29-41) a runner with a
 * 3 ms CPU-bound handler fed dumps of 20 at 4/s delivered later with 50 than with -1 (p50 2.7 and 8.2 s against
 * 1.7 and 2.3 s, two alternating rounds; BENCHMARKS "Classify: freshness and memory (session 8)"), presumably
 * because each extra produce request of a starved process and broker cost more than the wait for the chunk.
 */
export const DEFAULT_STREAM_BELOW_BACKLOG = -1;

/** Default fetch bounds of a stage's consumer (StageRunnerOptions.fetchMaxBytes / fetchMaxBytesPerPartition). */
export const DEFAULT_FETCH_MAX_BYTES = 8 * 1024 * 1024;
export const DEFAULT_FETCH_MAX_BYTES_PER_PARTITION = 2 * 1024 * 1024;

/** Environment shared by every service; defaults point at the local stack so zero configuration works here. */
export const commonEnvSchema = z.object({
  KAFKA_BROKERS: csvList.default('127.0.0.1:9092'),
  /** One node's URL, or every node of a cluster comma-separated (see opensearchClientOptions). */
  OPENSEARCH_URL: z
    .string()
    .refine((s) => s.split(',').every((u) => z.string().url().safeParse(u.trim()).success), {
      message: 'expected a URL or a comma-separated list of URLs',
    })
    .default('http://127.0.0.1:9200'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix for every topic, consumer group and index alias: isolates test runs and tenants on one cluster. */
  NEWSFLOW_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$|^$/, 'lower-case letters, digits, dot, dash, underscore')
    .default(''),
  /**
   * Consumer session timeout: a member silent this long leaves the group. It also bounds how long a rejoin waits
   * for members that died without leaving (a consumer replaced while the broker was down), so it bounds recovery
   * after a broker restart. Kafka's broker allows 6 s to 30 min (`group.min/max.session.timeout.ms`).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(1_800_000)
    .default(DEFAULT_SESSION_TIMEOUT_MS),
  /**
   * A stage's chunk (outputs sent, offsets committed together) takes no new message after this many ms (message
   * handlers; see StageRunnerOptions.maxChunkMs).
   */
  STAGE_MAX_CHUNK_MS: z.coerce.number().int().min(1).max(600_000).default(DEFAULT_MAX_CHUNK_MS),
  /**
   * A message handler's outputs go as soon as it is handled while at most this many messages of its partition wait
   * behind it, else with the rest of the chunk (StageRunnerOptions.streamBelowBacklog); -1 (default) never streams.
   */
  STAGE_STREAM_BELOW_BACKLOG: z.coerce
    .number()
    .int()
    .min(-1)
    .max(1_000_000)
    .default(DEFAULT_STREAM_BELOW_BACKLOG),
  /**
   * A stage consumer's fetch bounds in bytes (StageRunnerOptions.fetchMaxBytes / fetchMaxBytesPerPartition); unset,
   * the stage's own tuning, else DEFAULT_FETCH_MAX_BYTES / DEFAULT_FETCH_MAX_BYTES_PER_PARTITION. A record larger than
   * the bound is still fetched whole (Kafka returns at least one record), so these bound memory, never correctness.
   */
  STAGE_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .optional(),
  STAGE_FETCH_MAX_BYTES_PER_PARTITION: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .optional(),
});
export type CommonEnv = z.infer<typeof commonEnvSchema>;

/** The consumer fetch bounds an operator set (STAGE_FETCH_MAX_BYTES*), as StageRunnerOptions fields; none when unset. */
export function fetchBoundsFromEnv(
  env: Pick<CommonEnv, 'STAGE_FETCH_MAX_BYTES' | 'STAGE_FETCH_MAX_BYTES_PER_PARTITION'>,
): { fetchMaxBytes?: number; fetchMaxBytesPerPartition?: number } {
  return {
    ...(env.STAGE_FETCH_MAX_BYTES !== undefined && { fetchMaxBytes: env.STAGE_FETCH_MAX_BYTES }),
    ...(env.STAGE_FETCH_MAX_BYTES_PER_PARTITION !== undefined && {
      fetchMaxBytesPerPartition: env.STAGE_FETCH_MAX_BYTES_PER_PARTITION,
    }),
  };
}

/**
 * Parses a service's environment with its schema once at boot. On failure it throws one error naming every
 * bad variable, so a misconfigured service stops at start with a clear message.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data as z.infer<S>;
}

/** Physical topic name for a logical one under a prefix (`test-x.` + `news.raw.v1`). */
export function physicalTopic(prefix: string, topic: string): string {
  return prefix ? `${prefix}.${topic}` : topic;
}
