import type { Admin, Kafka } from 'kafkajs';
import { ensureTopics } from '@newsflow/messaging';

/** Lag of one consumer group on one partition. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** Committed offset of the group, or -1 when it has committed nothing yet. */
  committed: number;
  /** Latest offset of the partition. */
  end: number;
  lag: number;
}

/** Kafka cluster facts for /health and consumer lag for the dashboard. */
export class KafkaAdminAdapter {
  private readonly admin: Admin;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  private connect(): Promise<void> {
    this.connecting ??= this.admin.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  async describeCluster(): Promise<{ brokers: number; controller: number | null; clusterId: string }> {
    await this.connect();
    const c = await this.admin.describeCluster();
    return { brokers: c.brokers.length, controller: c.controller, clusterId: c.clusterId };
  }

  /**
   * Lag per partition of `group` on `topic`: end offset minus committed offset (the whole partition when the
   * group has committed nothing). A topic that does not exist yet yields no rows.
   */
  async consumerLag(group: string, topic: string): Promise<PartitionLag[]> {
    await this.connect();
    const topics = await this.admin.listTopics();
    if (!topics.includes(topic)) return [];
    const [ends, committed] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    const committedByPartition = new Map<number, number>();
    for (const t of committed)
      for (const p of t.partitions) committedByPartition.set(p.partition, Number(p.offset));
    return ends
      .map((e) => {
        const end = Number(e.high);
        const low = Number(e.low);
        const c = committedByPartition.get(e.partition) ?? -1;
        return {
          group,
          topic,
          partition: e.partition,
          committed: c,
          end,
          lag: Math.max(0, end - (c >= 0 ? c : low)),
        };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  /** Creates the topic (default partitions) when it does not exist; returns whether it was created. */
  async ensureTopic(topic: string): Promise<boolean> {
    await this.connect();
    return (await ensureTopics(this.admin, [topic])).length > 0;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.admin.disconnect();
  }
}
