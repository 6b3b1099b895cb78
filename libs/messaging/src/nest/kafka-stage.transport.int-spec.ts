import 'reflect-metadata';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import pino from 'pino';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_TOPIC, deadLetterSchema, type DeadLetter } from '@newsflow/contracts';
import { StageMetrics } from '@newsflow/observability';
import { createTopics, deleteTopics, stackKafka } from '../../../../test/support/stack-kafka.js';
import { testName } from '../../../../test/support/test-names.js';
import { PermanentError } from '../errors.js';
import type { HandlerContext, InboundMessage } from '../message.types.js';
import { KafkaProducerAdapter, type OutboundMessage } from '../producer.js';
import { sleep } from '../sleep.js';
import { KafkaStageTransport } from './kafka-stage.transport.js';
import { StageErrorPassthroughFilter } from './stage-error.filter.js';

const INPUT = 'transport.input.v1';

@Controller()
class EchoController {
  readonly attempts: number[] = [];

  @EventPattern(INPUT)
  echo(@Payload() m: InboundMessage, @Ctx() ctx: HandlerContext): OutboundMessage[] {
    this.attempts.push(ctx.attempt);
    const v = m.value.toString();
    if (v === 'poison') throw new PermanentError('binary', 'binary dump: NUL bytes at offset 0');
    return [{ topic: 'transport.out.v1', key: m.key, value: `${v}!`, headers: {} }];
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('KafkaStageTransport (a Nest custom transport) on a real broker', () => {
  let kafka: Kafka;
  let prefix: string;
  let app: INestApplication;
  let transport: KafkaStageTransport;
  const metrics = new StageMetrics('transport-int');
  const outputs: string[] = [];
  const deadLetters: DeadLetter[] = [];
  let follower: Consumer;
  const topics = () => [INPUT, 'transport.out.v1', DLQ_TOPIC].map((t) => `${prefix}.${t}`);

  beforeAll(async () => {
    kafka = stackKafka('transport-int');
    prefix = testName('transport');
    await createTopics(kafka, topics(), 2);
    follower = kafka.consumer({ groupId: testName('transport-follow') });
    await follower.connect();
    await follower.subscribe({ topics: topics().slice(1), fromBeginning: true });
    await follower.run({
      eachMessage: ({ topic, message }) => {
        const v = message.value?.toString() ?? '';
        if (topic.endsWith(DLQ_TOPIC)) deadLetters.push(deadLetterSchema.parse(JSON.parse(v)));
        else outputs.push(v);
        return Promise.resolve();
      },
    });
    transport = new KafkaStageTransport({
      stage: 'clean',
      kafka,
      prefix,
      inputTopic: INPUT,
      groupId: testName('transport-group'),
      logger: pino({ level: 'silent' }),
      metrics,
    });
    app = await NestFactory.create(EchoModule, { logger: false });
    app.useGlobalFilters(new StageErrorPassthroughFilter(app.getHttpAdapter()));
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.init();
    await app.startAllMicroservices();
  });

  afterAll(async () => {
    await app.close();
    await follower.disconnect();
    await deleteTopics(kafka, topics());
  });

  it("hands each message to the controller's @EventPattern method and produces what it returns", async () => {
    const p = new KafkaProducerAdapter(kafka, prefix);
    await p.connect();
    await p.send(['a', 'poison', 'b'].map((v) => ({ topic: INPUT, key: v, value: v, headers: {} })));
    await p.disconnect();
    const end = Date.now() + 60_000;
    while ((outputs.length < 2 || deadLetters.length < 1) && Date.now() < end) await sleep(100);

    expect(outputs.sort()).toEqual(['a!', 'b!']);
    // The error thrown by the controller reaches the runner as thrown: its code is the dead letter's reason.
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      stage: 'clean',
      errorCode: 'binary',
      errorClass: 'PermanentError',
    });
    expect(deadLetters[0]?.errorMessage).toMatch(/NUL bytes/);
    const controller = app.get(EchoController);
    expect(controller.attempts.every((a) => a === 1)).toBe(true);
  });

  it('publishes outputs and dead letters that answer no consumed message through the runner, counted in its metrics', async () => {
    const counted = async (name: 'messagesOut' | 'deadLetters') =>
      (await metrics[name].get()).values.reduce((n, v) => n + v.value, 0);
    const [outBefore, deadBefore] = [await counted('messagesOut'), await counted('deadLetters')];
    const original: InboundMessage = {
      topic: `${prefix}.${INPUT}`,
      partition: 0,
      offset: '-1',
      key: 'page-1',
      value: Buffer.from('{"url":"https://example.org/1"}'),
      headers: {},
      timestamp: String(Date.now()),
    };
    await transport.publish(
      [{ topic: 'transport.out.v1', key: 'page-1', value: 'fetched!', headers: {} }],
      [{ message: original, error: new PermanentError('timeout', 'GET timed out'), attempts: 4 }],
    );
    const end = Date.now() + 60_000;
    while (
      (!outputs.includes('fetched!') || !deadLetters.some((d) => d.errorCode === 'timeout')) &&
      Date.now() < end
    )
      await sleep(100);

    expect(outputs).toContain('fetched!');
    expect(deadLetters.find((d) => d.errorCode === 'timeout')).toMatchObject({
      stage: 'clean',
      attempts: 4,
      originalKey: 'page-1',
    });
    expect((await counted('messagesOut')) - outBefore).toBe(2);
    expect((await counted('deadLetters')) - deadBefore).toBe(1);
  });

  it("reports the stage's health from its consumer", async () => {
    const report = await transport.healthSource().report();
    expect(report.service).toBe('clean');
    expect(report.consumer.group).toMatch(/transport-group/);
    expect(['up', 'starting']).toContain(report.status);
  });
});
