import { Kafka, logLevel, type LogEntry, type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { ALL_TOPICS, TOPIC_DEFAULTS } from '@newsflow/contracts';

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

/** A kafkajs client whose own logs go through pino (warnings and errors only: kafkajs is chatty at info). */
export function createKafka(conn: KafkaConnection, logger?: Logger): Kafka {
  return new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
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

/** Creates the pipeline topics that do not exist yet (6 partitions by default). Safe to call concurrently and repeatedly. */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[] = ALL_TOPICS,
  partitions: number = TOPIC_DEFAULTS.partitions,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: TOPIC_DEFAULTS.replicationFactor,
        configEntries: [{ name: 'max.message.bytes', value: String(16 * 1024 * 1024) }],
      })),
    });
  } catch (err) {
    // Another process may have created them in between: that is fine.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
  return missing;
}
