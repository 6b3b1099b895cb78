import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { ZodType } from 'zod';
import { searchParamsSchema, subscriptionRequestSchema, suggestParamsSchema } from '@newsflow/search';
import { AdminHttpController } from '../admin/admin.http-controller.js';
import { similarParamsSchema } from '../articles/articles.handler.js';
import { ArticlesHttpController } from '../articles/articles.http-controller.js';
import { HealthController } from '../health/health.http-controller.js';
import { ingestParamsSchema } from '../ingest/ingest.handler.js';
import { IngestHttpController } from '../ingest/ingest.http-controller.js';
import { SearchHttpController } from '../search/search.http-controller.js';
import {
  DashboardHttpController,
  DeadLettersHttpController,
  StatsHttpController,
} from '../stats/stats.http-controller.js';
import { storyParamsSchema } from '../stories/stories.handler.js';
import { StoriesHttpController } from '../stories/stories.http-controller.js';
import { SubscriptionsHttpController } from '../subscriptions/subscriptions.http-controller.js';
import { SuggestHttpController } from '../suggest/suggest.http-controller.js';
import { MetricsController } from '@newsflow/observability';
import { articleIdParams, storyIdParams, subscriptionIdParams } from './api-schemas.js';
import { renderOpenApi } from './render-openapi.js';
import { API_ROUTES } from './routes.js';

/** Every route the gateway's controllers declare, as `METHOD /path/{param}` (Nest's own routing metadata). */
function declaredRoutes(): string[] {
  const controllers = [
    SearchHttpController,
    SuggestHttpController,
    StoriesHttpController,
    ArticlesHttpController,
    IngestHttpController,
    SubscriptionsHttpController,
    AdminHttpController,
    HealthController,
    MetricsController,
    StatsHttpController,
    DashboardHttpController,
    DeadLettersHttpController,
  ];
  const out: string[] = [];
  for (const c of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, c) ?? '');
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      const handler = (c.prototype as unknown as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`
        .replace(/\/+/g, '/')
        .replace(/\/$/, '')
        .replace(/:(\w+)/g, '{$1}');
      out.push(`${RequestMethod[method]} ${path || '/'}`);
    }
  }
  return out.sort();
}

/** Routes deliberately outside the API document: the dashboard's own data feeds and its replay button. */
const UNDOCUMENTED = [
  'GET /v1/stats/dashboard',
  'GET /v1/dead-letters',
  'POST /v1/dead-letters/{partition}/{offset}/replay',
];

describe('OpenAPI document', () => {
  it('matches the checked-in services/gateway/openapi.json (regenerate with `npx nx run gateway:openapi`)', async () => {
    const generated = await renderOpenApi();
    const checkedIn = readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8');
    expect(JSON.parse(generated)).toEqual(JSON.parse(checkedIn));
  });

  it('documents every route the controllers declare, and no route they do not', () => {
    const documented = API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(documented).toEqual(declaredRoutes().filter((r) => !UNDOCUMENTED.includes(r)));
  });

  it('takes every request and answer shape of every route from a zod schema', () => {
    for (const route of API_ROUTES) {
      const where = `${route.method.toUpperCase()} ${route.path}`;
      for (const part of ['query', 'params', 'headers'] as const) {
        const s = route.request?.[part];
        if (s !== undefined) expect(s, `${where} ${part}`).toBeInstanceOf(ZodType);
      }
      for (const [type, media] of Object.entries(route.request?.body?.content ?? {}))
        expect(media?.schema, `${where} body ${type}`).toBeInstanceOf(ZodType);
      expect(Object.keys(route.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(route.responses))
        for (const [type, media] of Object.entries(response.content ?? {}))
          expect(media?.schema, `${where} ${status} ${type}`).toBeInstanceOf(ZodType);
      // A path parameter is documented only through a schema.
      if (route.path.includes('{')) expect(route.request?.params, `${where} params`).toBeInstanceOf(ZodType);
    }
  });

  it('documents exactly the schemas the handlers validate with', () => {
    const route = (method: string, path: string) => {
      const r = API_ROUTES.find((x) => x.method === method && x.path === path);
      if (!r) throw new Error(`${method} ${path} is not documented`);
      return r;
    };
    expect(route('get', '/v1/search').request?.query).toBe(searchParamsSchema);
    expect(route('get', '/v1/suggest').request?.query).toBe(suggestParamsSchema);
    expect(route('get', '/v1/stories/{id}').request?.query).toBe(storyParamsSchema);
    expect(route('get', '/v1/stories/{id}').request?.params).toBe(storyIdParams);
    expect(route('get', '/v1/articles/{id}').request?.params).toBe(articleIdParams);
    expect(route('get', '/v1/articles/{id}/similar').request?.query).toBe(similarParamsSchema);
    expect(route('post', '/v1/ingest').request?.query).toBe(ingestParamsSchema);
    expect(route('post', '/v1/subscriptions').request?.body?.content['application/json']?.schema).toBe(
      subscriptionRequestSchema,
    );
    expect(route('get', '/v1/subscriptions/{id}').request?.params).toBe(subscriptionIdParams);
  });

  it('documents every route with its problem answers, named component schemas and the key scheme', async () => {
    const doc = JSON.parse(await renderOpenApi()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/v1/search']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '429', '503']),
    );
    expect(Object.keys(doc.paths['/v1/ingest']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '413', '503']),
    );
    expect(Object.keys(doc.paths['/v1/admin/reindex']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '401', '403', '409']),
    );
    expect(doc.paths['/health']?.get?.responses).toHaveProperty('503');
    expect(doc.paths['/v1/search']?.get?.responses['200']).toEqual({
      description: 'One page of hits',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResponse' } } },
    });
    // Every search parameter, with the description written once on its zod field.
    const params = (doc.paths['/v1/search']?.get?.parameters ?? []) as Array<{
      name: string;
      description?: string;
    }>;
    expect(params.map((p) => p.name).sort()).toEqual(
      Object.keys(searchParamsSchema.innerType().shape).sort(),
    );
    expect(params.filter((p) => !p.description)).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Problem',
        'SearchResponse',
        'StoryResponse',
        'SubscriptionRequest',
        'ReindexStatus',
      ]),
    );
    expect(doc.components.securitySchemes['api-key']).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
  });
});
