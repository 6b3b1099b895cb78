import type { IHeaders } from 'kafkajs';
import { sleep } from '@newsflow/messaging';
import { createBenchKafka, type BenchEndpoints } from './bench-env.js';
import { ProcessSampler } from './process-stats.js';

export interface KafkaBaselineResult {
  messages: number;
  articles: number;
  megabytes: number;
  ms: number;
  articlesPerSec: number;
  megabytesPerSec: number;
  /** CPU of this process (producer and consumer) and of the broker, per article the messages carry. */
  cpuMsPerArticle: number;
  cpuSeconds: { client: number; broker: number };
  timedOut: boolean;
}

/**
 * A bare kafkajs produce -> consume of the given messages (the same dumps the pipeline gets): one topic with the
 * pipeline's partition count, produced with acks=all in sends of `perSend` messages while one consumer reads it
 * from the beginning; from the first send to the last message received. The lower bound of one Kafka hop.
 */
export async function measureKafkaBaseline(opts: {
  ends: BenchEndpoints;
  prefix: string;
  messages: ReadonlyArray<{ value: Buffer; headers: IHeaders }>;
  articles: number;
  partitions: number;
  perSend: number;
  brokerPid: number | undefined;
}): Promise<KafkaBaselineResult> {
  const kafka = createBenchKafka(opts.ends, `${opts.prefix}-kafka-baseline`);
  const topic = `${opts.prefix}.kafka-baseline`;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${opts.prefix}.kafka-baseline`, maxWaitTimeInMs: 50 });
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: opts.partitions }], waitForLeaders: true });
    let received = 0;
    let lastAt = 0;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        received += batch.messages.length;
        lastAt = performance.now();
        return Promise.resolve();
      },
    });
    await Promise.race([joined, sleep(30_000)]);
    await producer.connect();
    const bytes = opts.messages.reduce((s, m) => s + m.value.length, 0);
    const sampler = new ProcessSampler(opts.brokerPid ? { broker: opts.brokerPid } : {});
    const cpu0 = process.cpuUsage();
    sampler.start();
    const t0 = performance.now();
    for (let i = 0; i < opts.messages.length; i += opts.perSend)
      await producer.send({
        topic,
        acks: -1,
        messages: opts.messages.slice(i, i + opts.perSend).map((m, j) => ({
          key: String(i + j),
          value: m.value,
          headers: m.headers,
        })),
      });
    const deadline = Date.now() + 60_000;
    while (received < opts.messages.length && Date.now() < deadline) await sleep(20);
    const procs = sampler.stop();
    const cpu = process.cpuUsage(cpu0);
    const ms = Math.max(1, (lastAt || performance.now()) - t0);
    const client = (cpu.user + cpu.system) / 1e6;
    const broker = procs.broker?.cpuSeconds ?? Number.NaN;
    return {
      messages: opts.messages.length,
      articles: opts.articles,
      megabytes: Math.round((bytes / 2 ** 20) * 100) / 100,
      ms: Math.round(ms),
      articlesPerSec: Math.round((opts.articles / ms) * 1000),
      megabytesPerSec: Math.round((bytes / 2 ** 20 / ms) * 1000 * 10) / 10,
      cpuMsPerArticle: Math.round((((client + broker) * 1000) / opts.articles) * 1000) / 1000,
      cpuSeconds: { client: Math.round(client * 100) / 100, broker },
      timedOut: received < opts.messages.length,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
