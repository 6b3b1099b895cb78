import { Kafka, logLevel } from 'kafkajs';
import type { KafkaClientSecurity } from './kafka-server.adapter.js';
import { getJson } from './net.adapter.js';

/** Replication state of one partition. */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/** What `infra status --cluster` reports beyond each node's own health. */
export interface ClusterHealthReport {
  readonly kafka: {
    readonly reachable: boolean;
    /** Why no broker answered (connection refused, authentication failed, ...), when unreachable. */
    readonly error?: string;
    readonly brokers: readonly number[];
    readonly controller: number | null;
    readonly partitions: readonly PartitionState[];
    /** Partitions whose ISR is smaller than their replica set. */
    readonly underReplicated: number;
    /** Partitions without a leader (-1). */
    readonly offline: number;
    /** Partitions led by each broker id. */
    readonly leadersByBroker: Readonly<Record<number, number>>;
  };
  readonly opensearch: {
    readonly reachable: boolean;
    readonly status?: string;
    readonly nodes: readonly string[];
    readonly activePrimaryShards?: number;
    readonly activeShards?: number;
    readonly unassignedShards?: number;
    readonly relocatingShards?: number;
    readonly initializingShards?: number;
  };
}

/**
 * ISR and leaders of every topic, read through any reachable broker with the listener's security (SASL_SSL on a
 * secured cluster: see clusterKafkaSecurity). Never throws: an unreachable or refusing cluster reads as unreachable,
 * with the reason in `error`.
 */
export async function kafkaClusterState(
  brokers: string[],
  security: KafkaClientSecurity = {},
): Promise<ClusterHealthReport['kafka']> {
  const admin = new Kafka({
    clientId: 'newsflow-infra',
    brokers,
    ...security,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 1 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    const meta = topics.length ? await admin.fetchTopicMetadata({ topics }) : { topics: [] };
    const partitions: PartitionState[] = meta.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionId,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      })),
    );
    const leadersByBroker: Record<number, number> = {};
    for (const p of partitions)
      if (p.leader >= 0) leadersByBroker[p.leader] = (leadersByBroker[p.leader] ?? 0) + 1;
    return {
      reachable: true,
      brokers: cluster.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
      controller: cluster.controller,
      partitions,
      underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
      offline: partitions.filter((p) => p.leader < 0).length,
      leadersByBroker,
    };
  } catch (err) {
    return {
      reachable: false,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      brokers: [],
      controller: null,
      partitions: [],
      underReplicated: 0,
      offline: 0,
      leadersByBroker: {},
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

interface OsHealth {
  status?: string;
  active_primary_shards?: number;
  active_shards?: number;
  unassigned_shards?: number;
  relocating_shards?: number;
  initializing_shards?: number;
}

/** Cluster health and node names, asked of the first node that answers. Never throws. */
export async function opensearchClusterState(urls: string[]): Promise<ClusterHealthReport['opensearch']> {
  for (const url of urls) {
    const health = (await getJson(`${url}/_cluster/health`, 5000)) as OsHealth | undefined;
    if (!health?.status) continue;
    const nodes = ((await getJson(`${url}/_cat/nodes?format=json&h=name`, 5000)) ?? []) as Array<{
      name?: string;
    }>;
    return {
      reachable: true,
      status: health.status,
      nodes: nodes.map((n) => n.name ?? '?').sort(),
      activePrimaryShards: health.active_primary_shards,
      activeShards: health.active_shards,
      unassignedShards: health.unassigned_shards,
      relocatingShards: health.relocating_shards,
      initializingShards: health.initializing_shards,
    };
  }
  return { reachable: false, nodes: [] };
}

export async function clusterHealth(
  brokers: string[],
  osUrls: string[],
  security: KafkaClientSecurity = {},
): Promise<ClusterHealthReport> {
  const [kafka, opensearch] = await Promise.all([
    kafkaClusterState(brokers, security),
    opensearchClusterState(osUrls),
  ]);
  return { kafka, opensearch };
}

/** Human lines for `infra status --cluster`: one per engine, then one per topic with its partitions' ISR. */
export function describeClusterHealth(h: ClusterHealthReport): string[] {
  const k = h.kafka;
  const o = h.opensearch;
  const lines: string[] = [];
  lines.push(
    k.reachable
      ? `kafka cluster: brokers [${k.brokers.join(', ')}], controller ${k.controller ?? 'none'}, ${k.partitions.length} partitions, ` +
          `${k.underReplicated} under-replicated, ${k.offline} offline; leaders per broker ${JSON.stringify(k.leadersByBroker)}`
      : `kafka cluster: no broker answers${k.error ? ` (${k.error})` : ''}`,
  );
  const byTopic = new Map<string, PartitionState[]>();
  for (const p of k.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  for (const [topic, ps] of [...byTopic.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const parts = ps
      .sort((a, b) => a.partition - b.partition)
      .map((p) => `${p.partition}:L${p.leader} isr[${p.isr.join(',')}]/${p.replicas.length}`);
    lines.push(`  ${topic}  ${parts.join('  ')}`);
  }
  lines.push(
    o.reachable
      ? `opensearch cluster: ${o.status}, nodes [${o.nodes.join(', ')}], shards ${o.activePrimaryShards} primary / ${o.activeShards} active / ` +
          `${o.unassignedShards} unassigned / ${o.initializingShards} initializing / ${o.relocatingShards} relocating`
      : 'opensearch cluster: no node answers',
  );
  return lines;
}
