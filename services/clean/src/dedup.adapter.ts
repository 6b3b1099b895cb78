import { Redis } from 'ioredis';
import { simhashBands, storyIdFor } from '@newsflow/extract';

export interface DedupVerdict {
  /** Id of the first article seen with the same content hash, when it is another article. */
  duplicateOf?: string | undefined;
  /** Story id shared by near-duplicates (simhash of the first article of the story). */
  storyId: string;
}

export interface DuplicateStore {
  register(articleId: string, contentHash: string, simhash: string): Promise<DedupVerdict>;
}

/**
 * Duplicate memory in Redis, shared by every clean worker: exact duplicates by content hash (first writer wins,
 * SET NX) and near-duplicates by simhash, with story heads indexed under their four 16-bit bands so that any
 * simhash within 3 bits shares a band with its story head (pigeonhole).
 */
export class RedisDedupAdapter implements DuplicateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  static connect(url: string, keyPrefix: string, ttlSeconds: number): RedisDedupAdapter {
    return new RedisDedupAdapter(
      new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false }),
      keyPrefix,
      ttlSeconds,
    );
  }

  async register(articleId: string, contentHash: string, simhash: string): Promise<DedupVerdict> {
    const hashKey = `${this.keyPrefix}hash:${contentHash}`;
    const set = await this.redis.set(hashKey, articleId, 'EX', this.ttlSeconds, 'NX');
    let duplicateOf: string | undefined;
    if (set === null) {
      const first = await this.redis.get(hashKey);
      if (first && first !== articleId) duplicateOf = first;
    }
    const bandKeys = simhashBands(simhash).map((b) => `${this.keyPrefix}band:${b}`);
    const candidates = new Set<string>();
    const members = await Promise.all(bandKeys.map((k) => this.redis.smembers(k)));
    for (const m of members) for (const h of m) candidates.add(h);
    const storyId = storyIdFor(simhash, candidates);
    if (storyId === simhash) {
      const tx = this.redis.multi();
      for (const k of bandKeys) tx.sadd(k, simhash).expire(k, this.ttlSeconds);
      await tx.exec();
    }
    return { duplicateOf, storyId };
  }

  async ping(): Promise<string> {
    return this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
