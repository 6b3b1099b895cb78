import {
  OpenAPIRegistry,
  extendZodWithOpenApi,
  type ResponseConfig,
  type RouteConfig,
  type ZodContentObject,
} from '@asteasolutions/zod-to-openapi';
import {
  searchParamsSchema,
  searchResponseSchema,
  subscriptionRequestSchema,
  suggestParamsSchema,
} from '@newsflow/search';
import { ZodType, z, type ZodTypeAny } from 'zod';
import { droppedVersionsSchema, reindexStatusSchema } from '../admin/reindex.handler.js';
import { similarParamsSchema } from '../articles/articles.handler.js';
import { API_KEY_HEADER } from '../auth/auth.middleware.js';
import { ingestParamsSchema } from '../ingest/ingest.handler.js';
import { storyParamsSchema } from '../stories/stories.handler.js';
import {
  articleIdParams,
  articleSchema,
  dumpBodySchema,
  healthReportSchema,
  ingestAcceptedSchema,
  livenessSchema,
  pipelineStatsSchema,
  problemSchema,
  readinessSchema,
  similarResponseSchema,
  storyIdParams,
  storyResponseSchema,
  subscriptionCreatedSchema,
  subscriptionIdParams,
  subscriptionSchema,
  suggestResponseSchema,
  textSchema,
} from './api-schemas.js';

// Adds .openapi() to zod's prototypes, which the generator reads; nothing else in the gateway relies on it.
extendZodWithOpenApi(z);

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

const PROBLEMS: Record<ProblemStatus, string> = {
  400: 'Invalid parameter; `errors` names each bad field (and the position of a query syntax error)',
  401: 'Missing or wrong API key',
  403: 'The API key lacks the scope this route needs',
  404: 'Not found',
  409: 'Conflicts with work in progress',
  413: 'Body larger than the ingest limit',
  429: 'Rate limit exceeded; `Retry-After` says when to retry, `RateLimit-*` headers show the budget',
  503: 'A backing system (OpenSearch or Kafka) is unavailable; retry later',
};

function problems(...statuses: ProblemStatus[]): Record<string, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: PROBLEMS[s], content: { 'application/problem+json': { schema: problemSchema } } },
    ]),
  );
}

const json = (description: string, schema: ZodTypeAny): ResponseConfig => ({
  description,
  content: { 'application/json': { schema } },
});

/** A route of the document: every answer is described here (no references to hand-written objects). */
export type ApiRoute = Omit<RouteConfig, 'responses'> & { responses: Record<string, ResponseConfig> };

const KEYED = [{ 'api-key': [] }];
const READ = [400, 401, 403, 429, 503] as const;

/**
 * Every documented route of the gateway, with its request and answer shapes as zod schemas: the same schemas the
 * handlers validate with and infer their types from. The OpenAPI document is generated from this list alone.
 * The dashboard's own data feeds (/v1/stats/dashboard, /v1/dead-letters) and the queue board are not part of the API.
 */
