import { z } from 'zod';

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(200)).max(20));

const isoOrDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      message: 'expected an ISO 8601 date or date-time',
    },
  );

/** Query parameters of GET /v1/search, validated; unknown parameters are rejected so typos are not silently ignored. */
export const searchParamsSchema = z
  .object({
    q: z.string().max(1000).optional(),
    source: csv.optional(),
    topic: csv.optional(),
    tag: csv.optional(),
    entity: csv.optional(),
    country: csv
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[A-Za-z]{2}$/, 'expected ISO 3166-1 alpha-2 codes')
            .transform((c) => c.toUpperCase()),
        ),
      )
      .optional(),
    language: csv.optional(),
    dumpId: z.string().max(128).optional(),
    from: isoOrDate.optional(),
    to: isoOrDate.optional(),
    sort: z.enum(['relevance', 'time']).default('relevance'),
    size: z.coerce.number().int().min(1).max(100).default(10),
    cursor: z.string().max(2000).optional(),
    facets: z
      .union([z.literal('true'), z.literal('false'), z.boolean()])
      .transform((v) => v === true || v === 'true')
      .default('true'),
  })
  .strict()
  .refine((p) => !p.from || !p.to || Date.parse(p.from) <= Date.parse(p.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

export type SearchParams = z.infer<typeof searchParamsSchema>;

export const FACET_FIELDS = {
  source: 'source',
  topic: 'topic',
  tag: 'topicTags',
  country: 'countries',
  language: 'language',
  person: 'people',
  place: 'places',
  organisation: 'organisations',
} as const;

/** Opaque cursor: the sort values of the last hit, base64url JSON. */
export function encodeCursor(sortValues: unknown[]): string {
  return Buffer.from(JSON.stringify(sortValues), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.every((x) => ['string', 'number'].includes(typeof x)) ? v : undefined;
  } catch {
    return undefined;
  }
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
}

/**
 * OpenSearch request body for a search. User text goes through simple_query_string (never raw Lucene syntax),
 * filters are exact keyword terms, facets are terms aggregations, and pagination uses search_after.
 */
export function buildSearchBody(p: SearchParams): Record<string, unknown> {
  const filter: unknown[] = [];
  const terms = (field: string, values: string[] | undefined) => {
    if (values && values.length) filter.push({ terms: { [field]: values } });
  };
  terms('source', p.source);
  terms('topic', p.topic);
  terms('topicTags', p.tag);
  terms('entityNames', p.entity);
  terms('countries', p.country);
  terms('language', p.language);
  if (p.dumpId) filter.push({ term: { dumpId: p.dumpId } });
  if (p.from || p.to)
    filter.push({
      range: { publishedAt: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lte: p.to } : {}) } },
    });

  const q = p.q?.trim();
  const must = q
    ? [
        {
          simple_query_string: {
            query: q,
            fields: ['title^3', 'summary^1.5', 'body', 'source.text', 'author.text'],
            default_operator: 'and',
            flags: 'AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE',
            lenient: true,
          },
        },
      ]
    : [{ match_all: {} }];

  const sort =
    p.sort === 'time' || !q
      ? [{ publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }]
      : [{ _score: 'desc' }, { publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }];

  const body: Record<string, unknown> = {
    size: p.size,
    track_total_hits: true,
    query: { bool: { must, filter } },
    sort,
    _source: { excludes: ['entities', 'keywordWeights', 'topicScores'] },
    highlight: q
      ? {
          pre_tags: ['<mark>'],
          post_tags: ['</mark>'],
          encoder: 'html',
          fields: { title: { number_of_fragments: 0 }, body: { fragment_size: 160, number_of_fragments: 3 } },
        }
      : undefined,
  };
  if (p.cursor) {
    const after = decodeCursor(p.cursor);
    if (!after) throw new InvalidCursorError('cursor is not one this API returned');
    body.search_after = after;
  }
  if (p.facets) {
    body.aggs = Object.fromEntries(
      Object.entries(FACET_FIELDS).map(([name, field]) => [name, { terms: { field, size: 10 } }]),
    );
  }
  if (!body.highlight) delete body.highlight;
  return body;
}

/** more_like_this body for GET /v1/articles/:id/similar: same story first, then shared text and entities. */
export function buildSimilarBody(index: string, id: string, size: number): Record<string, unknown> {
  return {
    size,
    query: {
      bool: {
        must_not: [{ ids: { values: [id] } }],
        should: [
          {
            more_like_this: {
              fields: ['title', 'body'],
              like: [{ _index: index, _id: id }],
              min_term_freq: 1,
              min_doc_freq: 1,
              max_query_terms: 40,
              minimum_should_match: '20%',
            },
          },
          {
            more_like_this: {
              fields: ['entityNames', 'topicTags'],
              like: [{ _index: index, _id: id }],
              min_term_freq: 1,
              min_doc_freq: 1,
              boost: 0.5,
            },
          },
        ],
        minimum_should_match: 1,
      },
    },
    _source: { excludes: ['entities', 'keywordWeights', 'topicScores', 'body'] },
  };
}
