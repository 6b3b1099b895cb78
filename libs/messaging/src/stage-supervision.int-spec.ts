import pino from 'pino';
import { KafkaJSNonRetriableError, type Consumer, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_TOPIC } from '@newsflow/contracts';
import { StageMetrics, type StageStatus } from '@newsflow/observability';
import { followTopic } from '../../../test/support/follow-topic.js';
import { createTopics, deleteTopics, stackKafka } from '../../../test/support/stack-kafka.js';
import { testName } from '../../../test/support/test-names.js';
import { waitFor } from '../../../test/support/wait.js';
import { ConsumerMonitor } from './consumer-monitor.js';
import type { MessageHandler } from './message.types.js';
import { KafkaProducerAdapter, type OutboundMessage } from './producer.js';
import { sleep } from './sleep.js';
import { StageRunner, type StageRunnerOptions } from './stage-runner.js';

const logger = pino({ level: 'silent' });

/** A producer whose next send fails the way kafkajs fails when it cannot find the group coordinator. */
class FailingOnceProducer extends KafkaProducerAdapter {
  failNext = false;
  override async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (this.failNext && messages.length > 0) {
      this.failNext = false;
      throw new KafkaJSNonRetriableError('Failed to find group coordinator');
    }
    await super.send(messages);
  }
}