export const API_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/search',
    operationId: 'SearchHttpController_search',
    tags: ['search'],
    summary: 'Search articles',
    description:
      'Full-text search with the query syntax people type (quoted phrases, AND, OR, NOT, -term, parentheses, ' +
      'field:value for source, topic, iptc, entity, country, language; see the README), exact filters, facets on ' +
      'request, highlights and cursor pagination. Text searches return one hit per story unless collapse=none; ' +
      'exact duplicates never appear as hits.',
    security: KEYED,
    request: { query: searchParamsSchema },
    responses: { 200: json('One page of hits', searchResponseSchema), ...problems(...READ) },
  },
  {
    method: 'get',
    path: '/v1/suggest',
    operationId: 'SuggestHttpController_suggest',
    tags: ['search'],
    summary: 'Complete a prefix',
    description:
      'Entity names and sources starting with the prefix (case-insensitive), and titles with a word starting with it.',
    security: KEYED,
    request: { query: suggestParamsSchema },
    responses: { 200: json('Completions', suggestResponseSchema), ...problems(...READ) },
  },
  {
    method: 'get',
    path: '/v1/stories/{id}',
    operationId: 'StoriesHttpController_get',
    tags: ['stories'],
    summary: "A story's articles",
    description:
      'Every article of a story (near-duplicate group; the id is its first article), oldest first, exact duplicates included and marked with duplicateOf.',
    security: KEYED,
    request: { params: storyIdParams, query: storyParamsSchema },
    responses: { 200: json('The story', storyResponseSchema), ...problems(...READ, 404) },
  },
  {
    method: 'get',
    path: '/v1/articles/{id}',
    operationId: 'ArticlesHttpController_get',
    tags: ['articles'],
    summary: 'One article with its full text and enrichment',
    security: KEYED,
    request: { params: articleIdParams },
    responses: { 200: json('The article', articleSchema), ...problems(...READ, 404) },
  },
  {
    method: 'get',
    path: '/v1/articles/{id}/similar',
    operationId: 'ArticlesHttpController_similar',
    tags: ['articles'],
    summary: 'Articles similar to this one (more_like_this over text, entities and tags)',
    security: KEYED,
    request: { params: articleIdParams, query: similarParamsSchema },
    responses: {
      200: json('Similar articles, most similar first', similarResponseSchema),
      ...problems(...READ, 404),
    },
  },
  {
    method: 'post',
    path: '/v1/ingest',
    operationId: 'IngestHttpController_ingest',
    tags: ['ingest'],
    summary: 'Ingest one dump',
    description:
      'The body (any format: HTML, RSS/Atom, JSON, NDJSON, WARC, gzip, ...) is produced as one message on the ingest ' +
      'topic, keyed by its dump id. Answers only after Kafka acknowledged it. With `url` and an empty body, the ' +
      'gateway produces a JSON envelope `{url, source?}` and fetch downloads the URL. Needs the `ingest` scope.',
    security: KEYED,
    request: {
      query: ingestParamsSchema,
      body: {
        required: false,
        content: Object.fromEntries(
          ['application/octet-stream', 'text/html', 'application/json', 'application/xml', 'text/plain'].map(
            (t) => [t, { schema: dumpBodySchema }],
          ),
        ),
      },
    },
    responses: { 202: json('Produced to the ingest topic', ingestAcceptedSchema), ...problems(...READ, 413) },
  },
  {
    method: 'post',
    path: '/v1/subscriptions',
    operationId: 'SubscriptionsHttpController_create',
    tags: ['subscriptions'],
    summary: 'Save a live search',
    description:
      'Stores the query (same syntax as `q`) and filters as a percolator query; every newly indexed matching article is ' +
      'pushed to GET /v1/subscriptions/{id}/stream and, with `webhook`, POSTed there (retried, signed with ' +
      '`x-newsflow-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">` using the returned webhookSecret).',
    security: KEYED,
    request: {
      body: { required: true, content: { 'application/json': { schema: subscriptionRequestSchema } } },
    },
    responses: { 201: json('Saved', subscriptionCreatedSchema), ...problems(...READ) },
  },
  {
    method: 'get',
    path: '/v1/subscriptions/{id}',
    operationId: 'SubscriptionsHttpController_get',
    tags: ['subscriptions'],
    summary: 'A saved search',
    security: KEYED,
    request: { params: subscriptionIdParams },
    responses: { 200: json('The saved search', subscriptionSchema), ...problems(...READ, 404) },
  },
  {
    method: 'delete',
    path: '/v1/subscriptions/{id}',
    operationId: 'SubscriptionsHttpController_delete',
    tags: ['subscriptions'],
    summary: 'Delete a saved search and its backlog',
    security: KEYED,
    request: { params: subscriptionIdParams },
    responses: { 204: { description: 'Deleted' }, ...problems(...READ, 404) },
  },
  {
    method: 'get',
    path: '/v1/subscriptions/{id}/stream',
    operationId: 'SubscriptionsHttpController_stream',
    tags: ['subscriptions'],
    summary: 'Matches as Server-Sent Events',
    description:
      'Each newly indexed matching article is an `article` event whose data is JSON {subscriptionId, article, indexedAt, ' +
      'matchedAt} and whose id resumes the stream: reconnect with `Last-Event-ID` to receive what was missed (the last ' +
      '10,000 matches are kept). Without it the stream starts with the next match.',
    security: KEYED,
    request: {
      params: subscriptionIdParams,
      headers: z.object({
        'Last-Event-ID': z.string().optional().describe('id of the last event received'),
      }),
    },
    responses: {
      200: {
        description: 'An endless text/event-stream',
        content: { 'text/event-stream': { schema: textSchema } },
      },
      ...problems(...READ, 404),
    },
  },
  {
    method: 'post',
    path: '/v1/admin/reindex',
    operationId: 'AdminHttpController_reindex',
    tags: ['admin'],
    summary: 'Rebuild the articles into a new index version and switch the alias',
    description:
      'Starts `reindex` in the background: the new version gets the current mapping, writes during the copy are kept, ' +
      'the alias switches atomically and the old version stays until dropped. One reindex at a time across every gateway ' +
      'instance (409 while one runs); the job survives a gateway restart (another instance, or the restarted one, ' +
      'takes it over once its owner stops renewing the lease). Poll GET /v1/admin/reindex. Needs the `admin` scope.',
    security: KEYED,
    responses: { 202: json('Started', reindexStatusSchema), ...problems(401, 403, 409, 429) },
  },
  {
    method: 'get',
    path: '/v1/admin/reindex',
    operationId: 'AdminHttpController_reindexStatus',
    tags: ['admin'],
    summary: 'State of the running or last reindex, whichever gateway instance runs it',
    security: KEYED,
    responses: { 200: json('The state', reindexStatusSchema), ...problems(401, 403, 429) },
  },
  {
    method: 'post',
    path: '/v1/admin/reindex/drop-old',
    operationId: 'AdminHttpController_dropOld',
    tags: ['admin'],
    summary: 'Delete the article index versions no longer behind the alias',
    security: KEYED,
    responses: { 200: json('Dropped', droppedVersionsSchema), ...problems(401, 403, 409, 429, 503) },
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'HealthController_health',
    tags: ['operations'],
    summary: 'Health of the whole pipeline: every stage (its own verdict) and the servers',
    responses: {
      200: json('Every part is up', healthReportSchema),
      503: json('At least one part is not up; `unhealthy` names each with the reason', healthReportSchema),
    },
  },
  {
    method: 'get',
    path: '/ready',
    operationId: 'HealthController_ready',
    tags: ['operations'],
    summary: 'Readiness of the gateway: it reaches Kafka, OpenSearch and Redis',
    responses: {
      200: json('Ready', readinessSchema),
      503: json('A server it needs does not answer', readinessSchema),
    },
  },
  {
    method: 'get',
    path: '/live',
    operationId: 'HealthController_live',
    tags: ['operations'],
    summary: 'Liveness: the process serves HTTP',
    responses: { 200: json('Alive', livenessSchema) },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'MetricsController_metricsText',
    tags: ['operations'],
    summary: 'Prometheus metrics (text exposition format)',
    responses: { 200: { description: 'Prometheus text', content: { 'text/plain': { schema: textSchema } } } },
  },
  {
    method: 'get',
    path: '/v1/stats',
    operationId: 'StatsHttpController_stats',
    tags: ['operations'],
    summary: 'Live pipeline figures: articles indexed, per-stage counters, consumer lag, OpenSearch health',
    responses: {
      200: json(
        'Each part reports on its own; a stage that does not answer has up=false',
        pipelineStatsSchema,
      ),
    },
  },
  {
    method: 'get',
    path: '/dashboard',
    operationId: 'DashboardHttpController_page',
    tags: ['operations'],
    summary: 'Self-contained live dashboard page (polls /v1/stats every 2 s)',
    responses: { 200: { description: 'The page', content: { 'text/html': { schema: textSchema } } } },
  },
];

