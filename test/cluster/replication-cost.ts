/**
 * The cost of Kafka replication, measured in one run: the same producer (acks=-1, idempotent, like the services)
 * sends the same messages to a topic with replication factor 1 and to one with replication factor 3 and
 * min.insync.replicas 2 on the cluster profile, alternating rounds, and (optional) to the single-node stack as the
 * same-run baseline. Prints wall time per round, messages/s and the RF3/RF1 ratio; deletes its topics.
 *
 *   npx tsx test/cluster/replication-cost.ts [--messages 20000] [--rounds 3] [--bytes 2000] [--single 127.0.0.1:9092]
 *
 * The cluster must be up (`npx newsflow infra up --cluster`).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { clusterKafkaBrokers, loadClusterConfig } from '../../libs/cli/src/infra/index.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    bytes: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '200' },
    single: { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const payload = randomBytes(Number(values.bytes) / 2).toString('hex');
const run = `nf-repl-${Date.now().toString(36)}`;

interface Target {
  name: string;
  kafka: Kafka;
  topic: string;
  rf: number;
  minIsr: number;
  producer?: Producer;
  seconds: number[];
}

const kafkaFor = (brokers: string[]) =>
  new Kafka({ clientId: run, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });

async function main(): Promise<void> {
  const cluster = kafkaFor(clusterKafkaBrokers(loadClusterConfig(process.env)));
  const targets: Target[] = [
    { name: 'cluster RF1', kafka: cluster, topic: `${run}.rf1`, rf: 1, minIsr: 1, seconds: [] },
    { name: 'cluster RF3 minISR2', kafka: cluster, topic: `${run}.rf3`, rf: 3, minIsr: 2, seconds: [] },
  ];
  if (values.single)
    targets.push({
      name: 'single node RF1',
      kafka: kafkaFor([values.single]),
      topic: `${run}.single`,
      rf: 1,
      minIsr: 1,
      seconds: [],
    });
  for (const t of targets) {
    const admin = t.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: t.topic,
          numPartitions: 6,
          replicationFactor: t.rf,
          configEntries: [{ name: 'min.insync.replicas', value: String(t.minIsr) }],
        },
      ],
    });
    await admin.disconnect();
    t.producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
    await t.producer.connect();
  }
  try {
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const t of targets) {
        const t0 = process.hrtime.bigint();
        const inFlight: Promise<unknown>[] = [];
        for (let i = 0; i < MESSAGES; i += BATCH) {
          const messages = Array.from({ length: Math.min(BATCH, MESSAGES - i) }, (_, j) => ({
            key: `k${r}-${i + j}`,
            value: payload,
          }));
          inFlight.push(t.producer!.send({ topic: t.topic, acks: -1, messages }));
          if (inFlight.length >= 5) await inFlight.shift();
        }
        await Promise.all(inFlight);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        t.seconds.push(s);
        process.stderr.write(
          `round ${r + 1} ${t.name}: ${MESSAGES} x ${values.bytes} B in ${s.toFixed(2)} s (${(MESSAGES / s).toFixed(0)}/s)\n`,
        );
      }
    }
  } finally {
    for (const t of targets) {
      await t.producer?.disconnect();
      const admin = t.kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [t.topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const rf1 = median(targets[0]!.seconds);
  for (const t of targets) {
    const m = median(t.seconds);
    process.stdout.write(
      `${t.name}: median ${m.toFixed(2)} s, ${(MESSAGES / m).toFixed(0)} msg/s, ${((m / rf1) * 1).toFixed(2)}x cluster RF1\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
