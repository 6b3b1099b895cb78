import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { findRepoRoot, loadInfraConfig, type InfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';
import {
  ensureKafkaTls,
  kafkaClientSecurity,
  saslSslClientEnv,
  saslSslListenerProperties,
  scramFormatArgs,
  type KafkaTlsMaterial,
} from './kafka-security.adapter.js';
import { kafkaNode, type KafkaClientSecurity } from './kafka-server.adapter.js';
import type { ManagedServer } from './managed-server.schema.js';
import { opensearchNode } from './opensearch-server.adapter.js';
import { redisServer } from './redis-server.adapter.js';

const port = z.coerce.number().int().min(1024).max(65000);
const jvmSize = z.string().regex(/^[1-9]\d*[mMgG]$/, 'expected a JVM memory size such as 512m or 1g');

/**
 * Environment of the cluster profile (`newsflow infra up --cluster`). Its ports are private (28xxx) so that it runs
 * beside the single-node stack (9092/9200) and the reliability suite (19xxx), and below Linux's ephemeral range
 * (32768-60999 by default): a listener inside that range can find its port taken by some outgoing connection
 * ("Address already in use", seen once on 39096, the earlier default). Empty strings count as unset.
 */
const clusterEnvSchema = z.object({
  /** Kafka node i (1-based) listens on base + 2(i-1) and its controller on base + 2(i-1) + 1. */
  NEWSFLOW_CLUSTER_KAFKA_PORT: port.default(28092),
  /** OpenSearch node i answers HTTP on base + (i-1). */
  NEWSFLOW_CLUSTER_OPENSEARCH_PORT: port.default(28200),
  /** OpenSearch node i's transport port: base + (i-1). */
  NEWSFLOW_CLUSTER_OPENSEARCH_TRANSPORT_PORT: port.default(28300),
  /** Nodes of each engine: 3 (a quorum of 3 tolerates one node down). */
  NEWSFLOW_CLUSTER_SIZE: z.coerce.number().int().min(3).max(5).default(3),
  /** Heap of every Kafka node (-Xms = -Xmx). */
  NEWSFLOW_CLUSTER_KAFKA_HEAP: jvmSize.default('512m'),
  /** Heap of every OpenSearch node (-Xms = -Xmx). */
  NEWSFLOW_CLUSTER_OPENSEARCH_HEAP: jvmSize.default('512m'),
  /** The cluster's own Redis (URL queue, dedup): apart from the single stack's so the two never share keys. */
  NEWSFLOW_CLUSTER_REDIS_PORT: port.default(28379),
  /**
   * 1: Kafka's client listener is SASL_SSL with SCRAM-SHA-512 (certificates and users generated at the first `up`).
   * Decided when the nodes' storage is formatted: switching needs `infra down --cluster --purge`.
   */
  NEWSFLOW_CLUSTER_SECURE: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Pid files, logs and data of the cluster. Default <repo>/.newsflow/cluster. */
  NEWSFLOW_CLUSTER_RUN_DIR: z.string().min(1).optional(),
});

/** The cluster profile: the single-stack settings it shares (java, jar cache, timeouts) and its own nodes. */
export interface ClusterConfig extends InfraConfig {
  readonly cluster: {
    readonly size: number;
    readonly kafka: ReadonlyArray<{ readonly port: number; readonly controllerPort: number }>;
    readonly opensearch: ReadonlyArray<{ readonly httpPort: number; readonly transportPort: number }>;
    readonly kafkaHeap: string;
    readonly opensearchHeap: string;
    /** Replication factor of topics on this cluster (3) and min.insync.replicas (2). */
    readonly replicationFactor: number;
    readonly minInsyncReplicas: number;
    /** Index replicas (1) and primary shards (one per node) on this cluster. */
    readonly indexReplicas: number;
    readonly indexShards: number;
    /** Kafka over SASL_SSL (see NEWSFLOW_CLUSTER_SECURE). */
    readonly secure: boolean;
  };
}

/** Reads the cluster profile's settings; every bad variable is named in one error. */
export function loadClusterConfig(env: NodeJS.ProcessEnv = process.env): ClusterConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = clusterEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InfraError('BAD_CONFIG', `invalid environment for the cluster profile: ${problems}`);
  }
  const e = parsed.data;
  const size = e.NEWSFLOW_CLUSTER_SIZE;
  const nodes = Array.from({ length: size }, (_, i) => i);
  const kafka = nodes.map((i) => ({
    port: e.NEWSFLOW_CLUSTER_KAFKA_PORT + 2 * i,
    controllerPort: e.NEWSFLOW_CLUSTER_KAFKA_PORT + 2 * i + 1,
  }));
  const opensearch = nodes.map((i) => ({
    httpPort: e.NEWSFLOW_CLUSTER_OPENSEARCH_PORT + i,
    transportPort: e.NEWSFLOW_CLUSTER_OPENSEARCH_TRANSPORT_PORT + i,
  }));
  const all = [
    ...kafka.flatMap((k) => [k.port, k.controllerPort]),
    ...opensearch.flatMap((o) => [o.httpPort, o.transportPort]),
  ];
  const repeated = all.filter((p, i) => all.indexOf(p) !== i);
  if (repeated.length > 0) {
    throw new InfraError(
      'BAD_CONFIG',
      `cluster ports overlap (${[...new Set(repeated)].join(', ')}): move NEWSFLOW_CLUSTER_*_PORT bases apart`,
    );
  }
  const runDir = resolve(e.NEWSFLOW_CLUSTER_RUN_DIR ?? join(findRepoRoot(), '.newsflow', 'cluster'));
  // the shared settings (java, jar cache, timeouts, Redis port) come from the single-stack config
  // six JVMs forming two quorums on a shared machine: allow 5 minutes unless told otherwise
  const base = loadInfraConfig({
    ...env,
    NEWSFLOW_RUN_DIR: runDir,
    NEWSFLOW_INFRA_START_TIMEOUT_MS: env.NEWSFLOW_INFRA_START_TIMEOUT_MS || '300000',
    REDIS_PORT: String(e.NEWSFLOW_CLUSTER_REDIS_PORT),
  });
  return {
    ...base,
    cluster: {
      size,
      kafka,
      opensearch,
      kafkaHeap: e.NEWSFLOW_CLUSTER_KAFKA_HEAP,
      opensearchHeap: e.NEWSFLOW_CLUSTER_OPENSEARCH_HEAP,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      indexReplicas: 1,
      indexShards: size,
      secure: e.NEWSFLOW_CLUSTER_SECURE === '1' || e.NEWSFLOW_CLUSTER_SECURE === 'true',
    },
  };
}

