import { z } from 'zod';
import { STAGE_STATUSES } from '@newsflow/observability';
import { STAGE_NAMES } from '@newsflow/contracts';
import { articleHitSchema } from '@newsflow/search';
import type { PipelineHealthReport } from '../health/pipeline-health.js';
import type { PipelineStats } from '../stats/stats.handler.js';

/**
 * Zod schemas of the gateway's own answers (the search answers live in libs/search): the handlers' types are
 * inferred from them or checked against them at compile time, and the OpenAPI document is generated from them.
 */

const strings = z.array(z.string());
const hexId = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'expected 32 lower-case hex characters')
    .describe(`${what} id: 32 lower-case hex characters`);

/** Path parameters `{id}` of the article, story and subscription routes. */
export const articleIdParams = z.object({ id: hexId('article') });
export const storyIdParams = z.object({ id: hexId('story') });
export const subscriptionIdParams = z.object({ id: hexId('subscription') });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable machine-readable code'),
    errors: z
      .array(
        z.object({
          field: z.string(),
          message: z.string(),
          position: z
            .number()
            .int()
            .optional()
            .describe('0-based offset of a query syntax error in the value'),
        }),
      )
      .optional()
      .describe('one entry per bad field (validation problems only)'),
    traceId: z.string().optional(),
  })
  .describe('RFC 7807-style problem body of every error answer.');

export const storyResponseSchema = z.object({
  id: z.string(),
  total: z.number().int().describe('articles of the story, exact duplicates included'),
  sources: strings.describe("distinct sources of the story's articles"),
  articles: z.array(articleHitSchema).describe('oldest first; an exact duplicate carries `duplicateOf`'),
});
export type StoryResponse = z.infer<typeof storyResponseSchema>;

const countedValue = z.object({ value: z.string(), count: z.number().int() });
export const suggestResponseSchema = z.object({
  prefix: z.string(),
  entities: z.array(countedValue),
  sources: z.array(countedValue),
  titles: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type SuggestResponse = z.infer<typeof suggestResponseSchema>;

export const similarResponseSchema = z.object({ id: z.string(), hits: z.array(articleHitSchema) });
export type SimilarResponse = z.infer<typeof similarResponseSchema>;

/** The stored article document; only the fields every article has are listed, the rest pass through. */
export const articleSchema = z
  .object({
    id: z.string(),
    dumpId: z.string().optional(),
    title: z.string(),
    body: z.string(),
    summary: z.string().optional(),
    source: z.string().optional(),
    url: z.string().optional(),
    author: z.string().optional(),
    publishedAt: z.string().optional(),
    language: z.string().optional(),
    topic: z.string().optional(),
    topicTags: strings.optional(),
    countries: strings.optional(),
    people: strings.optional(),
    places: strings.optional(),
    organisations: strings.optional(),
    keywords: strings.optional(),
    sentimentScore: z.number().optional(),
    sentimentLabel: z.string().optional(),
    indexedAt: z.string().optional(),
  })
  .passthrough()
  .describe(
    'the stored article document (body, summary, entities by type, keywords, sentiment, pipeline timestamps)',
  );
export type Article = z.infer<typeof articleSchema>;

export const ingestAcceptedSchema = z.object({
  dumpId: z.string().describe('Kafka key of the produced message'),
  traceId: z.string(),
  bytes: z.number().int().describe('size of the produced message value'),
});
export type IngestAccepted = z.infer<typeof ingestAcceptedSchema>;

const filtersSchema = z.record(strings);
export const subscriptionSchema = z.object({
  id: z.string(),
  q: z.string().describe('the saved query'),
  filters: filtersSchema,
  webhook: z.string().optional(),
  createdAt: z.string(),
});
export type StoredSubscription = z.infer<typeof subscriptionSchema>;

export const subscriptionCreatedSchema = z.object({
  id: z.string(),
  query: z.string(),
  filters: filtersSchema,
  webhook: z.string().optional(),
  webhookSecret: z.string().optional().describe('HMAC-SHA256 key of the webhook signatures; shown once'),
  stream: z.string().describe('path of the SSE stream'),
  createdAt: z.string(),
});
export type SubscriptionCreated = z.infer<typeof subscriptionCreatedSchema>;

const nullableNumber = z.number().nullable();
export const pipelineStatsSchema = z.object({
  generatedAt: z.string(),
  articlesIndexed: z.number().int().nullable().describe('null when OpenSearch does not answer'),
  opensearch: z.object({ ok: z.boolean(), status: z.string().nullable(), error: z.string().optional() }),
  stages: z.array(
    z.object({
      name: z.enum(STAGE_NAMES as unknown as [string, ...string[]]),
      url: z.string(),
      up: z.boolean(),
      status: z.enum(STAGE_STATUSES as unknown as [string, ...string[]]),
      reason: z.string().optional(),
      error: z.string().optional(),
      consumer: z.record(z.unknown()).optional(),
      messagesIn: nullableNumber,
      messagesOut: nullableNumber,
      failed: nullableNumber,
      deadLetters: nullableNumber,
      retries: nullableNumber,
      endToEndP50Seconds: nullableNumber.describe('ingest-to-stage latency p50 from the stage histogram'),
      endToEndP99Seconds: nullableNumber,
      endToEndBuckets: z.array(z.object({ le: z.number(), count: z.number() })),
      deadLettersByCode: z.record(z.number()),
    }),
  ),
  consumerLag: z.array(
    z.object({
      stage: z.string(),
      group: z.string(),
      topic: z.string(),
      total: z.number().int(),
      error: z.string().optional(),
      partitions: z.array(
        z.object({ partition: z.number().int(), committed: z.number(), end: z.number(), lag: z.number() }),
      ),
    }),
  ),
  queues: z
    .array(
      z.object({
        name: z.string(),
        ok: z.boolean(),
        error: z.string().optional(),
        counts: z.record(z.number().int()).optional(),
      }),
    )
    .describe("BullMQ queues (the fetch stage's URL jobs) with job counts per state"),
});

const serverCheck = z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() });

