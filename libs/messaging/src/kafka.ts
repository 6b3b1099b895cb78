import { Kafka, logLevel, type LogEntry, type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { ALL_TOPICS } from '@newsflow/contracts';
import { topicCreation, topicSettingsFromEnv, type TopicSettings } from './topic-settings.js';
import { processConnectionSecurity } from './connection-security.config.js';
import { sleep } from './sleep.js';
import { patchKafkaRequestQueue } from './kafkajs-patch.js';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  /** Retries of a failed request (default 8); a CLI that must fail fast when the stack is down passes 1. */
  retries?: number;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose own logs go through pino (warnings and errors only: kafkajs is chatty at info), with
 * kafkajs's idle timer loop fixed (see kafkajs-patch.ts).
 */
export function createKafka(conn: KafkaConnection, logger?: Logger): Kafka {
  patchKafkaRequestQueue();
  return new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
    // TLS / SASL from KAFKA_SECURITY_PROTOCOL and friends (connection-security.config.ts); nothing when PLAINTEXT
    ...processConnectionSecurity().kafka,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: conn.retries ?? 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        if (!logger) return;
        const { message, ...extra } = log;
        logger[LEVELS[level] ?? 'info']({ kafkajs: namespace, ...extra }, message);
      },
  });
}

function isAlreadyExists(err: unknown): boolean {
  const e = err as { message?: string; type?: string; errors?: Array<{ type?: string }> };
  if (e.type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(e.message ?? '')) return true;
  return (
    Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')
  );
}

/** kafkajs says "Topic creation errors": name each topic with the broker's reason and the settings asked for. */
function topicCreationError(err: unknown, settings: TopicSettings): Error {
  const e = err as { message?: string; errors?: Array<{ topic?: string; type?: string; message?: string }> };
  if (!Array.isArray(e.errors) || e.errors.length === 0) return err as Error;
  const reasons = e.errors
    .map((x) => `${x.topic ?? '?'}: ${x.type ?? 'error'} (${x.message ?? ''})`)
    .join('; ');
  return new Error(
    `could not create topics with ${settings.partitions} partitions, replication factor ${settings.replicationFactor}, min.insync.replicas ${settings.minInsyncReplicas} (NEWSFLOW_TOPIC_*): ${reasons}`,
    { cause: err },
  );
}

function isRetriable(err: unknown): boolean {
  return (err as { retriable?: boolean }).retriable === true;
}

/**
 * Waits until every partition of the topics has a leader. Right after creation (by us or by a concurrent
 * caller) metadata answers "This server does not host this topic-partition" for a moment: that is retried.
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const md = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (
        md.topics.length === topics.length &&
        md.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      )
        return;
    } catch (err) {
      if (!isRetriable(err) || Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`topics without a leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await sleep(250);
  }
}

/**
 * Creates the pipeline topics that do not exist yet and waits until every partition has a leader. Partitions,
 * replication factor and `min.insync.replicas` come from `settings` (default: the environment, see
 * `topicSettingsFromEnv`: 6/1/1 for the local broker); an explicit `partitions` argument wins over the settings.
 * Safe to call concurrently from several processes (all five services do at start) and repeatedly.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[] = ALL_TOPICS,
  partitions?: number,
  settings: TopicSettings = topicSettingsFromEnv(),
): Promise<string[]> {
  const effective = partitions === undefined ? settings : { ...settings, partitions };
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => topicCreation(topic, effective)),
      });
    } catch (err) {
      // Another process may have created some of them in between, or leaders are still being elected.
      if (!isAlreadyExists(err) && !isRetriable(err)) throw topicCreationError(err, effective);
    }
  }
  await waitForTopicLeaders(admin, topics);
  return missing;
}