/** Every port the cluster's servers listen on (Kafka client and controller, OpenSearch HTTP and transport, Redis). */
export function clusterPorts(config: ClusterConfig): number[] {
  return [
    ...config.cluster.kafka.flatMap((k) => [k.port, k.controllerPort]),
    ...config.cluster.opensearch.flatMap((o) => [o.httpPort, o.transportPort]),
    config.redis.port,
  ];
}

/** Linux's ephemeral port range (`/proc/sys/net/ipv4/ip_local_port_range`, "32768\t60999"); undefined elsewhere. */
export function localPortRange(
  text: string | undefined = readIfExists('/proc/sys/net/ipv4/ip_local_port_range'),
): { low: number; high: number } | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text ?? '');
  return m ? { low: Number(m[1]), high: Number(m[2]) } : undefined;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A warning when some cluster port lies inside the ephemeral range: the kernel may hand it to an outgoing
 * connection, and the node then fails to start with "Address already in use". Undefined when all are clear.
 */
export function ephemeralPortWarning(
  config: ClusterConfig,
  range: { low: number; high: number } | undefined = localPortRange(),
): string | undefined {
  if (!range) return undefined;
  const inside = clusterPorts(config).filter((p) => p >= range.low && p <= range.high);
  return inside.length > 0
    ? `cluster ports ${inside.join(', ')} lie in the ephemeral range ${range.low}-${range.high}: an outgoing connection may hold one ("Address already in use"); move NEWSFLOW_CLUSTER_*_PORT below ${range.low}`
    : undefined;
}

