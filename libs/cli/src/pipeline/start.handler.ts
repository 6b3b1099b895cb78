import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { ALL_TOPICS, SERVICES, STAGE_NAMES, type ServiceName } from '@newsflow/contracts';
import {
  createKafka,
  ensureTopics,
  opensearchClientOptions,
  physicalTopic,
  sleep,
  topicSettingsFromEnv,
} from '@newsflow/messaging';
import { articlesAliasFor, ensureArticlesIndex } from '@newsflow/search';
import { infraDown, infraUp, loadInfraConfig } from '../infra/index.js';
import { loadCliEnv } from './cli-env.js';
import { collectItems, ingestItems } from './ingest.handler.js';
import { idleInstancesNote } from './instances.js';
import { labelOf, startServices, stopServices, type RunningService } from './services.adapter.js';

export interface StartOptions {
  repoRoot: string;
  seedsDir?: string | undefined;
  keepInfra: boolean;
  /** Instances of each stage (`--instances N` / NEWSFLOW_INSTANCES, see instances.ts); default 1. */
  instances?: number;
  log: (line: string) => void;
}

/** Polls the gateway until every dump has articles and the count stopped changing, or the timeout passes. */
async function waitSearchable(
  gatewayUrl: string,
  dumpIds: string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const stableSince = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const id of dumpIds) {
      const res = await fetch(
        `${gatewayUrl}/v1/search?dumpId=${encodeURIComponent(id)}&size=1&facets=false`,
      ).catch(() => undefined);
      const total = res?.ok ? ((await res.json()) as { total: number }).total : 0;
      if (total !== counts.get(id)) stableSince.set(id, Date.now());
      counts.set(id, total);
    }
    const done = dumpIds.every(
      (id) => (counts.get(id) ?? 0) > 0 && Date.now() - (stableSince.get(id) ?? Date.now()) >= 3000,
    );
    if (done) return counts;
    await sleep(500);
  }
  return counts;
}

/**
 * The main job: local stack up, workspace built, topics and index created, the five services started as
 * separate processes, the sample dumps ingested and waited for, then the URLs printed. Ctrl-C stops the
 * services gracefully, and the stack too when this run started it.
 */
export async function runStart(opts: StartOptions): Promise<void> {
  const { log } = opts;
  const env = loadCliEnv();
  const instances = opts.instances ?? 1;
  const idle = idleInstancesNote(instances, topicSettingsFromEnv().partitions);
  if (idle) log(`newsflow: note: ${idle}`);
  const infraConfig = loadInfraConfig();
  log('newsflow: bringing up the local stack (Kafka, OpenSearch, Redis)...');
  const reports = await infraUp(infraConfig, (l) => log(`  ${l}`));
  for (const r of reports)
    log(`  ${r.name.padEnd(10)} ${r.state.padEnd(9)} ${r.endpoint}${r.pid ? ` pid ${r.pid}` : ''}`);
  const weStartedInfra = reports.some((r) => r.action === 'started');

  log('newsflow: building the workspace...');
  const tsc = join(opts.repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', join(opts.repoRoot, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed (see the errors above)');

  const prefix = env.NEWSFLOW_PREFIX;
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'newsflow-start' });
  const admin = kafka.admin();
  await admin.connect();
  const created = await ensureTopics(
    admin,
    ALL_TOPICS.map((t) => physicalTopic(prefix, t)),
  );
  await admin.disconnect();
  log(`newsflow: topics ready${created.length ? ` (created ${created.join(', ')})` : ''}`);
  const os = new Client(opensearchClientOptions(env.OPENSEARCH_URL));
  await ensureArticlesIndex(os, articlesAliasFor(prefix));
  await os.close();

  const logDir = join(infraConfig.runDir, 'logs');
  log(`newsflow: starting fetch, clean, classify, index and gateway (logs in ${logDir})...`);
  let services: RunningService[] = [];
  const shutdown = async (signal: string) => {
    log(`\nnewsflow: ${signal}: stopping services (drain, commit, disconnect)...`);
    await stopServices(services);
    if (weStartedInfra && !opts.keepInfra) {
      log('newsflow: stopping the local stack...');
      await infraDown(infraConfig, (l) => log(`  ${l}`));
    }
    log('newsflow: stopped');
    process.exit(0);
  };
  // Each service's port from its own variable (FETCH_PORT, ...), else the topology's default; the gateway is told
  // where the stages are so that its health and dashboard follow them.
  const ports = Object.fromEntries(
    SERVICES.map((s) => [
      s.name,
      s.name === 'gateway' ? env.GATEWAY_PORT : Number(process.env[s.portEnv] ?? s.port),
    ]),
  ) as Record<ServiceName, number>;
  const stageUrls = STAGE_NAMES.map((n) => `${n}=http://127.0.0.1:${ports[n]}`).join(',');
  services = await startServices({
    repoRoot: opts.repoRoot,
    logDir,
    env: {
      ...process.env,
      FETCH_ALLOWED_HOSTS: process.env.FETCH_ALLOWED_HOSTS ?? '',
      GATEWAY_STAGE_URLS: process.env.GATEWAY_STAGE_URLS ?? stageUrls,
    },
    ports,
    instances,
    // A service that exits (crash, kill, a stage that found its consumer dead) is restarted with backoff.
    supervise: { log },
  });
  for (const s of services) log(`  ${labelOf(s).padEnd(11)} pid ${s.pid}  http://127.0.0.1:${s.port}/health`);
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (opts.seedsDir && existsSync(opts.seedsDir)) {
    const { items } = collectItems([opts.seedsDir], () => Buffer.alloc(0));
    log(`newsflow: ingesting ${items.length} sample dump(s) from ${opts.seedsDir}...`);
    const { dumps, failures } = await ingestItems(kafka, prefix, items, {
      maxMessageBytes: env.NEWSFLOW_MAX_MESSAGE_BYTES,
    });
    for (const f of failures) log(`  failed: ${f.name}: ${f.reason}`);
    const ids = dumps.flatMap((d) => d.dumpIds);
    const counts = await waitSearchable(env.GATEWAY_URL, ids, 120_000);
    for (const d of dumps)
      log(
        `  ${d.name}: ${d.dumpIds.map((id) => `${counts.get(id) ?? 0} article(s)`).join(', ')} searchable (dump ${d.dumpIds.join(',')})`,
      );
    if (ids.some((id) => !counts.get(id)))
      log('  some dumps are not searchable yet: see `npx newsflow dlq list` and the service logs');
  }

  const gw = env.GATEWAY_URL;
  log('');
  log('newsflow is running:');
  log(`  gateway     ${gw}`);
  log(`  API docs    ${gw}/docs`);
  log(`  dashboard   ${gw}/dashboard`);
  log(
    `  metrics     ${gw}/metrics (and ${STAGE_NAMES.map((n) => `:${ports[n]}`).join(', ')} /metrics, /health, /ready per stage)`,
  );
  log('  services that exit are restarted (with backoff) and reported here');
  log('try:');
  log(`  curl -s '${gw}/v1/search?q=Jiang%20Bin&size=3'`);
  log('  npx newsflow search "Jiang Bin"');
  log(`  npx newsflow ingest seeds/          # push dumps again (idempotent)`);
  log('Ctrl-C stops everything.');
  await new Promise<never>(() => undefined);
}
