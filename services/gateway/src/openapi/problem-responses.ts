import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ref } from './openapi.schema.js';

const DESCRIPTIONS: Record<400 | 401 | 404 | 413 | 503, string> = {
  400: 'Invalid parameter; `errors` names each bad field',
  401: 'Missing or wrong API key',
  404: 'Not found',
  413: 'Body larger than the ingest limit',
  503: 'A backing system (OpenSearch or Kafka) is unavailable; retry later',
};

/** Documents the problem-JSON answers of a route for the given statuses. */
export function ProblemResponses(...statuses: Array<400 | 401 | 404 | 413 | 503>): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: ref('Problem') } },
      }),
    ),
  );
}
