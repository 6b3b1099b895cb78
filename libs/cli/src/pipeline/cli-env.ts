import { z } from 'zod';
import { commonEnvSchema, loadConfig } from '@newsflow/messaging';

/** Environment of the user-facing pipeline commands (ingest, search, start, dlq). */
export const cliEnvSchema = commonEnvSchema.extend({
  GATEWAY_URL: z.string().url().default('http://127.0.0.1:3000'),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Largest Kafka message the CLI sends (the local broker accepts 10 MiB; keep headroom for headers). */
  NEWSFLOW_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(9 * 1024 * 1024),
});
export type CliEnv = z.infer<typeof cliEnvSchema>;

export function loadCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return loadConfig(cliEnvSchema, env);
}