/** The KRaft cluster id every node is formatted with: created once per run folder and kept with the data. */
function sharedClusterId(runDir: string): string {
  const file = join(runDir, 'kafka-cluster-id');
  if (!existsSync(file)) {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(file, `${randomBytes(16).toString('base64url')}\n`, { flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Bootstrap servers of the cluster's Kafka nodes (for KAFKA_BROKERS). */
export function clusterKafkaBrokers(config: ClusterConfig): string[] {
  return config.cluster.kafka.map((k) => `127.0.0.1:${k.port}`);
}

/** HTTP URLs of the cluster's OpenSearch nodes (for OPENSEARCH_URL, comma-separated). */
export function clusterOpensearchUrls(config: ClusterConfig): string[] {
  return config.cluster.opensearch.map((o) => `http://127.0.0.1:${o.httpPort}`);
}

/**
 * kafkajs settings of the infra's own admin clients on this cluster (`infra status --cluster`, the suites' ISR
 * reads): TLS with the generated certificate and SCRAM as `admin` on a secured cluster, nothing on a plain one.
 */
export function clusterKafkaSecurity(config: ClusterConfig): KafkaClientSecurity {
  return config.cluster.secure
    ? kafkaClientSecurity(ensureKafkaTls(config.runDir, config.java, () => undefined))
    : {};
}

/**
 * The environment a service, the CLI or a test needs to use the cluster: every broker and node, and the topic and
 * index replication the cluster supports.
 */
export function clusterClientEnv(config: ClusterConfig): Record<string, string> {
  const security = config.cluster.secure
    ? saslSslClientEnv(ensureKafkaTls(config.runDir, config.java, () => undefined))
    : {};
  return {
    ...security,
    KAFKA_BROKERS: clusterKafkaBrokers(config).join(','),
    OPENSEARCH_URL: clusterOpensearchUrls(config).join(','),
    NEWSFLOW_TOPIC_REPLICATION_FACTOR: String(config.cluster.replicationFactor),
    NEWSFLOW_TOPIC_MIN_ISR: String(config.cluster.minInsyncReplicas),
    NEWSFLOW_INDEX_REPLICAS: String(config.cluster.indexReplicas),
    NEWSFLOW_INDEX_SHARDS: String(config.cluster.indexShards),
    REDIS_URL: `redis://127.0.0.1:${config.redis.port}`,
  };
}

/**
 * The cluster's servers: its own Redis on NEWSFLOW_CLUSTER_REDIS_PORT (28379), then every Kafka
 * node (combined broker+controller, a static quorum of all of them) and every OpenSearch node (all
 * cluster-manager-eligible and data nodes).
 */
export function clusterServers(config: ClusterConfig): ManagedServer[] {
  const { cluster, runDir } = config;
  const voters = cluster.kafka.map((k, i) => `${i + 1}@127.0.0.1:${k.controllerPort}`).join(',');
  const brokers = clusterKafkaBrokers(config);
  const tls = (): KafkaTlsMaterial => ensureKafkaTls(runDir, config.java, () => undefined);
  const secured = (port: number, controllerPort: number) =>
    cluster.secure
      ? {
          extraProperties: () => saslSslListenerProperties(port, controllerPort, tls()),
          formatArgs: () => scramFormatArgs(tls()),
          clientSecurity: () => kafkaClientSecurity(tls()),
        }
      : {};
  const kafkaNodes = cluster.kafka.map((k, i) =>
    kafkaNode(
      config,
      {
        name: `kafka-${i + 1}`,
        nodeId: i + 1,
        port: k.port,
        controllerPort: k.controllerPort,
        voters,
        replication: cluster.replicationFactor,
        home: join(runDir, `kafka-${i + 1}`),
        runDir,
        heapMin: cluster.kafkaHeap,
        heapMax: cluster.kafkaHeap,
        clusterId: () => sharedClusterId(runDir),
        portEnvs: ['NEWSFLOW_CLUSTER_KAFKA_PORT', 'NEWSFLOW_CLUSTER_KAFKA_PORT'],
        ...secured(k.port, k.controllerPort),
      },
      brokers,
    ),
  );
  const names = cluster.opensearch.map((_, i) => `os-${i + 1}`);
  const seeds = cluster.opensearch.map((o) => `127.0.0.1:${o.transportPort}`);
  const osNodes = cluster.opensearch.map((o, i) =>
    opensearchNode(config, {
      name: `opensearch-${i + 1}`,
      httpPort: o.httpPort,
      transportPort: o.transportPort,
      heap: cluster.opensearchHeap,
      home: join(runDir, `opensearch-${i + 1}`),
      runDir,
      portEnvs: ['NEWSFLOW_CLUSTER_OPENSEARCH_PORT', 'NEWSFLOW_CLUSTER_OPENSEARCH_TRANSPORT_PORT'],
      cluster: { clusterName: 'newsflow-cluster', nodeName: names[i] ?? '', seeds, managers: names },
    }),
  );
  return [redisServer(config), ...kafkaNodes, ...osNodes];
}
