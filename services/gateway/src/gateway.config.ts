import { z } from 'zod';
import {
  FETCH_URL_QUEUE,
  INDEXED_TOPIC,
  INGEST_TOPIC,
  SUBSCRIPTIONS_GROUP,
  SUBSCRIPTION_STREAM_KEY,
  STAGES,
  STAGE_NAMES,
  WEBHOOK_QUEUE,
  prefixed,
  type StageName,
} from '@newsflow/contracts';
import { commonEnvSchema, loadConfig, physicalTopic } from '@newsflow/messaging';
import { adminJobsIndexFor, articlesAliasFor, subscriptionsIndexFor } from '@newsflow/search';
import {
  DEFAULT_RATE_LIMIT,
  SCOPES,
  hashApiKey,
  loadKeysFile,
  type ApiKey,
  type RateLimit,
  type Scope,
} from './auth/api-keys.js';

/** API key the local stack uses when GATEWAY_API_KEY is not set; the gateway warns at boot when it is in use. */
export const DEV_API_KEY = 'newsflow-local-dev-key';

/** Stages whose /health and /metrics the gateway reads (from the topology). */
export const PIPELINE_SERVICES = STAGE_NAMES;
export type PipelineService = StageName;

/**
 * Index alias of the articles under a prefix. The index service must derive it the same way
 * (`test-x` -> `test-x.news-articles`, no prefix -> `news-articles`).
 */
export function aliasFor(prefix: string): string {
  return articlesAliasFor(prefix);
}

/** Consumer group of a pipeline stage under a prefix (`newsflow-fetch`, `test-x.newsflow-fetch`). */
export function consumerGroupFor(prefix: string, service: PipelineService): string {
  return prefixed(prefix, STAGES[service].group);
}

