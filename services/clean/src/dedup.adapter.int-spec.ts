import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { minhashSignature } from '@newsflow/extract';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { RedisDedupAdapter } from './dedup.adapter.js';

// A real article of ordinary length: the main story of the seed dump (its first 17 lines).
const body = readFileSync(resolve(__dirname, '../../../seeds/aggregator-page-dump.txt'), 'utf8')
  .split('\n')
  .slice(0, 17)
  .join('\n');

describe('RedisDedupAdapter on a real Redis', () => {
  const prefix = `${testName('dedup')}:`;
  const dedup = RedisDedupAdapter.connect(stackEndpoints().redisUrl, prefix, 600);

  afterAll(async () => {
    const r = new Redis(stackEndpoints().redisUrl);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
    await dedup.close();
  });

  it('marks a second article with the same content hash as a duplicate of the first, not the first itself', async () => {
    const first = await dedup.register('a'.repeat(32), 'h'.repeat(64), minhashSignature(body));
    const again = await dedup.register('a'.repeat(32), 'h'.repeat(64), minhashSignature(body));
    const copy = await dedup.register('b'.repeat(32), 'h'.repeat(64), minhashSignature(body));
    expect(first.duplicateOf).toBeUndefined();
    expect(again.duplicateOf).toBeUndefined();
    expect(copy.duplicateOf).toBe('a'.repeat(32));
  });

  it('gives a lightly edited copy the story id of the original, and an unrelated text its own', async () => {
    // A fresh key space, so the first test's articles are not story heads here.
    const dedup = RedisDedupAdapter.connect(stackEndpoints().redisUrl, `${prefix}stories:`, 600);
    const original = await dedup.register('c'.repeat(32), '1'.repeat(64), minhashSignature(body));
    const edited = await dedup.register(
      'd'.repeat(32),
      '2'.repeat(64),
      minhashSignature(
        body.replace('Jiang said.', 'Jiang said on Thursday.').replace('dear friend', 'good friend'),
      ),
    );
    const other = await dedup.register(
      'e'.repeat(32),
      '3'.repeat(64),
      minhashSignature(
        'Stocks rose sharply on Monday as investors cheered strong quarterly results from technology firms.',
      ),
    );
    expect(original.storyId).toBe('c'.repeat(32));
    expect(edited.storyId).toBe(original.storyId);
    expect(edited.duplicateOf).toBeUndefined();
    expect(other.storyId).toBe('e'.repeat(32));
    await dedup.close();
  });

  it('keeps an article its story when reprocessed, indexes only story heads, and expires every key it writes', async () => {
    const own = `${prefix}replay:`;
    const dedup = RedisDedupAdapter.connect(stackEndpoints().redisUrl, own, 600);
    const head = await dedup.register('f'.repeat(32), '4'.repeat(64), minhashSignature(body));
    const member = await dedup.register(
      '0'.repeat(32),
      '5'.repeat(64),
      minhashSignature(body.replace('Jiang said.', 'Jiang said on Friday.')),
    );
    // Reprocessing (a redelivered message): the same verdicts, whatever was registered in between.
    expect(await dedup.register('0'.repeat(32), '5'.repeat(64), minhashSignature(body))).toEqual(member);
    expect(await dedup.register('f'.repeat(32), '4'.repeat(64), minhashSignature(body))).toEqual(head);
    expect(member.storyId).toBe('f'.repeat(32));
    const r = new Redis(stackEndpoints().redisUrl);
    const bandKeys = await r.keys(`${own}band:*`);
    expect(bandKeys).toHaveLength(16);
    for (const k of bandKeys) expect(await r.smembers(k)).toEqual(['f'.repeat(32)]);
    expect(await r.exists(`${own}sig:${'0'.repeat(32)}`)).toBe(0);
    for (const k of await r.keys(`${own}*`)) {
      const ttl = await r.ttl(k);
      expect(ttl, k).toBeGreaterThan(0);
      expect(ttl, k).toBeLessThanOrEqual(600);
    }
    await r.quit();
    await dedup.close();
  });
});
