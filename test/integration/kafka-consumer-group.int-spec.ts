import { logLevel, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeUntil, stackKafka } from '../support/stack-kafka.js';
import { testName } from '../support/test-names.js';

interface Received {
  readonly value: string;
  readonly offset: string;
}

/**
 * Runs a consumer of `groupId` until `until(received)` holds, committing an offset only for the messages `shouldCommit`
 * accepts (manual commits, autoCommit off), then disconnects it.
 */
async function consumeGroupUntil(
  kafka: Kafka,
  groupId: string,
  topic: string,
  shouldCommit: (value: string) => boolean,
  until: (received: readonly Received[]) => boolean,
): Promise<Received[]> {
  const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const received: Received[] = [];
  try {
    await consumeUntil(
      consumer,
      topic,
      async ({ partition, message }) => {
        const value = message.value?.toString('utf8') ?? '';
        received.push({ value, offset: message.offset });
        if (shouldCommit(value)) {
          // the committed offset is the next one to read
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
        }
        return until(received);
      },
      { autoCommit: false },
    );
  } finally {
    await consumer.disconnect();
  }
  return received;
}

describe('Kafka consumer group with manual offset commits (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topic = testName('kafka-resume');
  const groupId = testName('kafka-resume-group');
  const values = ['m0', 'm1', 'm2', 'm3', 'm4'];

  beforeAll(async () => {
    kafka = stackKafka('newsflow-int-test', logLevel.ERROR);
    admin = kafka.admin();
    await admin.connect();
    // one partition: the resume assertions rely on a single ordered log
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'k', value })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('delivers every produced message to the group and stores only the offsets the consumer commits', async () => {
    const committed = new Set(['m0', 'm1', 'm2']);
    const first = await consumeGroupUntil(
      kafka,
      groupId,
      topic,
      (v) => committed.has(v),
      (r) => r.length === values.length,
    );

    expect(first.map((r) => r.value)).toEqual(values);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets).toEqual([{ topic, partitions: [{ partition: 0, offset: '3', metadata: null }] }]);
  });

  it('resumes a restarted consumer from the committed offset: uncommitted messages again, committed ones never', async () => {
    const second = await consumeGroupUntil(
      kafka,
      groupId,
      topic,
      () => true,
      (r) => r.length === 2,
    );

    // the log is ordered, so had m0..m2 been re-delivered they would have come first
    expect(second).toEqual([
      { value: 'm3', offset: '3' },
      { value: 'm4', offset: '4' },
    ]);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets[0]?.partitions[0]?.offset).toBe('5');
  });
});
