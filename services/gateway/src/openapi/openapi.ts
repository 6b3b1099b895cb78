import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIObject } from '@nestjs/swagger';
import { apiRegistry } from './routes.js';

/**
 * The gateway's OpenAPI document, generated from the zod schemas of {@link API_ROUTES} alone (request parameters,
 * bodies and answers): nothing is written twice, so the document cannot drift from what the handlers validate.
 */
export function buildOpenApiDocument(): OpenAPIObject {
  const generator = new OpenApiGeneratorV3(apiRegistry().definitions);
  return generator.generateDocument({
    openapi: '3.0.0',
    info: {
      title: 'newsflow gateway',
      description:
        'Search, read and ingest news articles; live saved searches; health and metrics of the pipeline. Errors are ' +
        'RFC 7807 problem JSON. Keys go in the `x-api-key` header (scopes read, ingest, admin).',
      version: '0.1.0',
    },
  }) as unknown as OpenAPIObject;
}
