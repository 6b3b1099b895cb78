import { randomUUID } from 'node:crypto';
import { DLQ_TOPIC, parseTopicPayload, type DeadLetter } from '@newsflow/contracts';
import { KafkaProducerAdapter, physicalTopic } from '@newsflow/messaging';
import type { Kafka } from 'kafkajs';

/** Reads the whole dead-letter topic with a throw-away consumer group (nothing is committed). */
export async function readDeadLetters(
  kafka: Kafka,
  prefix: string,
  idleMs = 2000,
  limit = 1000,
): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId: `newsflow-dlq-reader-${randomUUID()}` });
  const records: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: physicalTopic(prefix, DLQ_TOPIC), fromBeginning: true });
    let lastSeen = Date.now();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        lastSeen = Date.now();
        if (!message.value || records.length >= limit) return;
        const r = parseTopicPayload(DLQ_TOPIC, message.value);
        if (r.ok) records.push(r.value);
        await Promise.resolve();
      },
    });
    const started = Date.now();
    // Wait for the group to join and the topic to drain; stop after `idleMs` without a new record.
    while (Date.now() - lastSeen < idleMs || Date.now() - started < idleMs + 3000) {
      if (records.length >= limit) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Re-produces dead-lettered messages to their original topic with their original key, bytes and headers. */
export async function replayDeadLetters(kafka: Kafka, records: readonly DeadLetter[]): Promise<number> {
  const producer = new KafkaProducerAdapter(kafka, '');
  await producer.connect();
  try {
    await producer.send(
      records.map((r) => ({
        topic: r.originalTopic,
        key: r.originalKey,
        value: Buffer.from(r.originalPayloadBase64, 'base64'),
        headers: { ...r.originalHeaders, 'newsflow-replayed-from-dlq': r.lastFailureAt },
      })),
    );
  } finally {
    await producer.disconnect();
  }
  return records.length;
}
