import pino from 'pino';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_TOPIC, deadLetterSchema, type DeadLetter } from '@newsflow/contracts';
import { StageMetrics } from '@newsflow/observability';
import { followTopic } from '../../../test/support/follow-topic.js';
import { createTopics, deleteTopics, stackKafka } from '../../../test/support/stack-kafka.js';
import { testName } from '../../../test/support/test-names.js';
import { waitFor } from '../../../test/support/wait.js';
import { PermanentError } from './errors.js';
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

  async function produce(values: string[]): Promise<void> {
    const p = new KafkaProducerAdapter(kafka, '');
    await p.connect();
    await p.send(
      values.map((v) => ({ topic: input, key: v, value: v, headers: { 'newsflow-trace-id': `t-${v}` } })),
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
});
