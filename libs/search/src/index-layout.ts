import { z } from 'zod';

/** Shards and replicas of the articles index. */
export interface IndexLayout {
  shards: number;
  replicas: number;
}

/** The local single OpenSearch node: one shard, no replica (a replica could never be allocated). */
export const LOCAL_INDEX_LAYOUT: IndexLayout = { shards: 1, replicas: 0 };

const layoutEnvSchema = z.object({
  NEWSFLOW_INDEX_SHARDS: z.coerce.number().int().min(1).max(1024).default(LOCAL_INDEX_LAYOUT.shards),
  NEWSFLOW_INDEX_REPLICAS: z.coerce.number().int().min(0).max(15).default(LOCAL_INDEX_LAYOUT.replicas),
});

/**
 * Index layout from the environment: `NEWSFLOW_INDEX_SHARDS` (default 1) and `NEWSFLOW_INDEX_REPLICAS` (default 0;
 * a 3-node cluster uses 1). Empty values count as unset; a bad value throws one error naming each bad variable.
 */
export function indexLayoutFromEnv(env: NodeJS.ProcessEnv = process.env): IndexLayout {
  const pick = (k: string) => (env[k] === undefined || env[k]?.trim() === '' ? undefined : env[k]?.trim());
  const r = layoutEnvSchema.safeParse({
    NEWSFLOW_INDEX_SHARDS: pick('NEWSFLOW_INDEX_SHARDS'),
    NEWSFLOW_INDEX_REPLICAS: pick('NEWSFLOW_INDEX_REPLICAS'),
  });
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid index settings:\n${lines.join('\n')}`);
  }
  return { shards: r.data.NEWSFLOW_INDEX_SHARDS, replicas: r.data.NEWSFLOW_INDEX_REPLICAS };
}
