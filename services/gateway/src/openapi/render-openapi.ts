import pino from 'pino';
import { createGatewayApp, createGatewayDeps } from '../app.js';
import { loadGatewayConfig } from '../gateway.config.js';
import { buildOpenApiDocument } from './openapi.js';

/**
 * The OpenAPI document as checked in (services/gateway/openapi.json): generated from a gateway app that is built
 * but never listens or connects, with the default configuration, as 2-space JSON.
 */
export async function renderOpenApi(): Promise<string> {
  const deps = createGatewayDeps(loadGatewayConfig({}), pino({ level: 'silent' }));
  const app = await createGatewayApp(deps);
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
