import { randomUUID } from 'node:crypto';
import { DLQ_TOPIC, parseTopicPayload, prefixed, type DeadLetter } from '@newsflow/contracts';
import { KafkaProducerAdapter, physicalTopic } from '@newsflow/messaging';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';

/** Redis hash of replayed dead letters (under the pipeline prefix): field `<partition>:<offset>`, value the time. */
export const DLQ_REPLAYED_KEY = 'newsflow:dlq:replayed';
/** Header set on every re-produced message: when its dead letter was last failing. */
export const REPLAYED_FROM_DLQ_HEADER = 'newsflow-replayed-from-dlq';

/** One record of `news.dlq.v1` with its position, and when it was replayed (if it was). */
export interface DeadLetterEntry {
  partition: number;
  offset: string;
  record: DeadLetter;
  replayedAt?: string;
}

/** What `dlq list | stats | replay` select. Replayed entries are left out unless `includeReplayed`. */
export interface DeadLetterFilter {
  stage?: string | undefined;
  code?: string | undefined;
  since?: Date | undefined;
  includeReplayed?: boolean | undefined;
}

/** The ledger field of an entry: its DLQ partition and offset, which never change. */
export function entryKey(e: Pick<DeadLetterEntry, 'partition' | 'offset'>): string {
  return `${e.partition}:${e.offset}`;
}

/**
 * Parses `--since`: an ISO date/time, or a duration back from `now` (`90s`, `30m`, `12h`, `7d`). Throws a message
 * naming the value when it is neither.
 */
export function parseSince(value: string, now: Date = new Date()): Date {
  const m = /^(\d+)\s*(s|m|h|d)$/i.exec(value.trim());
  if (m) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'
    ];
    return new Date(now.getTime() - Number(m[1]) * unit);
  }
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new Error(`--since "${value}" is neither an ISO date/time nor a duration like 30m, 12h or 7d`);
  return new Date(t);
}

/** Entries matching the filter, newest failure first (ties: higher partition/offset first, so the order is total). */
export function selectDeadLetters(
  entries: readonly DeadLetterEntry[],
  filter: DeadLetterFilter = {},
): DeadLetterEntry[] {
  const since = filter.since?.getTime();
  return entries
    .filter(
      (e) =>
        (filter.includeReplayed || e.replayedAt === undefined) &&
        (!filter.stage || e.record.stage === filter.stage) &&
        (!filter.code || e.record.errorCode === filter.code) &&
        (since === undefined || Date.parse(e.record.lastFailureAt) >= since),
    )
    .sort(
      (a, b) =>
        Date.parse(b.record.lastFailureAt) - Date.parse(a.record.lastFailureAt) ||
        b.partition - a.partition ||
        Number(BigInt(b.offset) - BigInt(a.offset)),
    );
}

/** Count of dead letters per stage and error code, open and replayed, largest open count first. */
export interface DeadLetterCount {
  stage: string;
  code: string;
  open: number;
  replayed: number;
  newest: string;
}

export function countDeadLetters(entries: readonly DeadLetterEntry[]): DeadLetterCount[] {
  const byKey = new Map<string, DeadLetterCount>();
  for (const e of entries) {
    const k = `${e.record.stage}\u0000${e.record.errorCode}`;
    const c = byKey.get(k) ?? {
      stage: e.record.stage,
      code: e.record.errorCode,
      open: 0,
      replayed: 0,
      newest: e.record.lastFailureAt,
    };
    if (e.replayedAt === undefined) c.open++;
    else c.replayed++;
    if (e.record.lastFailureAt > c.newest) c.newest = e.record.lastFailureAt;
    byKey.set(k, c);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.open - a.open ||
      b.replayed - a.replayed ||
      a.stage.localeCompare(b.stage) ||
      a.code.localeCompare(b.code),
  );
}

