import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clusterClientEnv,
  clusterKafkaBrokers,
  clusterKafkaSecurity,
  clusterOpensearchUrls,
  clusterServers,
  infraDown,
  infraUp,
  kafkaClusterState,
  loadClusterConfig,
  opensearchClusterState,
  type ClusterConfig,
  type ManagedServer,
  type PartitionState,
  type ServerName,
} from '../../../libs/cli/src/infra/index.js';
import { isAlive, isOurProcess, readPidFile } from '../../../libs/cli/src/infra/process.adapter.js';

/**
 * The cluster profile of `newsflow infra up --cluster` (3 Kafka nodes, 3 OpenSearch nodes, private ports), driven
 * by the cluster suite: bring it up (or reuse it when it is already up), kill -9 one node and start it again.
 */
export class ClusterHandle {
  readonly config: ClusterConfig;
  private readonly servers: Map<ServerName, ManagedServer>;
  /** Nodes this suite started (stopped again at the end); a cluster that was already up is left up. */
  private started: ServerName[] = [];

  constructor(
    private readonly log: (line: string) => void,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.config = loadClusterConfig(env);
    this.servers = new Map(clusterServers(this.config).map((s) => [s.name, s]));
  }

  get brokers(): string[] {
    return clusterKafkaBrokers(this.config);
  }

  get opensearchUrls(): string[] {
    return clusterOpensearchUrls(this.config);
  }

  /** KAFKA_BROKERS, OPENSEARCH_URL (every node) and the replication settings for the services. */
  get clientEnv(): Record<string, string> {
    return clusterClientEnv(this.config);
  }

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.config.redis.port}`;
  }

  async up(): Promise<void> {
    const reports = await infraUp(this.config, this.log, [...this.servers.values()]);
    this.started = reports.filter((r) => r.action === 'started').map((r) => r.name);
    this.log(`cluster up; started by this run: ${this.started.join(', ') || 'none (already up)'}`);
  }

  /**
   * A suite's start: builds the services it runs (unless NEWSFLOW_CLUSTER_NO_BUILD=1), brings the cluster up and
   * waits until OpenSearch is green; throws with what it saw otherwise.
   */
  async upBuiltAndGreen(greenTimeoutMs: number): Promise<void> {
    if (process.env.NEWSFLOW_CLUSTER_NO_BUILD !== '1') {
      const root = resolve(__dirname, '../../..');
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      const build = spawnSync(process.execPath, [tsc, '-b', join(root, 'tsconfig.build.json')], {
        stdio: 'inherit',
      });
      if (build.status !== 0) throw new Error('the build failed: the suite runs the built services');
    }
    await this.up();
    const green = await this.until(async () => (await this.opensearchStatus()) === 'green', greenTimeoutMs);
    if (!green)
      throw new Error(
        `OpenSearch cluster not green within ${greenTimeoutMs / 1000} s: ${await this.opensearchStatus()}`,
      );
  }

  async downIfStarted(): Promise<void> {
    if (this.started.length === 0) return;
    await infraDown(this.config, this.log, { servers: [...this.servers.values()], only: this.started });
  }

  private server(name: ServerName): ManagedServer {
    const s = this.servers.get(name);
    if (!s) throw new Error(`no cluster node ${name}`);
    return s;
  }

  /** kill -9 of one node (our process only), waiting until it is gone. */
  async kill9(name: ServerName): Promise<number> {
    const s = this.server(name);
    const pid = readPidFile(s.pidFile);
    if (pid === undefined || !isOurProcess(pid, s.tag))
      throw new Error(`${name} is not running (no live pid)`);
    this.log(`kill -9 ${name} (pid ${pid})`);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(pid); i += 1) await sleep(100);
    if (isAlive(pid)) throw new Error(`${name} (pid ${pid}) survived SIGKILL`);
    // not added to `started`: a node of a cluster that was already up is started again by `restart` and left up
    return pid;
  }

  /** Starts one node again on its data and waits until it is healthy. */
  async restart(name: ServerName): Promise<void> {
    const t0 = Date.now();
    await infraUp(this.config, this.log, [this.server(name)]);
    this.log(`${name} back in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  /** Pid of every running node of the cluster (Redis, kafka-N, opensearch-N), by server name, for CPU figures. */
  serverPids(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.servers.values()) {
      const pid = readPidFile(s.pidFile);
      if (pid !== undefined && isOurProcess(pid, s.tag)) out[s.name] = pid;
    }
    return out;
  }

  /** Partitions of the prefix's topics with leader and ISR. */
  async partitions(prefix: string): Promise<PartitionState[]> {
    const state = await kafkaClusterState(this.brokers, clusterKafkaSecurity(this.config));
    if (!state.reachable) throw new Error(`no broker of the cluster answers: ${state.error ?? '?'}`);
    return state.partitions.filter((p) => p.topic.startsWith(`${prefix}.`));
  }

  /** The node name (kafka-N) of the broker leading most of the prefix's partitions. */
  async busiestLeader(prefix: string): Promise<{ name: ServerName; leads: number; of: number }> {
    const parts = await this.partitions(prefix);
    const counts = new Map<number, number>();
    for (const p of parts) if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
    const [id, leads] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [1, 0];
    return { name: `kafka-${id}`, leads, of: parts.length };
  }

  /** The first OpenSearch node that answers (for the suite's own reads). */
  async liveOpensearchUrl(): Promise<string> {
    for (const url of this.opensearchUrls) {
      try {
        const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(3000) });
        if (res.ok) return url;
      } catch {
        // next node
      }
    }
    throw new Error('no OpenSearch node of the cluster answers');
  }

  /** The node (opensearch-N) holding most primaries of the alias's index. */
  async busiestPrimaryNode(alias: string): Promise<{ name: ServerName; primaries: number }> {
    const url = await this.liveOpensearchUrl();
    const res = await fetch(`${url}/_cat/shards/${alias}?format=json&h=prirep,node,state`);
    const shards = (await res.json()) as Array<{ prirep: string; node: string | null; state: string }>;
    const counts = new Map<string, number>();
    for (const s of shards) if (s.prirep === 'p' && s.node) counts.set(s.node, (counts.get(s.node) ?? 0) + 1);
    const [node, primaries] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['os-1', 0];
    // OpenSearch node os-N is the server opensearch-N (cluster.config.ts)
    return { name: `opensearch-${node.replace(/^os-/, '')}` as ServerName, primaries };
  }

  async opensearchStatus(): Promise<string | undefined> {
    return (await opensearchClusterState(this.opensearchUrls)).status;
  }

  /** Bounded wait until `pred` holds; returns whether it did. */
  async until(pred: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await pred().catch(() => false)) return true;
      if (Date.now() > deadline) return false;
      await sleep(1000);
    }
  }
}
