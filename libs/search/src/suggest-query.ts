import { z } from 'zod';
import { NOT_A_DUPLICATE } from './search-query.js';

/** Query parameters of GET /v1/suggest. */
export const suggestParamsSchema = z
  .object({
    prefix: z.string().trim().min(1, 'must not be empty').max(100).describe('1..100 characters'),
    size: z.coerce
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('suggestions per kind, 1..20, default 5'),
  })
  .strict();
export type SuggestParams = z.infer<typeof suggestParamsSchema>;

const REGEX_SPECIAL = /[.?+*|{}[\]()"\\#@&<>~^$]/;

/**
 * A Lucene regular expression matching keyword values that start with `prefix`, ignoring case (`jia` ->
 * `[jJ][iI][aA].*`). Every special character of the user's prefix is escaped: it matches literally.
 */
export function caseInsensitivePrefixRegex(prefix: string): string {
  let out = '';
  for (const ch of prefix) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== up && lo.length === 1 && up.length === 1) out += `[${lo}${up}]`;
    else out += REGEX_SPECIAL.test(ch) ? `\\${ch}` : ch;
  }
  return `${out}.*`;
}

/**
 * One request for completions of a prefix: canonical entity names and sources whose value starts with it
 * (terms aggregations restricted by a case-insensitive include pattern) and article titles with a word starting
 * with it (match_phrase_prefix). Duplicates are left out.
 */
export function buildSuggestBody(p: SuggestParams): Record<string, unknown> {
  const regex = caseInsensitivePrefixRegex(p.prefix);
  const prefixTerm = (field: string) => ({
    prefix: { [field]: { value: p.prefix, case_insensitive: true } },
  });
  const titleMatch = { match_phrase_prefix: { title: { query: p.prefix, max_expansions: 50 } } };
  return {
    size: 0,
    track_total_hits: false,
    query: {
      bool: {
        should: [prefixTerm('entityNames'), prefixTerm('source'), titleMatch],
        minimum_should_match: 1,
        must_not: [NOT_A_DUPLICATE],
      },
    },
    aggs: {
      entities: { terms: { field: 'entityNames', include: regex, size: p.size } },
      sources: { terms: { field: 'source', include: regex, size: p.size } },
      titles: {
        filter: titleMatch,
        aggs: {
          top: {
            top_hits: {
              size: p.size,
              _source: ['id', 'title'],
              sort: [{ _score: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }],
            },
          },
        },
      },
    },
  };
}
