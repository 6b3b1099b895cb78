import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const SCOPES = ['read', 'ingest', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Requests per second and burst of a key (token bucket: `burst` tokens, refilled at `rate` per second). */
export interface RateLimit {
  rate: number;
  burst: number;
}

/** The local default: 50 requests/s with a burst of 100. */
export const DEFAULT_RATE_LIMIT: RateLimit = { rate: 50, burst: 100 };

/** A configured API key: only the SHA-256 of the secret is kept in memory (and in the keys file). */
export interface ApiKey {
  name: string;
  sha256: Buffer;
  scopes: Scope[];
  limit: RateLimit;
}

/** SHA-256 of a key secret, hex: what a keys file stores (`printf %s "$KEY" | sha256sum`). */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const keyEntrySchema = z
  .object({
    name: z.string().min(1).max(100),
    /** SHA-256 of the secret, 64 hex characters (optionally prefixed `sha256:`). */
    sha256: z
      .string()
      .transform((s) => s.replace(/^sha256:/, '').toLowerCase())
      .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters (sha256 of the key)')),
    scopes: z.array(z.enum(SCOPES)).min(1),
    rate: z.number().positive().max(1_000_000).default(DEFAULT_RATE_LIMIT.rate),
    burst: z.number().int().positive().max(1_000_000).default(DEFAULT_RATE_LIMIT.burst),
  })
  .strict();

/** A keys file (YAML or JSON): `keys: [{name, sha256, scopes: [read, ingest, admin], rate?, burst?}]`. */
export const keysFileSchema = z
  .object({ keys: z.array(keyEntrySchema) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.keys.forEach((k, i) => {
      if (seen.has(k.sha256))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['keys', i, 'sha256'], message: 'duplicate key' });
      seen.add(k.sha256);
    });
  });

/** Parses a keys file's text; throws one error naming every bad entry. */
export function parseKeysFile(text: string, path = 'keys file'): ApiKey[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`${path}: not YAML/JSON (${(err as Error).message})`);
  }
  const r = keysFileSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.keys.map((k) => ({
    name: k.name,
    sha256: Buffer.from(k.sha256, 'hex'),
    scopes: [...new Set(k.scopes)],
    limit: { rate: k.rate, burst: k.burst },
  }));
}

export function loadKeysFile(path: string): ApiKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the API keys file ${path}: ${(err as Error).message}`);
  }
  return parseKeysFile(text, path);
}

/** Looks keys up by the hash of the presented secret (constant-time compare of equal-length digests). */
export class ApiKeyRegistry {
  constructor(private readonly keys: readonly ApiKey[]) {}

  get size(): number {
    return this.keys.length;
  }

  find(secret: string): ApiKey | undefined {
    const digest = createHash('sha256').update(secret, 'utf8').digest();
    let found: ApiKey | undefined;
    // Every entry is compared, so the time taken does not tell which (or whether an) entry matched.
    for (const k of this.keys) if (timingSafeEqual(digest, k.sha256) && !found) found = k;
    return found;
  }
}
