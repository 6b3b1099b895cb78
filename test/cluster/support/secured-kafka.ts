import { Kafka, logLevel, type Admin } from 'kafkajs';
import { physicalTopology } from '@newsflow/contracts';
import type { KafkaSecurityOptions } from '@newsflow/messaging';

/**
 * The suite's own Kafka reads on a cluster whose only client listener may be SASL_SSL: the same checks as
 * test/reliability/support/verify.ts (lag, dead letters) with the cluster's connection settings.
 */
export class ClusterKafka {
  constructor(
    private readonly brokers: string[],
    private readonly security: KafkaSecurityOptions,
  ) {}

  kafka(clientId: string): Kafka {
    return new Kafka({
      clientId,
      brokers: this.brokers,
      ...this.security,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
      retry: { retries: 3 },
    });
  }

  private async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka('cluster-suite').admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Each stage group's lag on its input topic (committed offset against the high watermark), and the total. */
  lag(prefix: string): Promise<{ byGroup: Record<string, number>; total: number }> {
    return this.withAdmin(async (admin) => {
      const byGroup: Record<string, number> = {};
      for (const s of physicalTopology(prefix).stages) {
        const [committed] = await admin.fetchOffsets({ groupId: s.group, topics: [s.input] });
        let lag = 0;
        for (const p of await admin.fetchTopicOffsets(s.input)) {
          const c = committed?.partitions.find((x) => x.partition === p.partition);
          const from = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(p.low);
          lag += Math.max(0, Number(p.high) - from);
        }
        byGroup[s.group] = lag;
      }
      return { byGroup, total: Object.values(byGroup).reduce((a, b) => a + b, 0) };
    });
  }

  /** Records in the prefix's dead-letter topic (sum of high - low watermarks). */
  deadLetterCount(prefix: string): Promise<number> {
    return this.withAdmin(async (admin) =>
      (await admin.fetchTopicOffsets(physicalTopology(prefix).dlqTopic)).reduce(
        (n, p) => n + Number(p.high) - Number(p.low),
        0,
      ),
    );
  }

  /** `min.insync.replicas` of each of the prefix's topics, as the brokers report it. */
  minInsyncReplicas(topics: string[]): Promise<Record<string, string | undefined>> {
    return this.withAdmin(async (admin) => {
      const res = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({
          type: 2 /* TOPIC */,
          name,
          configNames: ['min.insync.replicas'],
        })),
      });
      return Object.fromEntries(
        res.resources.map((r) => [
          r.resourceName,
          r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue,
        ]),
      );
    });
  }

  /** Deletes the prefix's topics and consumer groups (the run's leftovers on a cluster that stays up). */
  removePrefix(prefix: string): Promise<void> {
    return this.withAdmin(async (admin) => {
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.startsWith(`${prefix}.`));
      if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    });
  }
}

/**
 * What a client with these settings gets from the brokers: 'connected' when it may list topics, else the error.
 * No retries: a refused client must fail fast, not hang.
 */
export async function connectOutcome(brokers: string[], security: KafkaSecurityOptions): Promise<string> {
  const admin = new Kafka({
    clientId: 'cluster-suite-refused',
    brokers,
    ...security,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    authenticationTimeout: 5000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return 'connected';
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
