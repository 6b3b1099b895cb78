import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraConfig } from './infra.config.js';
import { ensureJars } from './jar-cache.adapter.js';
import type { ManagedServer } from './managed-server.schema.js';
import { getJson } from './net.adapter.js';
import { spawnDetached } from './process.adapter.js';

interface RootInfo {
  version?: { distribution?: string; number?: string };
}
interface ClusterHealth {
  status?: string;
}

/** One OpenSearch node of either profile. */
export interface OpenSearchNodeSpec {
  readonly name: ManagedServer['name'];
  readonly httpPort: number;
  readonly transportPort: number;
  readonly heap: string;
  /** The node's home (config, data, logs): the run folder's `opensearch` or `opensearch-N`. */
  readonly home: string;
  readonly runDir: string;
  readonly portEnvs: readonly [string, string];
  /** Set for a node of a multi-node cluster; absent for the single node (discovery.type=single-node). */
  readonly cluster?: {
    readonly clusterName: string;
    readonly nodeName: string;
    /** Transport addresses (host:port) of every node. */
    readonly seeds: readonly string[];
    /** Node names of the initial cluster-manager-eligible nodes. */
    readonly managers: readonly string[];
  };
}

/** A real OpenSearch 2.19 node embedded by infra/local/opensearch/OsLauncher.java, from the Maven jars. */
export function opensearchServer(config: InfraConfig): ManagedServer {
  const { httpPort, transportPort, heap } = config.opensearch;
  return opensearchNode(config, {
    name: 'opensearch',
    httpPort,
    transportPort,
    heap,
    home: join(config.runDir, 'opensearch'),
    runDir: config.runDir,
    portEnvs: ['OPENSEARCH_PORT', 'OPENSEARCH_TRANSPORT_PORT'],
  });
}

/** One OpenSearch node (single-node stack or a cluster member), see {@link OpenSearchNodeSpec}. */
export function opensearchNode(config: InfraConfig, spec: OpenSearchNodeSpec): ManagedServer {
  const { home, httpPort, transportPort, heap } = spec;
  const url = `http://127.0.0.1:${httpPort}`;
  const tag = `-Dnewsflow.infra=${spec.name}@${spec.runDir}`;
  const logFile = join(spec.runDir, `${spec.name}.log`);
  const clusterProps = spec.cluster
    ? [
        `-Dnewsflow.os.node=${spec.cluster.nodeName}`,
        `-Dnewsflow.os.cluster=${spec.cluster.clusterName}`,
        `-Dnewsflow.os.seeds=${spec.cluster.seeds.join(',')}`,
        `-Dnewsflow.os.managers=${spec.cluster.managers.join(',')}`,
      ]
    : [];
  return {
    name: spec.name,
    endpoint: url,
    ports: [
      { port: httpPort, env: spec.portEnvs[0] },
      { port: transportPort, env: spec.portEnvs[1] },
    ],
    pidFile: join(spec.runDir, `${spec.name}.pid`),
    logFile,
    tag,
    reuseExternal: false,
    health: () => opensearchHealth(url),
    start(log) {
      const jars = ensureJars(config, 'opensearch', log);
      const tmp = join(home, 'tmp');
      mkdirSync(tmp, { recursive: true });
      const args = [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        // from the distribution's jvm.options
        `-Djava.io.tmpdir=${tmp}`,
        `-Djna.tmpdir=${tmp}`,
        '-Dlog4j2.formatMsgNoLookups=true',
        '-Dlog4j.shutdownHookEnabled=false',
        '-Dlog4j2.disable.jmx=true',
        '-Djava.locale.providers=SPI,COMPAT',
        '-Dio.netty.noUnsafe=true',
        '-Dio.netty.noKeySetOptimization=true',
        '-Dio.netty.recycler.maxCapacityPerThread=0',
        '-Djava.net.preferIPv4Stack=true',
        '-Dfile.encoding=UTF-8',
        ...clusterProps,
        tag,
        '-cp',
        jars.classpath,
        'OsLauncher',
        home,
        String(httpPort),
        String(transportPort),
        join(config.repoRoot, 'infra', 'local', 'opensearch', 'log4j2.properties'),
      ];
      return Promise.resolve(spawnDetached(config.java, args, { cwd: home, logFile }));
    },
  };
}

/** Healthy when the cluster is at least yellow; describes the distribution and version. Never throws. */
export async function opensearchHealth(url: string): Promise<string | undefined> {
  const health = (await getJson(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`, 5000)) as
    ClusterHealth | undefined;
  if (health?.status !== 'green' && health?.status !== 'yellow') return undefined;
  const root = (await getJson(url, 5000)) as RootInfo | undefined;
  return `${root?.version?.distribution ?? '?'} ${root?.version?.number ?? '?'}, cluster ${health.status}`;
}