describe('stage consumer supervision on a real broker', () => {
  let kafka: Kafka;
  let prefix: string;
  const topics: string[] = [];
  const followers: Consumer[] = [];

  beforeAll(() => {
    kafka = stackKafka('stage-supervision-int');
    prefix = testName('supervise');
  });

  afterAll(async () => {
    for (const c of followers) await c.disconnect();
    await deleteTopics(kafka, topics);
  });

  /** A fresh input/output/DLQ topic set, and a follower collecting the output values. */
  async function setup(name: string): Promise<{ input: string; outputs: string[]; deadLetters: string[] }> {
    const p = `${prefix}-${name}`;
    const input = `${p}.input`;
    const created = [input, `${p}.out`, `${p}.${DLQ_TOPIC}`];
    topics.push(...created);
    await createTopics(kafka, created, 2);
    const outputs: string[] = [];
    const deadLetters: string[] = [];
    followers.push(
      await followTopic(kafka, `${p}.out`, (v) => outputs.push(v)),
      await followTopic(kafka, `${p}.${DLQ_TOPIC}`, (v) => deadLetters.push(v)),
    );
    return { input, outputs, deadLetters };
  }

  async function produce(topic: string, values: string[]): Promise<void> {
    const p = new KafkaProducerAdapter(kafka, '');
    await p.connect();
    await p.send(values.map((v) => ({ topic, key: v, value: v, headers: {} })));
    await p.disconnect();
  }

  const values = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${i}`);
  const forward =
    (seen?: string[]): MessageHandler =>
    (m) => {
      seen?.push(m.value.toString());
      return Promise.resolve([{ topic: 'out', key: m.key, value: `${m.value.toString()}!`, headers: {} }]);
    };

  /**
   * A runner of the `name` case (set up by {@link setup}): its own group, reading `input` and producing under the
   * case's prefix, with `options` on top (stage, chunking, timeouts, a producer of its own).
   */
  function caseRunner(
    name: string,
    input: string,
    handle: MessageHandler,
    options: Partial<StageRunnerOptions> & Pick<StageRunnerOptions, 'stage'>,
  ): StageRunner {
    return new StageRunner({
      groupId: testName(`${name}-group`),
      topic: input,
      kafka,
      producer: new KafkaProducerAdapter(kafka, `${prefix}-${name}`),
      logger,
      handler: { kind: 'message', handle },
      ...options,
    });
  }

  it('replaces a consumer that kafkajs gave up on (non-retriable crash) and goes on from the committed offset', async () => {
    const { input, outputs } = await setup('crash');
    const p = `${prefix}-crash`;
    const producer = new FailingOnceProducer(kafka, p);
    const metrics = new StageMetrics('int-test');
    const runner = caseRunner('crash', input, forward(), {
      stage: 'clean',
      producer,
      metrics,
      chunkSize: 10,
    });
    await runner.start();
    await produce(input, values(40, 'first'));
    await waitFor(() => outputs.length >= 40, 'the first 40 outputs');

    producer.failNext = true;
    await produce(input, values(40, 'second'));
    // The crash disconnects the kafkajs consumer for good; the runner must build a new one by itself.
    await waitFor(() => runner.snapshot().restarts >= 1, 'a consumer restart');
    await waitFor(() => new Set(outputs).size >= 80, 'all 80 distinct outputs after the restart');
    await runner.stop();

    const expected = [...values(40, 'first'), ...values(40, 'second')].map((v) => `${v}!`).sort();
    expect([...new Set(outputs)].sort()).toEqual(expected);
    // At-least-once: the chunk that failed to produce may be produced again, nothing else is.
    expect(outputs.length - 80).toBeLessThanOrEqual(10);
    expect(runner.snapshot().lastError).toMatch(/Failed to find group coordinator/);
    expect(await metrics.render()).toMatch(/newsflow_consumer_restarts_total\{[^}]*reason="crash"[^}]*\} 1/);
  });

  it('keeps its membership while one chunk takes longer than the session timeout (heartbeats go on)', async () => {
    const { input, outputs } = await setup('slow');
    // A starved machine: each chunk of 3 takes ~7.5 s, longer than the 6 s session. Heartbeats only between chunks
    // let the coordinator drop the member before its commit, and the replacement redoes the same chunk forever.
    const handle: MessageHandler = async (m) => {
      await sleep(2_500);
      return [{ topic: 'out', key: m.key, value: `${m.value.toString()}!`, headers: {} }];
    };
    const runner = caseRunner('slow', input, handle, {
      stage: 'classify',
      chunkSize: 3,
      // one chunk of 3 (not cut by time), so that a single chunk outlasts the session
      maxChunkMs: 60_000,
      sessionTimeoutMs: 6_000,
    });
    await runner.start();
    await produce(input, values(9, 's'));
    await waitFor(() => new Set(outputs).size >= 9, 'all 9 outputs', 120_000);
    await sleep(1_000); // a redelivered chunk would show up as extra outputs
    await runner.stop();

    expect(runner.snapshot().restarts).toBe(0);
    expect(runner.snapshot().lastError).toBeUndefined();
    expect([...outputs].sort()).toEqual(
      values(9, 's')
        .map((v) => `${v}!`)
        .sort(),
    );
  }, 150_000);

  it('judges a wedged consumer stalled, replaces it, and reports up again once it flows', async () => {
    const { input, outputs } = await setup('wedge');
    let wedge = true;
    const handle: MessageHandler = async (m) => {
      // The first consumer hangs forever on one message, as a consumer stuck in a dead session does.
      if (wedge && m.value.toString() === 'w-5') await new Promise<never>(() => undefined);
      return [{ topic: 'out', key: m.key, value: `${m.value.toString()}!`, headers: {} }];
    };
    const runner = caseRunner('wedge', input, handle, {
      stage: 'classify',
      chunkSize: 5,
      sessionTimeoutMs: 6_000,
    });
    const downs: string[] = [];
    const monitor = new ConsumerMonitor({
      stage: 'classify',
      kafka,
      runner,
      logger,
      intervalMs: 500,
      // The hung call is `blocked` (it might be a slow dependency) for busyBoundMs, then judged stalled.
      thresholds: { stallMs: 3_000, downMs: 120_000, startGraceMs: 30_000, busyBoundMs: 6_000 },
      onDown: (v) => downs.push(v.reason ?? ''),
    });
    await runner.start();
    await produce(input, values(20, 'w'));
    const seen = new Set<StageStatus>();
    let sawStallReason = '';
    let busyBeforeStall = '';
    const end = Date.now() + 90_000;
    while (Date.now() < end) {
      const v = await monitor.tick();
      seen.add(v.status);
      if (v.status === 'blocked' && !sawStallReason) busyBeforeStall = v.reason ?? '';
      if (v.status === 'stalled' && !sawStallReason) {
        sawStallReason = v.reason ?? '';
        wedge = false; // the replacement consumer is healthy
      }
      if (new Set(outputs).size >= 20 && v.status === 'up') break;
      await sleep(500);
    }
    await monitor.stop();
    await runner.stop();

    expect(busyBeforeStall).toMatch(/a handler call has been running for \d+ s/);
    expect(sawStallReason).toMatch(/no progress for \d+ s with lag \d+/);
    expect(seen.has('up')).toBe(true);
    expect(runner.snapshot().restarts).toBeGreaterThanOrEqual(1);
    expect([...new Set(outputs)].sort()).toEqual(
      values(20, 'w')
        .map((v) => `${v}!`)
        .sort(),
    );
    expect(downs).toEqual([]);
  });

  it('waits out a dependency outage without dead-lettering, reporting blocked meanwhile', async () => {
    const { input, outputs, deadLetters } = await setup('outage');
    let failures = 0;
    const handle: MessageHandler = (m) => {
      if (failures < 8) {
        failures += 1;
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
        );
      }
      return Promise.resolve([{ topic: 'out', key: m.key, value: `${m.value.toString()}!`, headers: {} }]);
    };
    const runner = caseRunner('outage', input, handle, { stage: 'clean', maxAttempts: 3, retryBaseMs: 20 });
    await runner.start();
    await produce(input, ['x']);
    let blocked = '';
    await waitFor(() => {
      blocked ||= runner.snapshot().blockedReason ?? '';
      return outputs.length >= 1;
    }, 'the output after the outage');
    await runner.stop();

    expect(outputs).toEqual(['x!']);
    expect(deadLetters).toEqual([]);
    expect(failures).toBe(8); // far past maxAttempts: an outage is not the message's fault
    expect(blocked).toMatch(/ECONNREFUSED/);
    expect(runner.snapshot().blockedReason).toBeUndefined();
  });
});
