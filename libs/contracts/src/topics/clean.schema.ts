import { z } from 'zod';
import { dumpIdSchema, hexId, isoDateTime } from './common.schema.js';

export const CLEAN_TOPIC = 'news.articles.clean.v1';

export const cleanArticleSchema = z.object({
  schemaVersion: z.literal(1),
  id: hexId,
  dumpId: dumpIdSchema,
  title: z.string().min(1),
  body: z.string().min(1),
  source: z.string().optional(),
  url: z.string().optional(),
  author: z.string().optional(),
  publishedAt: isoDateTime.optional(),
  language: z.string().min(2).max(3).optional(),
  leadImageUrl: z.string().optional(),
  /** Kind of HTML page the article came from (absent for text dumps and feeds); only `article` is a news article. */
  pageType: z
    .enum(['article', 'listing', 'collection', 'product', 'forum', 'documentation', 'service'])
    .optional(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  simhash: z.string().regex(/^[0-9a-f]{16}$/),
  /** Articles whose simhash is within the near-duplicate distance share a story id. */
  storyId: z.string().min(1),
  /** Set when an earlier article with the same content hash was seen: the id of that article. */
  duplicateOf: hexId.optional(),
  receivedAt: isoDateTime,
  cleanedAt: isoDateTime,
});
export type CleanArticle = z.infer<typeof cleanArticleSchema>;
