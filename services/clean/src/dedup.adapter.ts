import { Redis } from 'ioredis';
import {
  STORY_JACCARD,
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  minhashBands,
} from '@newsflow/extract';

export interface DedupVerdict {
  /** Id of the first article seen with the same content hash, when it is another article. */
  duplicateOf?: string | undefined;
  /** Story id shared by near-duplicates: the id of the first article of the story. */
  storyId: string;
}

export interface DuplicateStore {
  register(articleId: string, contentHash: string, minhash: Uint32Array): Promise<DedupVerdict>;
}

/**
 * First half of a registration, one round trip: claims the content hash (first writer wins, SET NX) and reads the
 * holder when it was taken; answers the story an article already has (reprocessing is idempotent); else gathers the
 * story heads found under the article's band keys, at most ARGV[4], each with its stored signature.
 * KEYS: hash key, story-of key, then the band keys. ARGV: article id, TTL s, signature key prefix, max candidates.
 * Returns { duplicateOf or '', known story or '', id1, sig1, id2, sig2, ... }.
 */
const LOOKUP_SCRIPT = `
local id, ttl, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local dup = ''
if not redis.call('SET', KEYS[1], id, 'EX', ttl, 'NX') then
  local first = redis.call('GET', KEYS[1])
  if first and first ~= id then dup = first end
end
local known = redis.call('GET', KEYS[2])
if known then return { dup, known } end
local out, seen, n = { dup, '' }, {}, 0
for i = 3, #KEYS do
  for _, m in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    if n < max and m ~= id and not seen[m] then
      seen[m] = true
      n = n + 1
      out[#out + 1] = m
      out[#out + 1] = redis.call('GET', ARGV[3] .. m) or ''
    end
  end
end
return out
`;

/**
 * Second half, atomic: records the article's story; a new story head also stores its signature and joins its band
 * sets (each set's TTL renewed). KEYS: story-of key, signature key, then the band keys. ARGV: story id, TTL s,
 * '1' for a new head, the encoded signature, the article id.
 */
const COMMIT_SCRIPT = `
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
if ARGV[3] == '1' then
  redis.call('SET', KEYS[2], ARGV[4], 'EX', ttl)
  for i = 3, #KEYS do
    redis.call('SADD', KEYS[i], ARGV[5])
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return 1
`;

interface DedupCommands {
  dedupLookup(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<string[]>;
  dedupCommit(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<number>;
}

/** Story heads compared per article at most (the band sets of a very common text can be large). */
const MAX_CANDIDATES = 200;

/**
 * Duplicate memory in Redis, shared by every clean worker. Exact duplicates by content hash (first writer wins,
 * SET NX). Near-duplicates by MinHash LSH: story heads are indexed under their 16 band keys; an article whose
 * bands meet a head with estimated Jaccard >= 0.5 joins that head's story, else it starts its own.
 *
 * Two Lua scripts per article (a look-up, then an atomic commit) instead of ~50 commands: the commands, their
 * replies and their parsing were the clean stage's largest cost after the text work. The Jaccard estimate stays in
 * the client, between the two. Keys other than KEYS are read by the look-up (the candidates' signatures), so the
 * store needs a standalone Redis (or one shard), as it did before.
 */
export class RedisDedupAdapter implements DuplicateStore {
  private readonly commands: Redis & DedupCommands;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {
    redis.defineCommand('dedupLookup', { lua: LOOKUP_SCRIPT });
    redis.defineCommand('dedupCommit', { lua: COMMIT_SCRIPT });
    this.commands = redis as Redis & DedupCommands;
  }

  static connect(url: string, keyPrefix: string, ttlSeconds: number): RedisDedupAdapter {
    return new RedisDedupAdapter(
      new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true }),
      keyPrefix,
      ttlSeconds,
    );
  }

  async register(articleId: string, contentHash: string, minhash: Uint32Array): Promise<DedupVerdict> {
    const p = this.keyPrefix;
    const ttl = this.ttlSeconds;
    const storyOfKey = `${p}story-of:${articleId}`;
    const bandKeys = minhashBands(minhash).map((b) => `${p}band:${b}`);
    const [dup = '', known = '', ...candidates] = await this.commands.dedupLookup(
      2 + bandKeys.length,
      `${p}hash:${contentHash}`,
      storyOfKey,
      ...bandKeys,
      articleId,
      ttl,
      `${p}sig:`,
      MAX_CANDIDATES,
    );
    const duplicateOf = dup || undefined;
    if (known) return { duplicateOf, storyId: known };
    let storyId = articleId;
    let best = STORY_JACCARD;
    for (let i = 0; i + 1 < candidates.length; i += 2) {
      const sig = candidates[i + 1] ? decodeSignature(candidates[i + 1] as string) : undefined;
      const j = sig ? estimateJaccard(minhash, sig) : 0;
      if (j >= best) {
        best = j;
        storyId = candidates[i] as string;
      }
    }
    const head = storyId === articleId;
    await this.commands.dedupCommit(
      2 + bandKeys.length,
      storyOfKey,
      `${p}sig:${articleId}`,
      ...bandKeys,
      storyId,
      ttl,
      head ? '1' : '0',
      head ? encodeSignature(minhash) : '',
      articleId,
    );
    return { duplicateOf, storyId };
  }

  async ping(): Promise<string> {
    return this.commands.ping();
  }

  async close(): Promise<void> {
    await this.commands.quit();
  }
}
