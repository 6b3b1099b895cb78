import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ensureTopics } from './kafka.js';
import { LOCAL_TOPIC_SETTINGS, topicSettingsFromEnv } from './topic-settings.js';

/** An Admin that records createTopics calls and answers metadata with one led partition per created topic. */
function recordingAdmin(existing: string[] = []) {
  const created: Array<{
    topic: string;
    numPartitions?: number;
    replicationFactor?: number;
    configEntries?: Array<{ name: string; value: string }>;
  }> = [];
  const admin = {
    listTopics: () => Promise.resolve([...existing]),
    createTopics: (req: { topics: typeof created }) => {
      created.push(...req.topics);
      return Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics }: { topics: string[] }) =>
      Promise.resolve({
        topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
      }),
  };
  return { admin: admin as unknown as Admin, created };
}

describe('topicSettingsFromEnv', () => {
  it('defaults to the local single broker: 6 partitions, replication factor 1, min ISR 1', () => {
    expect(topicSettingsFromEnv({})).toEqual({ partitions: 6, replicationFactor: 1, minInsyncReplicas: 1 });
    expect(LOCAL_TOPIC_SETTINGS).toEqual(topicSettingsFromEnv({}));
    // empty values (an unset compose/ConfigMap entry) are unset
    expect(topicSettingsFromEnv({ NEWSFLOW_TOPIC_PARTITIONS: '', NEWSFLOW_TOPIC_MIN_ISR: ' ' })).toEqual(
      LOCAL_TOPIC_SETTINGS,
    );
  });

  it('reads a cluster profile from the environment', () => {
    expect(
      topicSettingsFromEnv({
        NEWSFLOW_TOPIC_PARTITIONS: '12',
        NEWSFLOW_TOPIC_REPLICATION_FACTOR: '3',
        NEWSFLOW_TOPIC_MIN_ISR: '2',
      }),
    ).toEqual({ partitions: 12, replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('rejects bad values with an error naming each variable', () => {
    expect(() => topicSettingsFromEnv({ NEWSFLOW_TOPIC_PARTITIONS: '0' })).toThrow(
      /NEWSFLOW_TOPIC_PARTITIONS/,
    );
    expect(() => topicSettingsFromEnv({ NEWSFLOW_TOPIC_PARTITIONS: 'six' })).toThrow(
      /NEWSFLOW_TOPIC_PARTITIONS/,
    );
    expect(() => topicSettingsFromEnv({ NEWSFLOW_TOPIC_REPLICATION_FACTOR: '2.5' })).toThrow(
      /NEWSFLOW_TOPIC_REPLICATION_FACTOR/,
    );
    let message = '';
    try {
      topicSettingsFromEnv({ NEWSFLOW_TOPIC_PARTITIONS: '-1', NEWSFLOW_TOPIC_REPLICATION_FACTOR: 'x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/NEWSFLOW_TOPIC_PARTITIONS/);
    expect(message).toMatch(/NEWSFLOW_TOPIC_REPLICATION_FACTOR/);
  });

  it('rejects a min ISR above the replication factor (no write could be acknowledged with acks=-1)', () => {
    expect(() =>
      topicSettingsFromEnv({ NEWSFLOW_TOPIC_REPLICATION_FACTOR: '1', NEWSFLOW_TOPIC_MIN_ISR: '2' }),
    ).toThrow(/NEWSFLOW_TOPIC_MIN_ISR: must not exceed NEWSFLOW_TOPIC_REPLICATION_FACTOR/);
  });
});

describe('ensureTopics with topic settings', () => {
  it('creates only the missing topics with the given partitions, replication factor and min.insync.replicas', async () => {
    const { admin, created } = recordingAdmin(['t.a']);
    const out = await ensureTopics(admin, ['t.a', 't.b', 't.c'], undefined, {
      partitions: 6,
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });
    expect(out).toEqual(['t.b', 't.c']);
    expect(created.map((c) => c.topic)).toEqual(['t.b', 't.c']);
    for (const c of created) {
      expect(c.numPartitions).toBe(6);
      expect(c.replicationFactor).toBe(3);
      expect(c.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '2' });
      expect(c.configEntries).toContainEqual({ name: 'max.message.bytes', value: String(16 * 1024 * 1024) });
    }
  });

  it('keeps the old signature: an explicit partition count wins over the settings', async () => {
    const { admin, created } = recordingAdmin();
    await ensureTopics(admin, ['t.x'], 2, { partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 });
    expect(created[0]).toMatchObject({ numPartitions: 2, replicationFactor: 3 });
  });

  it('reads the settings from the environment by default', async () => {
    const saved = { ...process.env };
    try {
      process.env.NEWSFLOW_TOPIC_PARTITIONS = '9';
      process.env.NEWSFLOW_TOPIC_REPLICATION_FACTOR = '3';
      process.env.NEWSFLOW_TOPIC_MIN_ISR = '2';
      const { admin, created } = recordingAdmin();
      await ensureTopics(admin, ['t.env']);
      expect(created[0]).toMatchObject({ numPartitions: 9, replicationFactor: 3 });
      expect(created[0]?.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '2' });
      process.env.NEWSFLOW_TOPIC_MIN_ISR = '5';
      await expect(ensureTopics(recordingAdmin().admin, ['t.bad'])).rejects.toThrow(/NEWSFLOW_TOPIC_MIN_ISR/);
    } finally {
      for (const k of [
        'NEWSFLOW_TOPIC_PARTITIONS',
        'NEWSFLOW_TOPIC_REPLICATION_FACTOR',
        'NEWSFLOW_TOPIC_MIN_ISR',
      ])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
  });
});
