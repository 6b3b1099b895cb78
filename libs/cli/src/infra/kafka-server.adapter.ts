import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { InfraConfig } from './infra.config.js';
import { ensureJars } from './jar-cache.adapter.js';
import type { ManagedServer } from './managed-server.schema.js';
import { runToCompletion, spawnDetached } from './process.adapter.js';

/** server.properties for one combined broker+controller (KRaft) on loopback; data stays in the run folder. */
export function kafkaServerProperties(config: InfraConfig, dataDir: string): string {
  const { port, controllerPort } = config.kafka;
  return [
    '# written by `newsflow infra up` on every start; edit libs/cli/src/infra/kafka-server.adapter.ts instead',
    'process.roles=broker,controller',
    'node.id=1',
    // static voter: formatted without --standalone (the two styles must not be mixed)
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // the platform's default of 6 partitions per topic (DESIGN: scale out up to the partition count)
    'num.partitions=6',
    'auto.create.topics.enable=true',
    // raw dumps travel as single messages; ~10 MB cap on the broker (producers/consumers must allow the same)
    'message.max.bytes=10485760',
    'replica.fetch.max.bytes=10485760',
    // a single broker: replication factor 1 for every internal topic
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    // a consumer group's first member starts at once instead of waiting 3 s for others
    'group.initial.rebalance.delay.ms=0',
    // two cores shared with OpenSearch and the tests
    'num.network.threads=2',
    'num.io.threads=4',
    '',
  ].join('\n');
}

/** Kafka 4.x broker started from the Maven jars with `java kafka.Kafka server.properties`. */
export function kafkaServer(config: InfraConfig): ManagedServer {
  const home = join(config.runDir, 'kafka');
  const dataDir = join(home, 'data');
  const propsFile = join(home, 'server.properties');
  const log4j = join(config.repoRoot, 'infra', 'local', 'kafka', 'log4j2.properties');
  const tag = `-Dnewsflow.infra=kafka@${config.runDir}`;
  const brokers = [`127.0.0.1:${config.kafka.port}`];
  return {
    name: 'kafka',
    endpoint: brokers[0] ?? '',
    ports: [
      { port: config.kafka.port, env: 'KAFKA_PORT' },
      { port: config.kafka.controllerPort, env: 'KAFKA_CONTROLLER_PORT' },
    ],
    pidFile: join(config.runDir, 'kafka.pid'),
    logFile: join(config.runDir, 'kafka.log'),
    tag,
    reuseExternal: false,
    health: () => kafkaHealth(brokers),
    afterStart: (log) => warmUpGroupCoordinator(brokers, log),
    start(log) {
      const jars = ensureJars(config, 'kafka', log);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(propsFile, kafkaServerProperties(config, dataDir));
      const jvmLog = `-Dlog4j2.configurationFile=${log4j}`;
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        // A Kafka Uuid is 16 random bytes in URL-safe base64 without padding: what `StorageTool random-uuid` prints.
        const clusterId = randomBytes(16).toString('base64url');
        log(`kafka: formatting KRaft storage in ${dataDir} (cluster id ${clusterId})`);
        runToCompletion(
          config.java,
          [
            jvmLog,
            '-cp',
            jars.classpath,
            'kafka.tools.StorageTool',
            'format',
            '-t',
            clusterId,
            '-c',
            propsFile,
            '-g',
          ],
          home,
          'kafka storage format',
        );
      }
      const args = [
        `-Xms${config.kafka.heapMin}`,
        `-Xmx${config.kafka.heapMax}`,
        // the options kafka-run-class.sh uses by default
        '-server',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-XX:MaxInlineLevel=15',
        '-Djava.awt.headless=true',
        jvmLog,
        `-Dkafka.logs.dir=${home}`,
        tag,
        '-cp',
        jars.classpath,
        'kafka.Kafka',
        propsFile,
      ];
      return Promise.resolve(
        spawnDetached(config.java, args, { cwd: home, logFile: join(config.runDir, 'kafka.log') }),
      );
    },
  };
}

/** Healthy when a kafkajs admin can connect and describe the cluster; never throws. */
export async function kafkaHealth(brokers: string[]): Promise<string | undefined> {
  const admin = new Kafka({
    clientId: 'newsflow-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return `${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'none'}, cluster ${cluster.clusterId}`;
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh broker creates __consumer_offsets on the first group-coordinator lookup and answers "coordinator not
 * available" until it exists; doing that lookup here keeps the first consumer group of every test run from waiting
 * through kafkajs' retry backoff (and logging that error). Best-effort: never throws.
 */
export async function warmUpGroupCoordinator(brokers: string[], log: (line: string) => void): Promise<void> {
  const admin = new Kafka({
    clientId: 'newsflow-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
  }).admin();
  const t0 = Date.now();
  try {
    await admin.connect();
    await admin.describeGroups(['newsflow-infra-warmup']);
    log(`kafka: group coordinator ready (__consumer_offsets) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    log(
      `kafka: group coordinator warm-up did not finish (${err instanceof Error ? err.message : String(err)}); consumers will retry`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
