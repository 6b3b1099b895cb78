import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  startServices,
  type RunningService,
  type ServiceName,
  type StartServicesOptions,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import { freePorts } from './free-ports.js';
import { removeRedisKeys } from './redis-keys.js';
import { stackEndpoints } from './stack-env.js';
import { stackKafka, withAdmin } from './stack-kafka.js';

/** The repository root (the services run from its dist folders). */
export const repoRoot = resolve(__dirname, '../..');

/** Builds the workspace (`tsc -b tsconfig.build.json`): the end-to-end tests run the services from dist. */
export function buildWorkspace(): void {
  const build = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', join(repoRoot, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('build failed');
}

/** Five free ports, one for each service. */
export async function freeServicePorts(): Promise<Record<ServiceName, number>> {
  const [gateway, fetch, clean, classify, index] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { gateway, fetch, clean, classify, index };
}

/**
 * The environment of the pipeline's services under `prefix` on the test stack (Kafka, OpenSearch and Redis of the
 * run, warnings only), with `extra` on top.
 */
export function pipelineEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const ends = stackEndpoints();
  return {
    ...process.env,
    NEWSFLOW_PREFIX: prefix,
    KAFKA_BROKERS: ends.kafkaBrokers.join(','),
    OPENSEARCH_URL: ends.opensearchUrl,
    REDIS_URL: ends.redisUrl,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts the services (all five, or `only` these) as processes, logging under .newsflow/test-logs/<prefix>. */
export function startPipeline(
  prefix: string,
  env: NodeJS.ProcessEnv,
  ports: StartServicesOptions['ports'],
  only?: readonly ServiceName[],
): Promise<RunningService[]> {
  return startServices({
    repoRoot,
    logDir: join(repoRoot, '.newsflow', 'test-logs', prefix),
    env,
    ports,
    ...(only ? { only } : {}),
  });
}

/**
 * Removes what a pipeline run under `prefix` left on the shared stack: its topics and consumer groups, its article
 * index versions, subscriptions index and index template, and its Redis keys (dedup keys, the URL queue, host
 * semaphores all carry the prefix). Only names that start with the run's unique test prefix.
 */
export async function removePipelineResources(prefix: string): Promise<void> {
  const ends = stackEndpoints();
  await withAdmin(stackKafka(`${prefix}-cleanup`), async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(prefix));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
  });
  const os = ends.opensearchUrl;
  // By name, not by wildcard (a cluster may refuse wildcard deletes).
  const listed = await fetch(`${os}/_cat/indices/${prefix}.news-*?h=index&format=json`);
  const indices = listed.ok ? ((await listed.json()) as Array<{ index: string }>).map((i) => i.index) : [];
  for (const index of indices) await fetch(`${os}/${index}`, { method: 'DELETE' });
  await fetch(`${os}/_index_template/${prefix}.news-articles-template`, { method: 'DELETE' });
  await removeRedisKeys(ends.redisUrl, prefix);
}
