import { STAGES } from '@newsflow/contracts';
import { z } from 'zod';
import { commonEnvSchema, loadConfig } from '@newsflow/messaging';

const schema = commonEnvSchema.extend({
  CLASSIFY_PORT: z.coerce.number().int().min(1).max(65535).default(STAGES.classify.port),
  CLASSIFY_HOST: z.string().default('127.0.0.1'),
  CLASSIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
});

export type ClassifyConfig = ReturnType<typeof loadClassifyConfig>;

export function loadClassifyConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(schema, env);
}
