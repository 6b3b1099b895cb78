import { describe, expect, it } from 'vitest';
import { stackKafka } from '../../../test/support/stack-kafka.js';
import { testName } from '../../../test/support/test-names.js';
import { ensureTopics } from './kafka.js';

describe('ensureTopics on a real broker', () => {
  it('lets five processes create the same new topics at once, and all of them leave with leaders elected', async () => {
    const kafka = stackKafka('ensure-topics-int');
    const prefix = testName('ensure');
    const topics = ['a', 'b', 'c'].map((t) => `${prefix}.${t}`);
    const admins = Array.from({ length: 5 }, () => kafka.admin());
    await Promise.all(admins.map((a) => a.connect()));
    try {
      const created = await Promise.all(admins.map((a) => ensureTopics(a, topics, 6)));
      // Every caller returns; the topics exist once, with 6 partitions, each with a leader.
      expect(created.every((c) => c.length <= topics.length)).toBe(true);
      const md = await admins[0]!.fetchTopicMetadata({ topics });
      expect(md.topics.map((t) => t.partitions.length)).toEqual([6, 6, 6]);
      expect(md.topics.flatMap((t) => t.partitions).every((p) => p.leader >= 0)).toBe(true);
      expect(await ensureTopics(admins[1]!, topics, 6)).toEqual([]);
    } finally {
      await admins[0]!.deleteTopics({ topics }).catch(() => undefined);
      await Promise.all(admins.map((a) => a.disconnect()));
    }
  });
});