/**
 * Which dead letters were replayed: one Redis hash per pipeline prefix, field `<partition>:<offset>` of the DLQ
 * record, value the ISO time of the replay. DLQ offsets never change, so the mark survives any number of reads;
 * the hash has no TTL (it is operator state, as long-lived as the topic's records).
 */
export class RedisReplayLedger {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = prefixed(prefix, DLQ_REPLAYED_KEY);
  }

  /** Sets `replayedAt` on the entries that were replayed. */
  async annotate(entries: DeadLetterEntry[]): Promise<DeadLetterEntry[]> {
    if (entries.length === 0) return entries;
    const marks = await this.redis.hmget(this.key, ...entries.map(entryKey));
    return entries.map((e, i) => {
      const at = marks[i];
      return at ? { ...e, replayedAt: at } : e;
    });
  }

  async mark(entries: readonly DeadLetterEntry[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    const iso = at.toISOString();
    await this.redis.hset(this.key, Object.fromEntries(entries.map((e) => [entryKey(e), iso])));
  }
}

/**
 * Reads the whole dead-letter topic up to its current end (the high watermarks when the read starts), with a
 * throw-away consumer group that commits nothing and is deleted afterwards. Records that are not valid dead
 * letters are skipped (counted in `unreadable`).
 */
export async function readDeadLetters(
  kafka: Kafka,
  prefix: string,
  opts: { timeoutMs?: number } = {},
): Promise<{ entries: DeadLetterEntry[]; unreadable: number }> {
  const topic = physicalTopic(prefix, DLQ_TOPIC);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `newsflow-dlq-reader-${randomUUID()}`;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return { entries: [], unreadable: 0 };
    const offsets = await admin.fetchTopicOffsets(topic);
    // Partition -> offset of the last record present when the read started.
    const pending = new Map<number, bigint>();
    for (const o of offsets)
      if (BigInt(o.high) > BigInt(o.low)) pending.set(o.partition, BigInt(o.high) - 1n);
    if (pending.size === 0) return { entries: [], unreadable: 0 };

    const entries: DeadLetterEntry[] = [];
    let unreadable = 0;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: ({ partition, message }) => {
          const last = pending.get(partition);
          if (last === undefined || BigInt(message.offset) > last) return Promise.resolve();
          const r = message.value ? parseTopicPayload(DLQ_TOPIC, message.value) : undefined;
          if (r?.ok) entries.push({ partition, offset: message.offset, record: r.value });
          else unreadable++;
          if (BigInt(message.offset) === last) {
            pending.delete(partition);
            if (pending.size === 0) done();
          }
          return Promise.resolve();
        },
      });
      const timeoutMs = opts.timeoutMs ?? 60_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([finished, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout')
        throw new Error(
          `reading ${topic} did not reach its end within ${timeoutMs} ms (${pending.size} partition(s) left)`,
        );
    } finally {
      await consumer.disconnect();
    }
    return { entries, unreadable };
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Re-produces dead-lettered messages to their original topic with their original key, bytes and headers, then
 * marks them replayed in the ledger, so a second replay (and `dlq list`) skips them. A crash between the two
 * steps replays them again next time: at-least-once, like the pipeline, whose sinks are idempotent.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  entries: readonly DeadLetterEntry[],
  ledger: RedisReplayLedger,
  now: () => Date = () => new Date(),
): Promise<number> {
  const open = entries.filter((e) => e.replayedAt === undefined);
  if (open.length === 0) return 0;
  const producer = new KafkaProducerAdapter(kafka, '');
  await producer.connect();
  try {
    await producer.send(
      open.map(({ record: r }) => ({
        topic: r.originalTopic,
        key: r.originalKey,
        value: Buffer.from(r.originalPayloadBase64, 'base64'),
        headers: { ...r.originalHeaders, [REPLAYED_FROM_DLQ_HEADER]: r.lastFailureAt },
      })),
    );
  } finally {
    await producer.disconnect();
  }
  await ledger.mark(open, now());
  return open.length;
}
