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
 * Duplicate memory in Redis, shared by every clean worker. Exact duplicates by content hash (first writer wins,
 * SET NX). Near-duplicates by MinHash LSH: story heads are indexed under their 16 band keys; an article whose
 * bands meet a head with estimated Jaccard >= 0.5 joins that head's story, else it starts its own.
 */
export class RedisDedupAdapter implements DuplicateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  static connect(url: string, keyPrefix: string, ttlSeconds: number): RedisDedupAdapter {
    // Auto-pipelining batches the commands issued in one tick (the 16 band look-ups) into one round trip.
    return new RedisDedupAdapter(
      new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true }),
      keyPrefix,
      ttlSeconds,
    );
  }

  async register(articleId: string, contentHash: string, minhash: Uint32Array): Promise<DedupVerdict> {
    const hashKey = `${this.keyPrefix}hash:${contentHash}`;
    const set = await this.redis.set(hashKey, articleId, 'EX', this.ttlSeconds, 'NX');
    let duplicateOf: string | undefined;
    if (set === null) {
      const first = await this.redis.get(hashKey);
      if (first && first !== articleId) duplicateOf = first;
    }
    // An article already registered keeps its story (reprocessing is idempotent).
    const known = await this.redis.get(`${this.keyPrefix}story-of:${articleId}`);
    if (known) return { duplicateOf, storyId: known };

    const bandKeys = minhashBands(minhash).map((b) => `${this.keyPrefix}band:${b}`);
    const candidates = new Set<string>();
    for (const members of await Promise.all(bandKeys.map((k) => this.redis.smembers(k))))
      for (const m of members) candidates.add(m);
    let storyId = articleId;
    let best = STORY_JACCARD;
    const ids = [...candidates].filter((c) => c !== articleId).slice(0, 200);
    const sigs = ids.length ? await this.redis.mget(ids.map((c) => `${this.keyPrefix}sig:${c}`)) : [];
    ids.forEach((id, i) => {
      const sig = sigs[i] ? decodeSignature(sigs[i]) : undefined;
      const j = sig ? estimateJaccard(minhash, sig) : 0;
      if (j >= best) {
        best = j;
        storyId = id;
      }
    });
    const tx = this.redis
      .multi()
      .set(`${this.keyPrefix}story-of:${articleId}`, storyId, 'EX', this.ttlSeconds);
    if (storyId === articleId) {
      tx.set(`${this.keyPrefix}sig:${articleId}`, encodeSignature(minhash), 'EX', this.ttlSeconds);
      for (const k of bandKeys) tx.sadd(k, articleId).expire(k, this.ttlSeconds);
    }
    await tx.exec();
    return { duplicateOf, storyId };
  }

  async ping(): Promise<string> {
    return this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
