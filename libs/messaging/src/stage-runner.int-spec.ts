import pino from 'pino';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_TOPIC, deadLetterSchema, type DeadLetter } from '@newsflow/contracts';
import { StageMetrics } from '@newsflow/observability';
import { followTopic } from '../../../test/support/follow-topic.js';
import { createTopics, deleteTopics, stackKafka } from '../../../test/support/stack-kafka.js';
import { testName } from '../../../test/support/test-names.js';
import { until, waitFor } from '../../../test/support/wait.js';
import { PermanentError } from './errors.js';
import { sleep } from './sleep.js';
import { KafkaProducerAdapter } from './producer.js';
import { StageRunner, type MessageHandler } from './stage-runner.js';

const logger = pino({ level: 'silent' });

describe('StageRunner on a real broker', () => {
  let kafka: Kafka;
  let prefix: string;
  let input: string;
  const outputs: string[] = [];
  const deadLetters: DeadLetter[] = [];
  const followers: Consumer[] = [];

  beforeAll(async () => {
    kafka = stackKafka('stage-runner-int');
    prefix = testName('runner');
    input = `${prefix}.input`;
    await createTopics(kafka, [input, `${prefix}.out`, `${prefix}.${DLQ_TOPIC}`], 2);
    followers.push(
      await followTopic(kafka, `${prefix}.out`, (v) => outputs.push(v)),
      await followTopic(kafka, `${prefix}.${DLQ_TOPIC}`, (v) =>
        deadLetters.push(deadLetterSchema.parse(JSON.parse(v))),
      ),
    );
  });

  afterAll(async () => {
    for (const c of followers) await c.disconnect();
    await deleteTopics(kafka, [input, `${prefix}.out`, `${prefix}.${DLQ_TOPIC}`]);
  });

  function runner(groupId: string, handle: MessageHandler, metrics?: StageMetrics): StageRunner {
    return new StageRunner({
      stage: 'clean',
      groupId,
      topic: input,
      kafka,
      producer: new KafkaProducerAdapter(kafka, prefix),
      logger,
      metrics,
      maxAttempts: 3,
      retryBaseMs: 10,
      handler: { kind: 'message', handle },
    });
  }

  /** Produces `values` to `topic` (default the input), each keyed by itself unless one `key` is given. */
  async function produce(values: string[], topic = input, key?: string): Promise<void> {
    const p = new KafkaProducerAdapter(kafka, '');
    await p.connect();
    await p.send(
      values.map((v) => ({ topic, key: key ?? v, value: v, headers: { 'newsflow-trace-id': `t-${v}` } })),
    );
    await p.disconnect();
  }

  it('forwards outputs, dead-letters poison and exhausted messages, retries transient failures, and commits', async () => {
    const attempts = new Map<string, number>();
    const metrics = new StageMetrics('int-test');
    const group = testName('group');
    const handle: MessageHandler = (m) => {
      const v = m.value.toString();
      attempts.set(v, (attempts.get(v) ?? 0) + 1);
      if (v === 'poison')
        return Promise.reject(new PermanentError('invalid_message', 'poison: field x is missing'));
      if (v === 'flaky' && attempts.get(v) === 1) return Promise.reject(new Error('broker hiccup'));
      if (v === 'broken') return Promise.reject(new Error('always fails'));
      return Promise.resolve([{ topic: 'out', key: v, value: `${v}!`, headers: {} }]);
    };
    const r = runner(group, handle, metrics);
    await r.start();
    await produce(['a', 'poison', 'flaky', 'broken', 'b']);
    await waitFor(() => outputs.length >= 3 && deadLetters.length >= 2, 'outputs and dead letters', 30_000);
    await r.stop();

    expect(outputs.sort()).toEqual(['a!', 'b!', 'flaky!']);
    const poison = deadLetters.find((d) => d.originalKey === 'poison');
    expect(poison).toMatchObject({
      stage: 'clean',
      errorCode: 'invalid_message',
      attempts: 1,
      originalTopic: input,
    });
    expect(poison?.originalHeaders['newsflow-trace-id']).toBe('t-poison');
    expect(deadLetters.find((d) => d.originalKey === 'broken')).toMatchObject({
      errorCode: 'unexpected',
      attempts: 3,
    });
    expect(attempts.get('flaky')).toBe(2);
    expect(await metrics.render()).toMatch(/newsflow_retries_total\{[^}]*stage="clean"[^}]*\} [1-9]/);

    // Everything was committed: a restarted member of the same group receives nothing old.
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
    const latest = await admin.fetchTopicOffsets(input);
    await admin.disconnect();
    const lag = latest.reduce(
      (n, p) =>
        n +
        Number(p.high) -
        Number(committed[0]!.partitions.find((c) => c.partition === p.partition)!.offset),
      0,
    );
    expect(lag).toBe(0);

    const seenAfterRestart: string[] = [];
    const again = runner(group, (m) => {
      seenAfterRestart.push(m.value.toString());
      return Promise.resolve([]);
    });
    await again.start();
    await produce(['c']);
    await waitFor(() => seenAfterRestart.includes('c'), 'the new message after restart', 30_000);
    await again.stop();
    expect(seenAfterRestart).toEqual(['c']);
  });

  it('sends and commits a chunk once it ran maxChunkMs, before the rest of the same batch is handled', async () => {
    // One partition, so that the five messages come in one kafkajs batch.
    const topic = `${prefix}.timed`;
    const out = `${prefix}.timed-out`;
    await createTopics(kafka, [topic, out], 1);
    const seen: string[] = [];
    const follower = await followTopic(kafka, out, (v) => seen.push(v));
    const group = testName('timed');
    const handled: string[] = [];
    const handle: MessageHandler = async (m) => {
      const v = m.value.toString();
      handled.push(v);
      // The last message waits until the first ones are out: with one chunk per batch this never happens.
      if (v === 't-4')
        await waitFor(() => seen.includes('t-0!'), 'the first chunk sent while t-4 waits', 30_000);
      else await sleep(20);
      return [{ topic: 'timed-out', key: v, value: `${v}!`, headers: {} }];
    };
    const r = new StageRunner({
      stage: 'clean',
      groupId: group,
      topic,
      kafka,
      producer: new KafkaProducerAdapter(kafka, prefix),
      logger,
      handler: { kind: 'message', handle },
      chunkSize: 100,
      maxChunkMs: 1,
    });
    try {
      await produce(['t-0', 't-1', 't-2', 't-3', 't-4'], topic, 'same');
      await r.start();
      await waitFor(() => seen.length >= 5, 'all five outputs', 40_000);
      await r.stop();
      expect(seen).toEqual(['t-0!', 't-1!', 't-2!', 't-3!', 't-4!']);
      expect(handled).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4']);
      const admin = kafka.admin();
      await admin.connect();
      const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      await admin.disconnect();
      expect(committed[0]?.partitions[0]?.offset).toBe('5');
    } finally {
      await follower.disconnect();
      await deleteTopics(kafka, [topic, out]);
    }
  });
  it('sends outputs as they are handled when caught up, and commits only after the whole chunk was acknowledged', async () => {
    // One partition and one chunk (no time bound): t-0's output must be out while t-3 is still being handled.
    const topic = `${prefix}.stream`;
    const out = `${prefix}.stream-out`;
    await createTopics(kafka, [topic, out], 1);
    const seen: string[] = [];
    const follower = await followTopic(kafka, out, (v) => seen.push(v));
    const group = testName('stream');
    let committedWhileWaiting: string | undefined;
    const admin = kafka.admin();
    await admin.connect();
    const committed = async () =>
      (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions[0]?.offset;
    const handle: MessageHandler = async (m) => {
      const v = m.value.toString();
      if (v === 's-3') {
        await waitFor(() => seen.includes('s-0!'), 's-0 sent while s-3 is handled', 30_000);
        committedWhileWaiting = await committed();
      }
      return [{ topic: 'stream-out', key: v, value: `${v}!`, headers: {} }];
    };
    const r = new StageRunner({
      stage: 'clean',
      groupId: group,
      topic,
      kafka,
      producer: new KafkaProducerAdapter(kafka, prefix),
      logger,
      handler: { kind: 'message', handle },
      chunkSize: 100,
      maxChunkMs: 600_000,
      streamBelowBacklog: 50,
    });
    try {
      await produce(['s-0', 's-1', 's-2', 's-3'], topic, 'k');
      await r.start();
      await waitFor(() => seen.length >= 4, 'all four outputs', 40_000);
      await until('the chunk committed', async () => ((await committed()) === '4' ? true : undefined), {
        timeoutMs: 20_000,
      });
      await r.stop();
      expect(seen).toEqual(['s-0!', 's-1!', 's-2!', 's-3!']);
      // Nothing of the chunk was committed while its last message was still being handled.
      expect(committedWhileWaiting).toBe('-1');
    } finally {
      await admin.disconnect();
      await follower.disconnect();
      await deleteTopics(kafka, [topic, out]);
    }
  });
});