/** BullMQ queue of the fetch stage's URL jobs under a prefix. */
export function fetchQueueFor(prefix: string): string {
  return prefixed(prefix, FETCH_URL_QUEUE);
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Inline API keys: `name:sha256:scopes[:rate[:burst]]` entries separated by commas, scopes joined with `+`
 * (`reader:9f86…:read:20:40,ops:2c26…:read+ingest+admin`). Only hashes: the secrets never sit in the environment.
 */
const inlineKeys = z
  .string()
  .default('')
  .transform((s, ctx): ApiKey[] => {
    const out: ApiKey[] = [];
    for (const entry of s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const [name, hash, scopes, rate, burst, ...rest] = entry.split(':');
      const scopeList = (scopes ?? '').split('+').filter(Boolean);
      const r = rate === undefined || rate === '' ? DEFAULT_RATE_LIMIT.rate : Number(rate);
      const b = burst === undefined || burst === '' ? DEFAULT_RATE_LIMIT.burst : Number(burst);
      if (
        !name ||
        !/^[0-9a-f]{64}$/i.test(hash ?? '') ||
        scopeList.length === 0 ||
        !scopeList.every((x) => (SCOPES as readonly string[]).includes(x)) ||
        !(r > 0) ||
        !(Number.isInteger(b) && b > 0) ||
        rest.length > 0
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expected name:sha256:scope+scope[:rate[:burst]] with scopes ${SCOPES.join('/')}, got "${name ?? ''}:…"`,
        });
        continue;
      }
      out.push({
        name,
        sha256: Buffer.from((hash ?? '').toLowerCase(), 'hex'),
        scopes: [...new Set(scopeList as Scope[])],
        limit: { rate: r, burst: b },
      });
    }
    return out;
  });

export const gatewayEnvSchema = commonEnvSchema.extend({
  GATEWAY_PORT: port.default(3000),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_API_KEY: z.string().min(8, 'use at least 8 characters').default(DEV_API_KEY),
  /** Rate limit of the GATEWAY_API_KEY key (requests/s and burst). */
  GATEWAY_API_KEY_RATE: z.coerce.number().positive().default(DEFAULT_RATE_LIMIT.rate),
  GATEWAY_API_KEY_BURST: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMIT.burst),
  /** YAML/JSON file of hashed API keys with scopes and limits (see README, "Keys and quotas"). */
  GATEWAY_API_KEYS_FILE: z.string().optional(),
  GATEWAY_API_KEYS: inlineKeys,
  /** Requests without a key may read. Default: true when no keys file or inline keys are configured (local stack). */
  GATEWAY_ANONYMOUS_READ: bool.optional(),
  GATEWAY_ANONYMOUS_RATE: z.coerce.number().positive().default(DEFAULT_RATE_LIMIT.rate),
  GATEWAY_ANONYMOUS_BURST: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMIT.burst),
  /** CORS: empty = off, `*` = any origin, or a comma-separated list of origins. */
  GATEWAY_CORS_ORIGINS: z.string().default(''),
  /** Percolate newly indexed articles for live saved searches (consumer of news.indexed.v1) in this process. */
  GATEWAY_SUBSCRIPTIONS_CONSUMER: bool.default('true'),
  /** Key the per-subscription webhook secrets are derived from (default: derived from GATEWAY_API_KEY). */
  GATEWAY_WEBHOOK_SIGNING_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  GATEWAY_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  GATEWAY_WEBHOOK_BACKOFF_MS: z.coerce.number().int().positive().default(1000),
  GATEWAY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /**
   * A gateway driving a reindex renews the job's heartbeat every third of this; once the heartbeat is older, the
   * owner counts as dead and another gateway (or the restarted one) takes the job over.
   */
  GATEWAY_REINDEX_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Copy throttle of a reindex in documents per second, so ingest and search keep their share (default: none). */
  GATEWAY_REINDEX_REQUESTS_PER_SECOND: z.coerce.number().positive().optional(),
  GATEWAY_INGEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** How long an ingest request waits for the Kafka acknowledgement before answering 503. */
  GATEWAY_KAFKA_SEND_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Per-request timeout towards OpenSearch; a slow or dead cluster then turns into a 503, not a hung request. */
  GATEWAY_OPENSEARCH_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** How long /v1/stats waits for each part (a stage's /metrics, lag, counts) before reporting it unavailable. */
  GATEWAY_STATS_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  /** Base URL (host:port) of each stage's /health and /metrics, as `fetch=http://127.0.0.1:3001,...`; missing stages use the defaults. */
  GATEWAY_STAGE_URLS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const out: Partial<Record<PipelineService, string>> = {};
      for (const part of s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)) {
        const [name, url] = part.split('=', 2) as [string, string | undefined];
        if (
          !(PIPELINE_SERVICES as readonly string[]).includes(name) ||
          !url ||
          !/^https?:\/\/[^/\s]+$/.test(url)
        ) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `expected stage=http://host:port entries, got "${part}"`,
          });
          continue;
        }
        out[name as PipelineService] = url;
      }
      return out;
    }),
});

/** The gateway's validated configuration, read once at boot. */
export interface GatewayConfig {
  port: number;
  host: string;
  apiKey: string;
  /** True when the API key is the well-known local default (fine for the local stack, never for a deployment). */
  apiKeyIsDevDefault: boolean;
  /** Every accepted key (hashes only): GATEWAY_API_KEY with all scopes, then the keys file and GATEWAY_API_KEYS. */
  apiKeys: ApiKey[];
  anonymousRead: boolean;
  anonymousLimit: RateLimit;
  /** Allowed CORS origins; `['*']` for any, [] for CORS off. */
  corsOrigins: string[];
  ingestMaxBytes: number;
  kafkaSendTimeoutMs: number;
  opensearchTimeoutMs: number;
  statsTimeoutMs: number;
  kafkaBrokers: string[];
  opensearchUrl: string;
  redisUrl: string;
  logLevel: string;
  prefix: string;
  articlesAlias: string;
  /** Physical name of the ingest topic under the prefix. */
  ingestTopic: string;
  subscriptions: {
    consumer: boolean;
    index: string;
    indexedTopic: string;
    group: string;
    streamKeyPrefix: string;
    webhookQueue: string;
    signingKey: string;
    webhookAttempts: number;
    webhookBackoffMs: number;
    webhookTimeoutMs: number;
  };
  reindex: {
    /** System index of the reindex job state documents, shared by every gateway instance. */
    jobsIndex: string;
    leaseMs: number;
    requestsPerSecond?: number;
  };
  /** Base URL of each pipeline stage's HTTP port (for the dashboard). */
  stageUrls: Record<PipelineService, string>;
}

