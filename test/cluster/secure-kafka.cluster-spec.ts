import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSecurityFromEnv, type KafkaSecurityOptions } from '@newsflow/messaging';
import { infraDown, infraUp, kafkaNode, loadInfraConfig } from '../../libs/cli/src/infra/index.js';
import {
  ensureKafkaTls,
  kafkaClientSecurity,
  saslSslClientEnv,
  saslSslListenerProperties,
  scramFormatArgs,
} from '../../libs/cli/src/infra/kafka-security.adapter.js';
import { connectOutcome } from './support/secured-kafka.js';

const root = resolve(__dirname, '../..');
// not under .newsflow/cluster: a node is found by its tag `kafka-1@<run folder>`, which must not prefix the cluster's
const runDir = join(root, '.newsflow', 'secure-kafka');
const PORT = 28190;
const CONTROLLER = 28191;
const brokers = [`127.0.0.1:${PORT}`];
const log = (line: string): void => void process.stderr.write(`[secure-kafka] ${line}\n`);

/**
 * One KRaft node whose only client listener is SASL_SSL with SCRAM-SHA-512 and a keytool certificate, the listener
 * the cluster profile gets with NEWSFLOW_CLUSTER_SECURE=1. The client side is the services' own: the options come
 * from connectionSecurityFromEnv() fed the environment `infra up` prints.
 */
const config = loadInfraConfig({ ...process.env, NEWSFLOW_RUN_DIR: runDir, KAFKA_HEAP: '512m' });
const tls = () => ensureKafkaTls(runDir, config.java, log);
const server = kafkaNode(
  config,
  {
    name: 'kafka-1',
    nodeId: 1,
    port: PORT,
    controllerPort: CONTROLLER,
    voters: `1@127.0.0.1:${CONTROLLER}`,
    replication: 1,
    home: join(runDir, 'kafka-1'),
    runDir,
    heapMin: '512m',
    heapMax: '512m',
    portEnvs: ['-', '-'],
    extraProperties: () => saslSslListenerProperties(PORT, CONTROLLER, tls()),
    formatArgs: () => scramFormatArgs(tls()),
    clientSecurity: () => kafkaClientSecurity(tls()),
  },
  brokers,
);

async function roundTrip(security: KafkaSecurityOptions, topic: string): Promise<string> {
  const kafka = new Kafka({
    clientId: 'secure-test',
    brokers,
    ...security,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'over SASL_SSL' }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-g` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const value = await new Promise<string>((ok) => {
    void consumer.run({ eachMessage: ({ message }) => Promise.resolve(ok(message.value?.toString() ?? '')) });
  });
  await consumer.disconnect();
  return value;
}

describe('Kafka over SASL_SSL (SCRAM-SHA-512, TLS certificate from keytool)', () => {
  beforeAll(async () => {
    rmSync(runDir, { recursive: true, force: true });
    await infraUp({ ...config, startTimeoutMs: 300_000 }, log, [server]);
  }, 400_000);

  afterAll(async () => {
    await infraDown(config, log, { servers: [server], purge: true });
  }, 120_000);

  it('a client configured from the services’ env variables produces and consumes', async () => {
    const security = connectionSecurityFromEnv(saslSslClientEnv(tls()));
    expect(security.summary).toBe('kafka SASL_SSL (scram-sha-512 as newsflow); opensearch no auth');
    expect(await roundTrip(security.kafka, 'secured-topic')).toBe('over SASL_SSL');
  });

  it('refuses a client without credentials, with a wrong password, and one that does not trust the certificate', async () => {
    const good = connectionSecurityFromEnv(saslSslClientEnv(tls())).kafka;
    const plain = await connectOutcome(brokers, {});
    expect(plain).not.toBe('connected');
    const noSasl = await connectOutcome(brokers, { ssl: good.ssl });
    expect(noSasl).not.toBe('connected');
    const wrong = await connectOutcome(brokers, {
      ssl: good.ssl,
      sasl: { mechanism: 'scram-sha-512', username: 'newsflow', password: 'not-the-password' },
    });
    expect(wrong).toMatch(/SASL|authentication/i);
    const untrusted = await connectOutcome(brokers, { ssl: true, sasl: good.sasl });
    expect(untrusted).not.toBe('connected');
    log(
      `refused: plain [${plain}] | TLS without SASL [${noSasl}] | wrong password [${wrong}] | untrusted [${untrusted}]`,
    );
  });
});
