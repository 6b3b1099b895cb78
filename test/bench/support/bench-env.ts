import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { Client } from '@opensearch-project/opensearch';
import { ARTICLES_ALIAS, articlesIndexName } from '@newsflow/search';

/** Repository root (test/bench/support -> ../../..). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * The real servers a benchmark talks to. Only loopback addresses are accepted: a benchmark must never send
 * load anywhere but this machine.
 */
export interface BenchEndpoints {
  kafkaBrokers: string[];
  opensearchUrl: string;
  redisUrl: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

function assertLoopbackHost(host: string, what: string): void {
  if (!LOOPBACK.test(host)) throw new Error(`${what} must be a loopback address, got "${host}"`);
}

/** Endpoints from KAFKA_BROKERS / OPENSEARCH_URL / REDIS_URL (defaults: the local stack), loopback only. */
export function benchEndpoints(env: NodeJS.ProcessEnv = process.env): BenchEndpoints {
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const opensearchUrl = (env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200').replace(/\/+$/, '');
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  for (const b of kafkaBrokers) assertLoopbackHost(b.replace(/:\d+$/, ''), 'KAFKA_BROKERS');
  assertLoopbackHost(new URL(opensearchUrl).hostname, 'OPENSEARCH_URL');
  assertLoopbackHost(new URL(redisUrl).hostname, 'REDIS_URL');
  return { kafkaBrokers, opensearchUrl, redisUrl };
}

/** The variables that point a service (or a gateway config) at these servers under `prefix`. */
export function serviceEnv(ends: BenchEndpoints, prefix: string): Record<string, string> {
  return {
    NEWSFLOW_PREFIX: prefix,
    KAFKA_BROKERS: ends.kafkaBrokers.join(','),
    OPENSEARCH_URL: ends.opensearchUrl,
    REDIS_URL: ends.redisUrl,
  };
}

/** A unique, valid NEWSFLOW_PREFIX for one run: `bench-<what>-<utc yyyymmddhhmmss>-<hex>`. */
/** `K=V,K2=V2` as an object (a `--service-env`-style option); a pair without `=` is an error naming `option`. */
export function parseEnvPairs(raw: string, option: string): Record<string, string> {
  return Object.fromEntries(
    raw
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=');
        if (i < 1) throw new Error(`--${option} expects K=V pairs, got "${kv}"`);
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
  );
}

export function benchPrefix(what: string): string {
  const ts = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `bench-${what}-${ts}-${randomBytes(2).toString('hex')}`;
}

/** Index alias the services derive from a prefix (`<prefix>.news-articles`). */
export function aliasFor(prefix: string): string {
  return `${prefix}.${ARTICLES_ALIAS}`;
}

export function createBenchKafka(ends: BenchEndpoints, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: ends.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5 },
  });
}

export function createOpenSearch(ends: BenchEndpoints): Client {
  return new Client({ node: ends.opensearchUrl, requestTimeout: 120_000, maxRetries: 0 });
}

/**
 * Deletes the consumer groups and topics under `prefix` with `kafka`'s admin client (the bench's, or one with the
 * secured cluster's connection settings); throws what Kafka answers.
 */
export async function deleteTopicsAndGroups(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix.startsWith('bench-')) throw new Error(`refusing to clean up "${prefix}": not a bench prefix`);
  const admin = kafka.admin();
  try {
    await admin.connect();
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(`${prefix}.`));
    if (groups.length) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Removes everything a run created under its prefix: topics and consumer groups, the index and index template
 * of each alias given, and Redis keys (`<prefix>.*`, BullMQ's `bull:<prefix>.*`). Best effort: each part is
 * attempted and failures are returned, never thrown, so one failure does not leave the rest behind.
 */
export async function cleanupPrefix(
  ends: BenchEndpoints,
  prefix: string,
  aliases: readonly string[] = [aliasFor(prefix)],
): Promise<string[]> {
  if (!prefix.startsWith('bench-')) throw new Error(`refusing to clean up "${prefix}": not a bench prefix`);
  const problems: string[] = [];
  try {
    await deleteTopicsAndGroups(createBenchKafka(ends, `${prefix}-cleanup`), prefix);
  } catch (err) {
    problems.push(`kafka: ${(err as Error).message}`);
  }
  const os = createOpenSearch(ends);
  for (const alias of aliases) {
    for (const [what, run] of [
      ['index', () => os.indices.delete({ index: articlesIndexName(alias), ignore_unavailable: true })],
      ['template', () => os.indices.deleteIndexTemplate({ name: `${alias}-template` })],
    ] as const) {
      try {
        await run();
      } catch (err) {
        const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
        if (status !== 404) problems.push(`opensearch ${what} of ${alias}: ${(err as Error).message}`);
      }
    }
  }
  // Indices the services create by themselves under the prefix (the gateway's `<prefix>.news-subscriptions`).
  try {
    const res = await os.cat.indices({ index: `${prefix}.*`, format: 'json' });
    for (const { index } of res.body as Array<{ index: string }>)
      if (index.startsWith(`${prefix}.`)) await os.indices.delete({ index });
  } catch (err) {
    const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status !== 404) problems.push(`opensearch indices under ${prefix}: ${(err as Error).message}`);
  }
  await os.close();
  const redis = new Redis(ends.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    for (const pattern of [`${prefix}.*`, `bull:${prefix}.*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } catch (err) {
    problems.push(`redis: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  return problems;
}

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Version of the Kafka the local broker runs (from its class path `.../kafka-<version>/libs`), if found. */
function kafkaVersion(): string | undefined {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const m = /kafka-(\d[\d.]*)\/libs/.exec(cmd);
      if (m && cmd.includes('-Dnewsflow.infra=kafka@')) return m[1];
    } catch {
      // processes come and go while we scan
    }
  }
  return undefined;
}

/** Facts about the machine and the run that go with every result. */
export async function machineInfo(ends: BenchEndpoints): Promise<Record<string, unknown>> {
  let opensearch: string | undefined;
  try {
    const res = await fetch(`${ends.opensearchUrl}/`, { signal: AbortSignal.timeout(5000) });
    opensearch = ((await res.json()) as { version?: { number?: string } }).version?.number;
  } catch {
    opensearch = undefined;
  }
  const dirty = tryRun('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'libs', 'services']);
  return {
    date: new Date().toISOString(),
    nproc: Number(tryRun('nproc', []) ?? cpus().length),
    cpuModel: cpus()[0]?.model,
    memTotalGiB: +(totalmem() / 2 ** 30).toFixed(1),
    memFreeGiB: +(freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    kafka: kafkaVersion(),
    opensearch,
    gitCommit: tryRun('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD']),
    uncommittedServiceChanges: dirty ? dirty.split('\n').length : 0,
    loadavg: loadavg().map((x) => +x.toFixed(2)),
  };
}

/** Writes `test/bench/results/<name>-<utc date-time>.json` and returns its path. */
export function writeResult(name: string, result: unknown): string {
  const dir = join(REPO_ROOT, 'test', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*$/, '');
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