/** Named component schemas (the typed client gets one type per name). */
export const API_COMPONENTS: Record<string, ZodTypeAny> = {
  Problem: problemSchema,
  SearchParams: searchParamsSchema,
  SearchResponse: searchResponseSchema,
  SuggestParams: suggestParamsSchema,
  SuggestResponse: suggestResponseSchema,
  StoryResponse: storyResponseSchema,
  Article: articleSchema,
  SimilarResponse: similarResponseSchema,
  IngestAccepted: ingestAcceptedSchema,
  SubscriptionRequest: subscriptionRequestSchema,
  Subscription: subscriptionSchema,
  SubscriptionCreated: subscriptionCreatedSchema,
  ReindexStatus: reindexStatusSchema,
  DroppedVersions: droppedVersionsSchema,
  PipelineStats: pipelineStatsSchema,
  HealthReport: healthReportSchema,
};

/** The registry the document is generated from: components, the key scheme and {@link API_ROUTES}. */
export function apiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'api-key', {
    type: 'apiKey',
    in: 'header',
    name: API_KEY_HEADER,
  });
  // A registered schema is referenced ($ref) wherever the route uses the registered instance.
  const named = new Map<ZodTypeAny, ZodTypeAny>();
  for (const [name, schema] of Object.entries(API_COMPONENTS))
    named.set(schema, registry.register(name, schema));
  const ref = <T extends ZodTypeAny | undefined>(s: T): T => (s ? ((named.get(s) ?? s) as T) : s);
  const content = (c: ZodContentObject | undefined): ZodContentObject | undefined =>
    c &&
    Object.fromEntries(
      Object.entries(c).map(([type, m]) => [
        type,
        m && m.schema instanceof ZodType ? { ...m, schema: ref(m.schema as ZodTypeAny) } : m,
      ]),
    );
  for (const route of API_ROUTES) {
    const { request, responses, ...rest } = route;
    registry.registerPath({
      ...rest,
      ...(request
        ? {
            request: {
              ...request,
              ...(request.body
                ? { body: { ...request.body, content: content(request.body.content) ?? {} } }
                : {}),
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(responses).map(([status, r]) => {
          const c = content(r.content);
          return [status, c ? { ...r, content: c } : r];
        }),
      ),
    });
  }
  return registry;
}
