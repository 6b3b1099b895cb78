import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/auth.middleware.js';
import { COMPONENT_SCHEMAS, ref } from './openapi.schema.js';
import { zodComponents } from './zod-components.js';

/**
 * The gateway's OpenAPI document: generated from the controllers' decorators, plus the shared component schemas
 * and the answers of /health and /metrics (their controllers live in libs/observability, which knows nothing of swagger).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('newsflow gateway')
    .setDescription(
      'Search, read and ingest news articles; health and metrics of the pipeline. Errors are RFC 7807 problem JSON.',
    )
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'api-key')
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ...COMPONENT_SCHEMAS, ...zodComponents() },
  };
  const health = doc.paths['/health']?.get;
  if (health) {
    health.tags = ['operations'];
    health.summary = 'Readiness of Kafka, OpenSearch and Redis';
    health.responses = {
      '200': {
        description: 'Every dependency answered',
        content: { 'application/json': { schema: ref('HealthReport') } },
      },
      '503': {
        description: 'At least one dependency failed',
        content: { 'application/json': { schema: ref('HealthReport') } },
      },
    };
  }
  const metrics = doc.paths['/metrics']?.get;
  if (metrics) {
    metrics.tags = ['operations'];
    metrics.summary = 'Prometheus metrics (text exposition format)';
    metrics.responses = {
      '200': { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } },
    };
  }
  // Parameter order depends on decorator metadata (present under tsc, absent under esbuild): sort it so the
  // document is the same however the sources were compiled.
  const rank: Record<string, number> = { path: 0, query: 1, header: 2, cookie: 3 };
  for (const item of Object.values(doc.paths)) {
    for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
      op?.parameters?.sort((a, b) => {
        if ('$ref' in a || '$ref' in b) return 0;
        return (rank[a.in] ?? 9) - (rank[b.in] ?? 9) || a.name.localeCompare(b.name);
      });
    }
  }
  return doc;
}
