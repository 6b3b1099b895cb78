import type { Command } from 'commander';
import {
  clusterClientEnv,
  clusterHealth,
  clusterKafkaSecurity,
  clusterKafkaBrokers,
  clusterOpensearchUrls,
  clusterServers,
  ephemeralPortWarning,
  describeClusterHealth,
  infraDown,
  infraStatus,
  infraUp,
  loadClusterConfig,
  loadInfraConfig,
  stackServers,
  type ClusterConfig,
  type InfraConfig,
  type ManagedServer,
  type ServerReport,
} from '../infra/index.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describe(r: ServerReport): string {
  const parts = [`${r.name.padEnd(10)} ${r.state.padEnd(9)} ${r.endpoint}`];
  if (r.pid !== undefined) parts.push(`pid ${r.pid}`);
  if (r.rssMiB !== undefined) parts.push(`rss ${r.rssMiB} MiB`);
  if (r.seconds !== undefined) parts.push(`${r.seconds.toFixed(1)} s`);
  if (r.logFile) parts.push(`log ${r.logFile}`);
  const head = parts.join('  ');
  return r.detail ? `${head}\n${' '.repeat(11)}${r.detail}` : head;
}

function withTimeout(config: InfraConfig, timeout: string | undefined): InfraConfig {
  if (timeout === undefined) return config;
  const ms = Number.parseInt(timeout, 10);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`--timeout must be a positive number of milliseconds, got ${timeout}`);
  return { ...config, stopTimeoutMs: ms };
}

/** The profile chosen by --cluster: its config and servers. */
function profile(cluster: boolean | undefined): {
  config: InfraConfig;
  servers: ManagedServer[];
  cluster?: ClusterConfig;
} {
  if (!cluster) {
    const config = loadInfraConfig();
    return { config, servers: stackServers(config) };
  }
  const config = loadClusterConfig();
  return { config, servers: clusterServers(config), cluster: config };
}

const CLUSTER_OPTION = '--cluster';
const CLUSTER_HELP =
  'the cluster profile: 3 Kafka nodes (KRaft, combined broker+controller) and 3 OpenSearch nodes on private ports (28xxx)';

/** `newsflow infra up|down|status`: the native local stack (see infra/local/README.md). */
export function registerInfraCommands(program: Command): void {
  const infra = program
    .command('infra')
    .description('the local stack without Docker: Kafka 4 (KRaft), OpenSearch 2.19, Redis');

  infra
    .command('up')
    .description(
      'fetch jars if needed, start Kafka, OpenSearch and Redis on 127.0.0.1 and wait until healthy (idempotent)',
    )
    .option('--json', 'print the result as JSON')
    .option(CLUSTER_OPTION, CLUSTER_HELP)
    .action(async (opts: { json?: boolean; cluster?: boolean }) => {
      const { config, servers, cluster } = profile(opts.cluster);
      const t0 = Date.now();
      if (!opts.json) say(`infra up: run folder ${config.runDir}, jar cache ${config.cacheDir}`);
      const portWarning = cluster ? ephemeralPortWarning(cluster) : undefined;
      if (portWarning && !opts.json) say(`infra up: warning: ${portWarning}`);
      const reports = await infraUp(config, opts.json ? undefined : say, servers);
      const seconds = (Date.now() - t0) / 1000;
      const env = cluster ? clusterClientEnv(cluster) : undefined;
      if (opts.json) {
        say(JSON.stringify({ seconds, servers: reports, ...(env ? { env } : {}) }, null, 2));
        return;
      }
      for (const r of reports) say(describe(r));
      say(`infra up: ${cluster ? 'cluster' : 'stack'} ready in ${seconds.toFixed(1)} s`);
      if (env) {
        say('use it with:');
        for (const [k, v] of Object.entries(env)) say(`  export ${k}=${v}`);
      }
    });

  infra
    .command('status')
    .description(
      'show each server: running, unhealthy, external or stopped, with pid and port (exit 3 unless all are up)',
    )
    .option('--json', 'print the result as JSON')
    .option(CLUSTER_OPTION, `${CLUSTER_HELP}; adds ISR per partition and OpenSearch nodes and shards`)
    .action(async (opts: { json?: boolean; cluster?: boolean }) => {
      const { config, servers, cluster } = profile(opts.cluster);
      const reports = await infraStatus(config, servers);
      const health = cluster
        ? await clusterHealth(
            clusterKafkaBrokers(cluster),
            clusterOpensearchUrls(cluster),
            clusterKafkaSecurity(cluster),
          )
        : undefined;
      if (opts.json) say(JSON.stringify(health ? { servers: reports, cluster: health } : reports, null, 2));
      else {
        for (const r of reports) say(describe(r));
        if (health) for (const line of describeClusterHealth(health)) say(line);
      }
      // scripts can test `newsflow infra status` before deciding to run `up`
      if (reports.some((r) => r.state !== 'running' && r.state !== 'external')) process.exitCode = 3;
    });

  infra
    .command('down')
    .description(
      'stop the servers newsflow started (SIGTERM, then SIGKILL after the timeout); a pre-existing Redis is left alone',
    )
    .option(
      '--timeout <ms>',
      'time between SIGTERM and SIGKILL (default NEWSFLOW_INFRA_STOP_TIMEOUT_MS or 30000)',
    )
    .option('--purge', 'also delete the servers’ data (topics, indices) so the next up starts empty')
    .option(CLUSTER_OPTION, `${CLUSTER_HELP}; stops only the cluster's nodes`)
    .action(async (opts: { timeout?: string; purge?: boolean; cluster?: boolean }) => {
      const chosen = profile(opts.cluster);
      const config = withTimeout(chosen.config, opts.timeout);
      const t0 = Date.now();
      const reports = await infraDown(config, say, { purge: opts.purge === true, servers: chosen.servers });
      for (const r of reports)
        say(`${r.name.padEnd(10)} ${r.outcome}${r.pid !== undefined ? ` (pid ${r.pid})` : ''}`);
      say(`infra down: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
}
