import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { InfraError } from './infra.exception.js';

const port = z.coerce.number().int().min(1).max(65535);
const jvmSize = z.string().regex(/^[1-9]\d*[mMgG]$/, 'expected a JVM memory size such as 512m or 1g');
const millis = z.coerce.number().int().positive();

/** Every environment variable the local stack reads, with its default. Empty strings count as unset. */
const envSchema = z.object({
  KAFKA_PORT: port.default(9092),
  KAFKA_CONTROLLER_PORT: port.default(9093),
  OPENSEARCH_PORT: port.default(9200),
  OPENSEARCH_TRANSPORT_PORT: port.default(9300),
  REDIS_PORT: port.default(6379),
  /** Kafka -Xmx; -Xms is 512m or this, whichever is smaller. */
  KAFKA_HEAP: jvmSize.default('1g'),
  /** OpenSearch -Xms and -Xmx (equal, as the distribution's jvm.options recommends). */
  OPENSEARCH_HEAP: jvmSize.default('1g'),
  /** Pid files, logs and server data. Default <repo>/.newsflow/run. */
  NEWSFLOW_RUN_DIR: z.string().min(1).optional(),
  /** Jar cache outside git. Default ~/.cache/newsflow/infra. */
  NEWSFLOW_INFRA_CACHE: z.string().min(1).optional(),
  /** Bound on the wait for each server to become healthy. */
  NEWSFLOW_INFRA_START_TIMEOUT_MS: millis.default(120_000),
  /** Time between SIGTERM and SIGKILL on `down`. */
  NEWSFLOW_INFRA_STOP_TIMEOUT_MS: millis.default(30_000),
  /** Java used for both JVMs. Default $JAVA_HOME/bin/java, else `java` on PATH (OpenSearch 2.19 wants 17 or 21). */
  NEWSFLOW_JAVA: z.string().min(1).optional(),
  JAVA_HOME: z.string().min(1).optional(),
});

/** Typed, validated settings of the native local stack. Built once by {@link loadInfraConfig}. */
export interface InfraConfig {
  readonly repoRoot: string;
  readonly runDir: string;
  readonly cacheDir: string;
  readonly java: string;
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly kafka: {
    readonly version: string;
    readonly port: number;
    readonly controllerPort: number;
    readonly heapMax: string;
    readonly heapMin: string;
  };
  readonly opensearch: {
    readonly version: string;
    readonly httpPort: number;
    readonly transportPort: number;
    readonly heap: string;
  };
  readonly redis: { readonly port: number };
}

/** Size in MiB of a JVM size string such as 512m or 1g. */
function mib(size: string): number {
  const n = Number.parseInt(size, 10);
  return /[gG]$/.test(size) ? n * 1024 : n;
}

/**
 * The repository root is the nearest folder upwards holding infra/local/kafka/pom.xml. Looked up from this file
 * (works for src under vitest and for dist under node) and then from the working directory.
 */
export function findRepoRoot(start: string = __dirname): string {
  for (const from of [start, process.cwd()]) {
    let dir = resolve(from);
    for (;;) {
      if (existsSync(join(dir, 'infra', 'local', 'kafka', 'pom.xml'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new InfraError(
    'BAD_CONFIG',
    'cannot find the newsflow repository root (no infra/local/kafka/pom.xml above here)',
  );
}

/** Reads `<name>x</name>` from a pom's properties: the poms are the one place where server versions are pinned. */
function pomProperty(pomFile: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new InfraError('BAD_CONFIG', `${pomFile} has no <${name}> property`);
  return match[1].trim();
}

/**
 * Reads and validates the environment once. Every problem is reported in one error naming each bad variable.
 * `process.env` is read here and nowhere else in the infra library.
 */
export function loadInfraConfig(env: NodeJS.ProcessEnv = process.env): InfraConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InfraError('BAD_CONFIG', `invalid environment for the local stack: ${problems}`);
  }
  const e = parsed.data;
  const ports: Array<[string, number]> = [
    ['KAFKA_PORT', e.KAFKA_PORT],
    ['KAFKA_CONTROLLER_PORT', e.KAFKA_CONTROLLER_PORT],
    ['OPENSEARCH_PORT', e.OPENSEARCH_PORT],
    ['OPENSEARCH_TRANSPORT_PORT', e.OPENSEARCH_TRANSPORT_PORT],
    ['REDIS_PORT', e.REDIS_PORT],
  ];
  const clash = ports.filter(([, p], i) => ports.findIndex(([, q]) => q === p) !== i);
  if (clash.length > 0) {
    throw new InfraError(
      'BAD_CONFIG',
      `ports must differ: ${clash.map(([k, p]) => `${k}=${p}`).join(', ')} repeats a port`,
    );
  }
  const repoRoot = findRepoRoot();
  const kafkaHeapMin = mib(e.KAFKA_HEAP) < 512 ? e.KAFKA_HEAP : '512m';
  return {
    repoRoot,
    runDir: resolve(e.NEWSFLOW_RUN_DIR ?? join(repoRoot, '.newsflow', 'run')),
    cacheDir: resolve(e.NEWSFLOW_INFRA_CACHE ?? join(homedir(), '.cache', 'newsflow', 'infra')),
    java: e.NEWSFLOW_JAVA ?? (e.JAVA_HOME ? join(e.JAVA_HOME, 'bin', 'java') : 'java'),
    startTimeoutMs: e.NEWSFLOW_INFRA_START_TIMEOUT_MS,
    stopTimeoutMs: e.NEWSFLOW_INFRA_STOP_TIMEOUT_MS,
    kafka: {
      version: pomProperty(join(repoRoot, 'infra', 'local', 'kafka', 'pom.xml'), 'kafka.version'),
      port: e.KAFKA_PORT,
      controllerPort: e.KAFKA_CONTROLLER_PORT,
      heapMax: e.KAFKA_HEAP,
      heapMin: kafkaHeapMin,
    },
    opensearch: {
      version: pomProperty(join(repoRoot, 'infra', 'local', 'opensearch', 'pom.xml'), 'opensearch.version'),
      httpPort: e.OPENSEARCH_PORT,
      transportPort: e.OPENSEARCH_TRANSPORT_PORT,
      heap: e.OPENSEARCH_HEAP,
    },
    redis: { port: e.REDIS_PORT },
  };
}
