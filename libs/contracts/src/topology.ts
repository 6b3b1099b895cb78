import { CLEAN_TOPIC } from './topics/clean.schema.js';
import { DLQ_TOPIC } from './topics/dlq.schema.js';
import { ENRICHED_TOPIC } from './topics/enriched.schema.js';
import { INDEXED_TOPIC } from './topics/indexed.schema.js';
import { INGEST_TOPIC } from './topics/ingest.schema.js';
import { RAW_TOPIC } from './topics/raw.schema.js';

/**
 * The pipeline topology, defined once. Services, the CLI (`start`, `status`), the gateway (stats, health, dashboard),
 * tests, and the generated deployment files (docker-compose, Prometheus scrape config, Kubernetes manifests) all read
 * stage names, topics, consumer groups, ports and queue names from here.
 */
export const STAGE_NAMES = ['fetch', 'clean', 'classify', 'index'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const SERVICE_NAMES = [...STAGE_NAMES, 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface StageTopology extends ServiceTopology {
  readonly name: StageName;
  /** Logical input topic (unprefixed). */
  readonly input: string;
  /** Logical topics the stage produces to (the DLQ included). */
  readonly outputs: readonly string[];
  /** Consumer group (unprefixed). */
  readonly group: string;
}

export interface ServiceTopology {
  readonly name: ServiceName;
  readonly port: number;
  readonly portEnv: string;
  readonly hostEnv: string;
  /** Liveness path: 200 while the process is alive and not down (supervisors restart it otherwise). */
  readonly livePath: string;
  /** Readiness path: 200 only when the service can do its work. */
  readonly readyPath: string;
  /**
   * V8 heap flags of the service's process (NODE_OPTIONS), the same for `npm start`, docker-compose and Kubernetes
   * (see {@link nodeOptionsFor}). A smaller young generation and an old-space limit well above the live heap: V8 lets
   * the heap grow up to 4x the live heap between full collections when its limit is the default (GBs), but only
   * ~1.3-1.6x under a limit of 256 MiB-1 GiB, so the limit bounds RSS at steady state and while draining a backlog
   * and still leaves room for a huge input (BENCHMARKS.md, "Memory").
   */
  readonly nodeOptions: string;
}

const stage = (
  name: StageName,
  input: string,
  outputs: readonly string[],
  port: number,
  nodeOptions: string,
): StageTopology => ({
  name,
  input,
  outputs: [...outputs, DLQ_TOPIC],
  group: `newsflow-${name}`,
  port,
  portEnv: `${name.toUpperCase()}_PORT`,
  hostEnv: `${name.toUpperCase()}_HOST`,
  livePath: '/health',
  readyPath: '/ready',
  nodeOptions,
});

// fetch and clean take whole dumps (up to the topics' 16 MiB messages; HTML is parsed into a DOM): 1 GiB of old space
// for the largest; classify's inputs are single articles (clean caps a body at 200,000 characters).
export const STAGES: Readonly<Record<StageName, StageTopology>> = {
  fetch: stage('fetch', INGEST_TOPIC, [RAW_TOPIC], 3001, '--max-old-space-size=1024 --max-semi-space-size=4'),
  // clean also sends the article links of a listing page back to fetch, as a URL list on the ingest topic
  clean: stage(
    'clean',
    RAW_TOPIC,
    [CLEAN_TOPIC, INGEST_TOPIC],
    3002,
    '--max-old-space-size=1024 --max-semi-space-size=8',
  ),
  // classify's live heap is its models plus one fetch's articles (heap used 70-76 MiB draining a backlog): 256 MiB of
  // old space keeps V8 from growing the heap far above that (session 9 A/B in BENCHMARKS, with its smaller fetch)
  classify: stage(
    'classify',
    CLEAN_TOPIC,
    [ENRICHED_TOPIC],
    3003,
    '--max-old-space-size=256 --max-semi-space-size=8',
  ),
  index: stage(
    'index',
    ENRICHED_TOPIC,
    [INDEXED_TOPIC],
    3004,
    '--max-old-space-size=512 --max-semi-space-size=4',
  ),
};

export const GATEWAY: ServiceTopology = {
  name: 'gateway',
  port: 3000,
  portEnv: 'GATEWAY_PORT',
  hostEnv: 'GATEWAY_HOST',
  // the gateway's /health is the whole pipeline's aggregate: liveness is the process itself
  livePath: '/live',
  readyPath: '/ready',
  nodeOptions: '--max-old-space-size=512 --max-semi-space-size=4',
};

/** Every service with its port, in pipeline order (stages first, then the gateway). */
export const SERVICES: readonly ServiceTopology[] = [...STAGE_NAMES.map((n) => STAGES[n]), GATEWAY];

/**
 * glibc malloc settings of every service's process. A fixed mmap threshold keeps large buffers (a Kafka fetch response
 * of up to 8 MiB, a bulk body) in their own mappings, returned to the system when freed: glibc otherwise raises the
 * threshold after the first such free and serves the next ones from its heap, which then stays resident (classify
 * draining a 6,000-article backlog: 269 -> 229 MiB peak RSS). Two arenas instead of 8 per core for the few threads.
 */
export const SERVICE_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/**
 * NODE_OPTIONS of a service's process: its topology flags, then what the environment already has (a flag given there
 * later wins, so an operator can still override one, e.g. a larger `--max-old-space-size`).
 */
export function nodeOptionsFor(service: ServiceName, inherited: string | undefined = undefined): string {
  const own = SERVICES.find((s) => s.name === service)?.nodeOptions ?? '';
  return [own, inherited?.trim()].filter(Boolean).join(' ');
}

/**
 * The runtime environment a service's process gets everywhere (`npm start`, docker-compose, Kubernetes): NODE_OPTIONS
 * from {@link nodeOptionsFor} and {@link SERVICE_MALLOC_ENV}; a malloc variable the environment already sets wins.
 */
export function serviceRuntimeEnv(
  service: ServiceName,
  inherited: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const malloc = Object.fromEntries(
    Object.entries(SERVICE_MALLOC_ENV).map(([k, v]) => [k, inherited[k] ?? v]),
  );
  return { NODE_OPTIONS: nodeOptionsFor(service, inherited.NODE_OPTIONS), ...malloc };
}

/** The BullMQ queue of URL downloads (worker inside the fetch stage). */
export const FETCH_URL_QUEUE = 'newsflow-fetch-url';
/** Alias over the article indices (read and write). */
export const ARTICLES_ALIAS = 'news-articles';
/** Concrete article index name pattern and the current version. */
export const ARTICLES_INDEX_PATTERN = 'news-articles-v*';

/** `name` under a prefix: `test-x.name`, or `name` when the prefix is empty. */
export function prefixed(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** Physical topic, group, queue and alias names of the whole pipeline under a prefix. */
export function physicalTopology(prefix: string) {
  return {
    stages: STAGE_NAMES.map((n) => {
      const s = STAGES[n];
      return {
        name: n,
        input: prefixed(prefix, s.input),
        outputs: s.outputs.map((t) => prefixed(prefix, t)),
        group: prefixed(prefix, s.group),
        port: s.port,
      };
    }),
    fetchUrlQueue: prefixed(prefix, FETCH_URL_QUEUE),
    articlesAlias: prefixed(prefix, ARTICLES_ALIAS),
    dlqTopic: prefixed(prefix, DLQ_TOPIC),
    indexedTopic: prefixed(prefix, INDEXED_TOPIC),
  };
}

/** Percolator index of live saved searches (gateway `POST /v1/subscriptions`). */
export const SUBSCRIPTIONS_INDEX = 'news-subscriptions';
/** Consumer group of the gateway's percolation of `news.indexed.v1`. */
export const SUBSCRIPTIONS_GROUP = 'newsflow-gateway-subscriptions';
/** Redis stream key prefix of a subscription's matches (`<prefix>:<subscription id>`). */
export const SUBSCRIPTION_STREAM_KEY = 'newsflow-subscription';
/** BullMQ queue of webhook deliveries of saved-search matches. */
export const WEBHOOK_QUEUE = 'newsflow-webhooks';
