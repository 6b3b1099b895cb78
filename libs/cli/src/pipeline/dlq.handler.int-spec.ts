import { DLQ_TOPIC, type DeadLetter } from '@newsflow/contracts';
import { createKafka, physicalTopic } from '@newsflow/messaging';
import { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { consumeUntil } from '../../../../test/support/stack-kafka.js';
import { testName } from '../../../../test/support/test-names.js';
import {
  REPLAYED_FROM_DLQ_HEADER,
  RedisReplayLedger,
  readDeadLetters,
  replayDeadLetters,
  selectDeadLetters,
} from './dlq.handler.js';

/** Reads every message of a topic up to its current end. */
async function readAll(
  kafka: Kafka,
  admin: Admin,
  topic: string,
): Promise<Array<{ value: string; replayed: boolean }>> {
  const ends = await admin.fetchTopicOffsets(topic);
  const total = ends.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const seen: Array<{ value: string; replayed: boolean }> = [];
  if (total === 0) return seen;
  const groupId = testName('dlq-reader');
  const consumer = kafka.consumer({ groupId });
  try {
    await consumeUntil(consumer, topic, ({ message }) => {
      seen.push({
        value: message.value?.toString() ?? '',
        replayed: message.headers?.[REPLAYED_FROM_DLQ_HEADER] !== undefined,
      });
      return seen.length >= total;
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return seen;
}

describe('newsflow dlq: read, filter, replay once (real Kafka and Redis)', () => {
  const prefix = testName('dlq');
  const dlqTopic = physicalTopic(prefix, DLQ_TOPIC);
  const originalTopic = physicalTopic(prefix, 'news.ingest.v1');
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;
  let ledger: RedisReplayLedger;

  const letter = (n: number, stage: DeadLetter['stage'], code: string): DeadLetter => ({
    schemaVersion: 1,
    stage,
    errorClass: 'PermanentError',
    errorCode: code,
    errorMessage: `failure ${n}`,
    attempts: 1,
    firstFailureAt: `2026-11-30T1${n}:00:00.000Z`,
    lastFailureAt: `2026-11-30T1${n}:00:00.000Z`,
    originalTopic,
    originalKey: `dump-${n}`,
    originalHeaders: { 'newsflow-trace-id': `t-${n}` },
    originalPayloadBase64: Buffer.from(`payload ${n}`).toString('base64'),
  });

  beforeAll(async () => {
    kafka = createKafka({ brokers: [...stackEndpoints().kafkaBrokers], clientId: 'newsflow-dlq-int' });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: dlqTopic, numPartitions: 2 },
        { topic: originalTopic, numPartitions: 1 },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlqTopic,
      messages: [
        letter(1, 'fetch', 'timeout'),
        letter(2, 'clean', 'no_content'),
        letter(3, 'fetch', 'timeout'),
        letter(4, 'fetch', 'invalid_envelope'),
      ].map((l, i) => ({ key: l.originalKey, value: JSON.stringify(l), partition: i % 2 })),
    });
    await producer.disconnect();
    redis = new Redis(stackEndpoints().redisUrl);
    ledger = new RedisReplayLedger(redis, prefix);
  });

  afterAll(async () => {
    await redis.del(ledger.key);
    await redis.quit();
    await admin.deleteTopics({ topics: [dlqTopic, originalTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('reads the whole topic to its end and sorts and filters it', async () => {
    const { entries, unreadable } = await readDeadLetters(kafka, prefix);
    expect(unreadable).toBe(0);
    expect(entries).toHaveLength(4);
    expect(selectDeadLetters(entries).map((e) => e.record.originalKey)).toEqual([
      'dump-4',
      'dump-3',
      'dump-2',
      'dump-1',
    ]);
    expect(
      selectDeadLetters(entries, { stage: 'fetch', code: 'timeout' }).map((e) => e.record.originalKey),
    ).toEqual(['dump-3', 'dump-1']);
  });

  it('replays the selected dead letters once, marks them, and a second replay sends nothing', async () => {
    const read = async () => ledger.annotate((await readDeadLetters(kafka, prefix)).entries);
    const timeouts = selectDeadLetters(await read(), { code: 'timeout' });
    expect(await replayDeadLetters(kafka, timeouts, ledger)).toBe(2);

    const after = await read();
    expect(selectDeadLetters(after).map((e) => e.record.originalKey)).toEqual(['dump-4', 'dump-2']);
    const marked = selectDeadLetters(after, { includeReplayed: true }).filter((e) => e.replayedAt);
    expect(marked.map((e) => e.record.originalKey)).toEqual(['dump-3', 'dump-1']);

    expect(await replayDeadLetters(kafka, selectDeadLetters(after, { code: 'timeout' }), ledger)).toBe(0);
    expect(
      await replayDeadLetters(
        kafka,
        selectDeadLetters(after, { code: 'timeout', includeReplayed: true }),
        ledger,
      ),
    ).toBe(0);

    const resent = await readAll(kafka, admin, originalTopic);
    expect(resent.map((m) => m.value).sort()).toEqual(['payload 1', 'payload 3']);
    expect(resent.every((m) => m.replayed)).toBe(true);
  });
});
