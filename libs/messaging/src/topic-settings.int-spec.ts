import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { stackKafka } from '../../../test/support/stack-kafka.js';
import { testName } from '../../../test/support/test-names.js';
import { ensureTopics } from './kafka.js';

describe('ensureTopics with topic settings on a real broker', () => {
  it('creates topics with the partitions and min.insync.replicas asked for, and refuses a replication factor the cluster cannot hold', async () => {
    const kafka = stackKafka('topic-settings-int');
    const prefix = testName('topic-settings');
    const topic = `${prefix}.settings`;
    const tooMany = `${prefix}.rf3`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(
        await ensureTopics(admin, [topic], undefined, {
          partitions: 3,
          replicationFactor: 1,
          minInsyncReplicas: 1,
        }),
      ).toEqual([topic]);
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(md.topics[0]?.partitions).toHaveLength(3);
      expect(md.topics[0]?.partitions.every((p) => p.replicas.length === 1)).toBe(true);
      const cfg = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      });
      const entry = cfg.resources[0]?.configEntries.find((e) => e.configName === 'min.insync.replicas');
      expect(entry?.configValue).toBe('1');
      // set on the topic itself, not inherited from the broker default
      expect(entry?.isDefault).toBe(false);

      // the local stack has one broker: replication factor 3 must fail loudly, not create an unreplicated topic
      await expect(
        ensureTopics(admin, [tooMany], undefined, {
          partitions: 1,
          replicationFactor: 3,
          minInsyncReplicas: 2,
        }),
      ).rejects.toThrow(
        new RegExp(`replication factor 3, min.insync.replicas 2 .*${tooMany}: INVALID_REPLICATION_FACTOR`),
      );
      expect(await admin.listTopics()).not.toContain(tooMany);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
