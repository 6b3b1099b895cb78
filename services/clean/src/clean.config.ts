import { STAGES } from '@newsflow/contracts';
import { delimiter } from 'node:path';
import { z } from 'zod';
import { commonEnvSchema, loadConfig } from '@newsflow/messaging';

const schema = commonEnvSchema.extend({
  CLEAN_PORT: z.coerce.number().int().min(1).max(65535).default(STAGES.clean.port),
  CLEAN_HOST: z.string().default('127.0.0.1'),
  CLEAN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** Raw documents of one chunk cleaned at once (the duplicate look-ups wait on Redis). */
  CLEAN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Extra boilerplate rule files, merged after the built-in ones: a path list (`:`-separated), as for the CLI. */
  NEWSFLOW_EXTRACT_RULES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(delimiter)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  /**
   * Beyond these sizes a text is not an article and is dead-lettered (see TextLimits in clean-document.handler.ts):
   * body characters of one article, title characters, and characters of one line of a plain-text document.
   */
  CLEAN_MAX_ARTICLE_CHARS: z.coerce.number().int().min(1000).default(200_000),
  CLEAN_MAX_TITLE_CHARS: z.coerce.number().int().min(50).default(500),
  CLEAN_MAX_LINE_CHARS: z.coerce.number().int().min(1000).default(50_000),
  /**
   * Listing pages as sources of links (see ListingLinkOptions in clean-document.handler.ts): article links sent back to
   * fetch per listing page, and the link depth below which a listing is expanded (0: never; 1: only listings that a
   * dump holds or names, not those reached through a link).
   */
  CLEAN_LISTING_MAX_LINKS: z.coerce.number().int().min(1).max(1000).default(50),
  CLEAN_LISTING_MAX_DEPTH: z.coerce.number().int().min(0).max(5).default(1),
  /**
   * `fast`: raw documents and clean articles are validated by the checks compiled from their schemas, zod deciding
   * only what those do not accept; `zod`: zod only (A/B). Same messages either way (see CleanValidation).
   */
  CLEAN_VALIDATION: z.enum(['fast', 'zod']).default('fast'),
  /** How long content hashes and story fingerprints are remembered for duplicate detection. */
  CLEAN_DEDUP_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
});

export type CleanConfig = ReturnType<typeof loadCleanConfig>;

export function loadCleanConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = loadConfig(schema, env);
  return c;
}
