import { Kafka, logLevel, type Consumer, type ConsumerRunConfig, type EachMessagePayload } from 'kafkajs';
import { ensureTopics } from '@newsflow/messaging';
import { stackEndpoints } from './stack-env.js';

/** A kafkajs client of the test stack's brokers, silent unless `level` asks for kafkajs's own log lines. */
export function stackKafka(clientId: string, level: logLevel = logLevel.NOTHING): Kafka {
  return new Kafka({ clientId, brokers: [...stackEndpoints().kafkaBrokers], logLevel: level });
}

/** Runs `work` with a connected admin client of `kafka`, and disconnects it afterwards. */
export async function withAdmin<T>(
  kafka: Kafka,
  work: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates `topics` with `partitions` each (the services' own ensureTopics, so leaders are elected on return). */
export async function createTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  await withAdmin(kafka, (admin) => ensureTopics(admin, topics, partitions));
}

/** Deletes the topics a test created. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [...topics] }));
}

/**
 * Subscribes `consumer` (connected here) to `topic` from its beginning and runs it until `eachMessage` returns true
 * for a message; a failing run rejects. The caller disconnects the consumer (and cleans up its group).
 */
export async function consumeUntil(
  consumer: Consumer,
  topic: string,
  eachMessage: (payload: EachMessagePayload) => Promise<boolean> | boolean,
  run: Omit<ConsumerRunConfig, 'eachMessage' | 'eachBatch'> = {},
): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        ...run,
        eachMessage: async (payload) => {
          if (await eachMessage(payload)) resolve();
        },
      })
      .catch(reject);
  });
}