/** GET /health: the whole pipeline, each stage's own verdict and the servers. */
export const healthReportSchema = z.object({
  status: z.enum(['up', 'degraded']),
  checkedAt: z.string(),
  unhealthy: z
    .array(z.object({ part: z.string(), status: z.string(), reason: z.string() }))
    .describe('each part that is not up, with the reason'),
  stages: z.array(
    z.object({
      stage: z.enum(STAGE_NAMES as unknown as [string, ...string[]]),
      url: z.string(),
      status: z.enum(STAGE_STATUSES as unknown as [string, ...string[]]),
      reason: z.string().optional(),
      reachable: z.boolean(),
      consumer: z.record(z.unknown()).optional(),
      checks: z
        .record(z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number().optional() }))
        .optional(),
    }),
  ),
  servers: z.array(
    z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional(), ms: z.number() }),
  ),
  checks: z.record(serverCheck),
});

/** GET /ready: the gateway itself (up when it reaches Kafka, OpenSearch and Redis). */
export const readinessSchema = z.object({
  service: z.literal('gateway'),
  status: z.enum(['up', 'blocked']),
  reason: z.string().optional(),
  checks: z.record(serverCheck),
});

/** GET /live: the process serves HTTP. */
export const livenessSchema = z.object({ service: z.literal('gateway'), status: z.literal('up') });

/** A `text/…` answer (Prometheus text, the dashboard page, the SSE stream). */
export const textSchema = z.string();

/** The ingest body: any bytes (HTML, RSS/Atom, JSON, NDJSON, WARC, gzip, ...). */
export const dumpBodySchema = z.string().describe('the dump, any format, as raw bytes');

/**
 * Compile-time proof that what the handlers return fits the documented schemas where the handler type is not
 * inferred from the schema itself (the pipeline figures and the health report come from other libraries).
 */
type Fits<T, S extends z.ZodTypeAny> = [T] extends [z.input<S>] ? true : false;
export const HANDLER_TYPES_FIT: {
  stats: Fits<PipelineStats, typeof pipelineStatsSchema>;
  health: Fits<PipelineHealthReport, typeof healthReportSchema>;
} = { stats: true, health: true };
