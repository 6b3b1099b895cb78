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

/** A real OpenSearch 2.19 node embedded by infra/local/opensearch/OsLauncher.java, from the Maven jars. */
export function opensearchServer(config: InfraConfig): ManagedServer {
  const home = join(config.runDir, 'opensearch');
  const { httpPort, transportPort, heap } = config.opensearch;
  const url = `http://127.0.0.1:${httpPort}`;
  const tag = `-Dnewsflow.infra=opensearch@${config.runDir}`;
  return {
    name: 'opensearch',
    endpoint: url,
    ports: [
      { port: httpPort, env: 'OPENSEARCH_PORT' },
      { port: transportPort, env: 'OPENSEARCH_TRANSPORT_PORT' },
    ],
    pidFile: join(config.runDir, 'opensearch.pid'),
    logFile: join(config.runDir, 'opensearch.log'),
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
        tag,
        '-cp',
        jars.classpath,
        'OsLauncher',
        home,
        String(httpPort),
        String(transportPort),
        join(config.repoRoot, 'infra', 'local', 'opensearch', 'log4j2.properties'),
      ];
      return Promise.resolve(
        spawnDetached(config.java, args, { cwd: home, logFile: join(config.runDir, 'opensearch.log') }),
      );
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
