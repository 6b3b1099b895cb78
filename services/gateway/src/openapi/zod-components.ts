import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { SchemaObject } from '@nestjs/swagger';
import { searchParamsSchema, subscriptionRequestSchema, suggestParamsSchema } from '@newsflow/search';
import { z } from 'zod';

// Adds .openapi() to zod's prototypes, which the generator needs; nothing else in the gateway relies on it.
extendZodWithOpenApi(z);

/**
 * Component schemas generated from the zod schemas the gateway validates with, so the document cannot drift from
 * the validation: the saved-search body and the search and suggest parameters.
 */
export function zodComponents(): Record<string, SchemaObject> {
  const registry = new OpenAPIRegistry();
  registry.register('SubscriptionRequest', subscriptionRequestSchema);
  registry.register('SearchParams', searchParamsSchema);
  registry.register('SuggestParams', suggestParamsSchema);
  const generated = new OpenApiGeneratorV3(registry.definitions).generateComponents();
  return (generated.components?.schemas ?? {}) as Record<string, SchemaObject>;
}