/** Parses the environment once; throws one error naming every bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = loadConfig(gatewayEnvSchema, env);
  const fileKeys = e.GATEWAY_API_KEYS_FILE ? loadKeysFile(e.GATEWAY_API_KEYS_FILE) : [];
  const apiKeys: ApiKey[] = [
    {
      name: 'default',
      sha256: Buffer.from(hashApiKey(e.GATEWAY_API_KEY), 'hex'),
      scopes: [...SCOPES],
      limit: { rate: e.GATEWAY_API_KEY_RATE, burst: e.GATEWAY_API_KEY_BURST },
    },
    ...fileKeys,
    ...e.GATEWAY_API_KEYS,
  ];
  const stageUrls = Object.fromEntries(
    PIPELINE_SERVICES.map((s) => [s, e.GATEWAY_STAGE_URLS[s] ?? `http://127.0.0.1:${STAGES[s].port}`]),
  ) as Record<PipelineService, string>;
  return {
    port: e.GATEWAY_PORT,
    host: e.GATEWAY_HOST,
    apiKey: e.GATEWAY_API_KEY,
    apiKeyIsDevDefault: e.GATEWAY_API_KEY === DEV_API_KEY,
    apiKeys,
    anonymousRead:
      e.GATEWAY_ANONYMOUS_READ ?? (e.GATEWAY_API_KEYS_FILE === undefined && e.GATEWAY_API_KEYS.length === 0),
    anonymousLimit: { rate: e.GATEWAY_ANONYMOUS_RATE, burst: e.GATEWAY_ANONYMOUS_BURST },
    corsOrigins: e.GATEWAY_CORS_ORIGINS.split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    ingestMaxBytes: e.GATEWAY_INGEST_MAX_BYTES,
    kafkaSendTimeoutMs: e.GATEWAY_KAFKA_SEND_TIMEOUT_MS,
    opensearchTimeoutMs: e.GATEWAY_OPENSEARCH_TIMEOUT_MS,
    statsTimeoutMs: e.GATEWAY_STATS_TIMEOUT_MS,
    kafkaBrokers: e.KAFKA_BROKERS,
    opensearchUrl: e.OPENSEARCH_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    prefix: e.NEWSFLOW_PREFIX,
    articlesAlias: aliasFor(e.NEWSFLOW_PREFIX),
    ingestTopic: physicalTopic(e.NEWSFLOW_PREFIX, INGEST_TOPIC),
    subscriptions: {
      consumer: e.GATEWAY_SUBSCRIPTIONS_CONSUMER,
      index: subscriptionsIndexFor(e.NEWSFLOW_PREFIX),
      indexedTopic: physicalTopic(e.NEWSFLOW_PREFIX, INDEXED_TOPIC),
      group: prefixed(e.NEWSFLOW_PREFIX, SUBSCRIPTIONS_GROUP),
      streamKeyPrefix: prefixed(e.NEWSFLOW_PREFIX, SUBSCRIPTION_STREAM_KEY),
      webhookQueue: prefixed(e.NEWSFLOW_PREFIX, WEBHOOK_QUEUE),
      signingKey: e.GATEWAY_WEBHOOK_SIGNING_KEY ?? `webhook-signing:${hashApiKey(e.GATEWAY_API_KEY)}`,
      webhookAttempts: e.GATEWAY_WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.GATEWAY_WEBHOOK_BACKOFF_MS,
      webhookTimeoutMs: e.GATEWAY_WEBHOOK_TIMEOUT_MS,
    },
    reindex: {
      jobsIndex: adminJobsIndexFor(e.NEWSFLOW_PREFIX),
      leaseMs: e.GATEWAY_REINDEX_LEASE_MS,
      requestsPerSecond: e.GATEWAY_REINDEX_REQUESTS_PER_SECOND,
    },
    stageUrls,
  };
}
