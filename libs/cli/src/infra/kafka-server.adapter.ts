import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { InfraConfig } from './infra.config.js';
import { ensureJars } from './jar-cache.adapter.js';
import type { ManagedServer } from './managed-server.schema.js';
import { runToCompletion, spawnDetached } from './process.adapter.js';

/**
 * One KRaft node (combined broker+controller) on loopback. The local stack has one (node 1, replication 1); the
 * cluster profile has three with a static quorum of three voters and replication 3 / min ISR 2 for internal topics.
 */
export interface KafkaNodeSpec {
  readonly name: ManagedServer['name'];
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `id@host:port` of every controller (static quorum). */
  readonly voters: string;
  /** Replication factor of the broker's defaults and internal topics; min ISR is one less (at least 1). */
  readonly replication: number;
  /** Folder holding server.properties and data/ (the run folder's `kafka` or `kafka-N`). */
  readonly home: string;
  readonly runDir: string;
  readonly heapMin: string;
  readonly heapMax: string;
  /** Cluster id to format a new node with (every node of one cluster must share it); random when absent. */
  readonly clusterId?: () => string;
  readonly portEnvs: readonly [string, string];
  /** Listener lines replacing the plain ones (a SASL_SSL listener, kafka-security.adapter.ts). */
  readonly extraProperties?: () => string[];
  /** Extra `kafka-storage format` arguments (SCRAM users via --add-scram). */
  readonly formatArgs?: () => string[];
  /** kafkajs `ssl`/`sasl` for the health check and warm-up when the listener is secured. */
  readonly clientSecurity?: () => KafkaClientSecurity;
}

/** kafkajs connection security for the infra's own admin clients. */
export interface KafkaClientSecurity {
  readonly ssl?: ConnectionOptions;
  readonly sasl?: SASLOptions;
}

/** server.properties of one node; see {@link KafkaNodeSpec}. */
export function kafkaNodeProperties(spec: KafkaNodeSpec, dataDir: string): string {
  const { port, controllerPort, replication } = spec;
  const minIsr = Math.max(1, replication - 1);
  const extra = spec.extraProperties?.() ?? [];
  const listenerLines = extra.length
    ? extra
    : [
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      ];
  return [
    '# written by `newsflow infra up` on every start; edit libs/cli/src/infra/kafka-server.adapter.ts instead',
    'process.roles=broker,controller',
    `node.id=${spec.nodeId}`,
    // static voters: formatted without --standalone (the two styles must not be mixed)
    `controller.quorum.voters=${spec.voters}`,
    ...listenerLines,
    `log.dirs=${dataDir}`,
    // the platform's default of 6 partitions per topic (DESIGN: scale out up to the partition count)
    'num.partitions=6',
    'auto.create.topics.enable=true',
    // raw dumps travel as single messages; ~10 MB cap on the broker (producers/consumers must allow the same)
    'message.max.bytes=10485760',
    'replica.fetch.max.bytes=10485760',
    `# replication ${replication}: every internal topic and every topic created without explicit settings`,
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=6',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minIsr}`,
    `share.coordinator.state.topic.replication.factor=${replication}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${minIsr}`,
    // a consumer group's first member starts at once instead of waiting 3 s for others
    'group.initial.rebalance.delay.ms=0',
    // two cores shared with OpenSearch and the tests
    'num.network.threads=2',
    'num.io.threads=4',
    '',
  ].join('\n');
}

/** server.properties for the local stack's single combined broker+controller (KRaft) on loopback. */
export function kafkaServerProperties(config: InfraConfig, dataDir: string): string {
  return kafkaNodeProperties(singleNodeSpec(config), dataDir);
}

function singleNodeSpec(config: InfraConfig): KafkaNodeSpec {
  const { port, controllerPort } = config.kafka;
  return {
    name: 'kafka',
    nodeId: 1,
    port,
    controllerPort,
    voters: `1@127.0.0.1:${controllerPort}`,
    replication: 1,
    home: join(config.runDir, 'kafka'),
    runDir: config.runDir,
    heapMin: config.kafka.heapMin,
    heapMax: config.kafka.heapMax,
    portEnvs: ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT'],
  };
}

/** Kafka 4.x broker started from the Maven jars with `java kafka.Kafka server.properties`. */
export function kafkaServer(config: InfraConfig): ManagedServer {
  return kafkaNode(config, singleNodeSpec(config), [`127.0.0.1:${config.kafka.port}`]);
}

/**
 * One Kafka node of either profile, started from the Maven jars with `java kafka.Kafka server.properties`.
 * `clusterBrokers` are the bootstrap servers the group-coordinator warm-up uses.
 */
export function kafkaNode(config: InfraConfig, spec: KafkaNodeSpec, clusterBrokers: string[]): ManagedServer {
  const home = spec.home;
  const dataDir = join(home, 'data');
  const propsFile = join(home, 'server.properties');
  const log4j = join(config.repoRoot, 'infra', 'local', 'kafka', 'log4j2.properties');
  const tag = `-Dnewsflow.infra=${spec.name}@${spec.runDir}`;
  const own = [`127.0.0.1:${spec.port}`];
  const logFile = join(spec.runDir, `${spec.name}.log`);
  return {
    name: spec.name,
    endpoint: own[0] ?? '',
    ports: [
      { port: spec.port, env: spec.portEnvs[0] },
      { port: spec.controllerPort, env: spec.portEnvs[1] },
    ],
    pidFile: join(spec.runDir, `${spec.name}.pid`),
    logFile,
    tag,
    reuseExternal: false,
    health: () => kafkaHealth(own, spec.clientSecurity?.()),
    afterStart: (log) => warmUpGroupCoordinator(clusterBrokers, log, spec.clientSecurity?.()),
    start(log) {
      const jars = ensureJars(config, 'kafka', log);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(propsFile, kafkaNodeProperties(spec, dataDir));
      const jvmLog = `-Dlog4j2.configurationFile=${log4j}`;
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        // A Kafka Uuid is 16 random bytes in URL-safe base64 without padding: what `StorageTool random-uuid` prints.
        const clusterId = spec.clusterId?.() ?? randomBytes(16).toString('base64url');
        log(`${spec.name}: formatting KRaft storage in ${dataDir} (cluster id ${clusterId})`);
        runToCompletion(
          config.java,
          [
            jvmLog,
            '-cp',
            jars.classpath,
            'kafka.tools.StorageTool',
            'format',
            // one argument: an id may start with '-', which the tool would read as an option
            `--cluster-id=${clusterId}`,
            '-c',
            propsFile,
            '-g',
            ...(spec.formatArgs?.() ?? []),
          ],
          home,
          'kafka storage format',
        );
      }
      const args = [
        `-Xms${spec.heapMin}`,
        `-Xmx${spec.heapMax}`,
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
      return Promise.resolve(spawnDetached(config.java, args, { cwd: home, logFile }));
    },
  };
}

/** Healthy when a kafkajs admin can connect and describe the cluster; never throws. */
export async function kafkaHealth(
  brokers: string[],
  security: KafkaClientSecurity = {},
): Promise<string | undefined> {
  const admin = new Kafka({
    clientId: 'newsflow-infra',
    brokers,
    ...security,
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
export async function warmUpGroupCoordinator(
  brokers: string[],
  log: (line: string) => void,
  security: KafkaClientSecurity = {},
): Promise<void> {
  const admin = new Kafka({
    clientId: 'newsflow-infra',
    brokers,
    ...security,
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
