import { z } from 'zod';
import { TOPIC_DEFAULTS } from '@newsflow/contracts';

/** How `ensureTopics` creates the pipeline topics: partitions, replication factor, `min.insync.replicas`. */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** The local single-broker stack: 6 partitions, one replica, min ISR 1. */
export const LOCAL_TOPIC_SETTINGS: TopicSettings = {
  partitions: TOPIC_DEFAULTS.partitions,
  replicationFactor: TOPIC_DEFAULTS.replicationFactor,
  minInsyncReplicas: 1,
};

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);

const topicEnvSchema = z
  .object({
    NEWSFLOW_TOPIC_PARTITIONS: positiveInt(LOCAL_TOPIC_SETTINGS.partitions),
    NEWSFLOW_TOPIC_REPLICATION_FACTOR: positiveInt(LOCAL_TOPIC_SETTINGS.replicationFactor),
    NEWSFLOW_TOPIC_MIN_ISR: positiveInt(LOCAL_TOPIC_SETTINGS.minInsyncReplicas),
  })
  .refine((e) => e.NEWSFLOW_TOPIC_MIN_ISR <= e.NEWSFLOW_TOPIC_REPLICATION_FACTOR, {
    path: ['NEWSFLOW_TOPIC_MIN_ISR'],
    message: 'must not exceed NEWSFLOW_TOPIC_REPLICATION_FACTOR (no write could ever be acknowledged)',
  });

/**
 * Topic settings from the environment: `NEWSFLOW_TOPIC_PARTITIONS` (default 6), `NEWSFLOW_TOPIC_REPLICATION_FACTOR`
 * (1) and `NEWSFLOW_TOPIC_MIN_ISR` (1); a cluster of 3 brokers uses 3 and 2. Empty values count as unset. A bad
 * value throws one error naming each bad variable.
 */
export function topicSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TopicSettings {
  const pick = (k: string) => (env[k] === undefined || env[k]?.trim() === '' ? undefined : env[k]?.trim());
  const r = topicEnvSchema.safeParse({
    NEWSFLOW_TOPIC_PARTITIONS: pick('NEWSFLOW_TOPIC_PARTITIONS'),
    NEWSFLOW_TOPIC_REPLICATION_FACTOR: pick('NEWSFLOW_TOPIC_REPLICATION_FACTOR'),
    NEWSFLOW_TOPIC_MIN_ISR: pick('NEWSFLOW_TOPIC_MIN_ISR'),
  });
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid topic settings:\n${lines.join('\n')}`);
  }
  return {
    partitions: r.data.NEWSFLOW_TOPIC_PARTITIONS,
    replicationFactor: r.data.NEWSFLOW_TOPIC_REPLICATION_FACTOR,
    minInsyncReplicas: r.data.NEWSFLOW_TOPIC_MIN_ISR,
  };
}

/** The `createTopics` entry of one topic with these settings (and newsflow's 16 MiB message limit). */
export function topicCreation(
  topic: string,
  settings: TopicSettings,
): {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: Array<{ name: string; value: string }>;
} {
  return {
    topic,
    numPartitions: settings.partitions,
    replicationFactor: settings.replicationFactor,
    configEntries: [
      { name: 'max.message.bytes', value: String(16 * 1024 * 1024) },
      { name: 'min.insync.replicas', value: String(settings.minInsyncReplicas) },
    ],
  };
}
