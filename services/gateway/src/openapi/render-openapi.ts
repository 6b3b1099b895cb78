import { buildOpenApiDocument } from './openapi.js';

/**
 * The OpenAPI document as checked in (services/gateway/openapi.json): generated from the zod route table, as
 * 2-space JSON. No app is built and nothing connects.
 */
export function renderOpenApi(): Promise<string> {
  return Promise.resolve(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
}
