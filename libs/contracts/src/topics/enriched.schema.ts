import { z } from 'zod';
import { cleanArticleSchema } from './clean.schema.js';
import { isoDateTime } from './common.schema.js';

export const ENRICHED_TOPIC = 'news.articles.enriched.v1';

export const entitySchema = z.object({
  type: z.enum(['person', 'place', 'organisation']),
  text: z.string(),
  canonical: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
  country: z.string().length(2).optional(),
});

export const enrichmentSchema = z.object({
  topics: z.object({
    primary: z.string(),
    scores: z.record(z.string(), z.number()),
    tags: z.array(z.string()),
    /** IPTC Media Topics top-level codes (`medtop:04000000`) with labels; optional for messages from older enrichers. */
    iptc: z
      .array(
        z.object({
          code: z.string().regex(/^medtop:\d{8}$/),
          label: z.string().min(1),
          score: z.number().min(0).max(1),
        }),
      )
      .optional(),
  }),
  entities: z.array(entitySchema),
  countries: z.array(z.string().length(2)),
  keywords: z.array(z.object({ term: z.string(), weight: z.number() })),
  sentiment: z.object({
    score: z.number().min(-1).max(1),
    label: z.enum(['negative', 'neutral', 'positive']),
  }),
  summary: z.string(),
});

export const enrichedArticleSchema = cleanArticleSchema.extend({
  enrichment: enrichmentSchema,
  enrichedAt: isoDateTime,
});
export type EnrichedArticle = z.infer<typeof enrichedArticleSchema>;
export type Enrichment = z.infer<typeof enrichmentSchema>;
