import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ref } from './openapi.schema.js';

type ProblemStatus = 400 | 401 | 403 | 404 | 413 | 429 | 503;

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid parameter; `errors` names each bad field (and the position of a query syntax error)',
  401: 'Missing or wrong API key',
  403: 'The API key lacks the scope this route needs',
  404: 'Not found',
  413: 'Body larger than the ingest limit',
  429: 'Rate limit exceeded; `Retry-After` says when to retry, `RateLimit-*` headers show the budget',
  503: 'A backing system (OpenSearch or Kafka) is unavailable; retry later',
};

/** Documents the problem-JSON answers of a route for the given statuses. */
export function ProblemResponses(...statuses: ProblemStatus[]): MethodDecorator {
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
