import { z } from 'zod';
import { SUBSCRIPTIONS_INDEX, prefixed } from '@newsflow/contracts';
import { articleMappings, articleSettings } from './index-template.js';
import { QuerySyntaxError, parseQuery, queryNodeToOpenSearch } from './query-syntax.js';
import { NOT_A_DUPLICATE, buildFilters } from './search-query.js';

/** The percolator index of saved searches under a prefix (`news-subscriptions`, `test-x.news-subscriptions`). */
export function subscriptionsIndexFor(prefix: string): string {
  return prefixed(prefix, SUBSCRIPTIONS_INDEX);
}

const list = z.array(z.string().min(1).max(200)).max(20);

/** Body of POST /v1/subscriptions: the same query syntax as `q`, the same filters as the search parameters. */
export const subscriptionRequestSchema = z
  .object({
    query: z.string().max(1000).default(''),
    filters: z
      .object({
        source: list.optional(),
        topic: list.optional(),
        tag: list.optional(),
        iptc: list.optional(),
        pageType: list.optional(),
        entity: list.optional(),
        country: z
          .array(
            z
              .string()
              .regex(/^[A-Za-z]{2}$/, 'expected ISO 3166-1 alpha-2 codes')
              .transform((c) => c.toUpperCase()),
          )
          .max(20)
          .optional(),
        language: list.optional(),
      })
      .strict()
      .default({}),
    webhook: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'expected an http or https URL')
      .optional(),
  })
  .strict()
  .refine((s) => s.query.trim() !== '' || Object.values(s.filters).some((v) => v && v.length > 0), {
    message: 'a saved search needs a query or at least one filter',
    path: ['query'],
  });
export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;

/**
 * The stored percolator query of a saved search: the parsed query, the filters, and never an exact duplicate.
 * Throws {@link QuerySyntaxError} for a malformed query.
 */
export function buildPercolatorQuery(s: SubscriptionRequest): Record<string, unknown> {
  const node = parseQuery(s.query);
  return {
    bool: {
      must: [node ? queryNodeToOpenSearch(node) : { match_all: {} }],
      filter: buildFilters(s.filters),
      must_not: [NOT_A_DUPLICATE],
    },
  };
}

export { QuerySyntaxError };

/**
 * Mapping of the percolator index: the article fields (a stored query is parsed against them, so they must be
 * mapped alike) plus the saved search itself.
 */
export function subscriptionsIndexBody(): Record<string, unknown> {
  return {
    settings: { ...articleSettings, refresh_interval: '1s' },
    mappings: {
      dynamic: 'strict',
      properties: {
        ...articleMappings.properties,
        // Fields added to the article documents by the enrichment (keyword), mapped here so queries on them parse.
        iptcCodes: { type: 'keyword' },
        iptcLabels: { type: 'keyword' },
        pageType: { type: 'keyword' },
        query: { type: 'percolator' },
        subscription: {
          properties: {
            id: { type: 'keyword' },
            q: { type: 'keyword', index: false },
            filters: { type: 'object', enabled: false },
            webhook: { type: 'keyword', index: false },
            createdAt: { type: 'date' },
          },
        },
      },
    },
  };
}
