import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { deadLetterSchema, physicalTopology, type DeadLetter } from '@newsflow/contracts';
import { keyInTitle } from './articles.js';

/** What the index holds for one batch of expected articles. */
export interface IndexReport {
  readonly expected: number;
  /** Distinct expected articles found. */
  readonly indexed: number;
  /** Documents beyond the first for one article (same key under another id) or for one content hash. */
  readonly duplicated: number;
  readonly lost: number;
  readonly missingKeys: string[];
  /** article key -> ids, for keys indexed under more than one id. */
  readonly duplicateKeys: Record<string, string[]>;
  /** content hash -> ids, for hashes held by more than one document. */
  readonly duplicateHashes: Record<string, string[]>;
  /** Documents that are not articles the suite sent. */
  readonly strangers: string[];
  readonly documents: number;
}

interface Hit {
  _id: string;
  _index: string;
  _source: { id?: string; contentHash?: string; title?: string };
}

async function osJson(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** Every document under the prefix's article alias (id, content hash, title), read page by page. */
async function allDocuments(osUrl: string, alias: string): Promise<Hit[]> {
  await osJson(`${osUrl}/${alias}/_refresh`, { method: 'POST' });
  const hits: Hit[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const body = {
      size: 2000,
      _source: ['id', 'contentHash', 'title'],
      sort: [{ id: 'asc' }],
      ...(after ? { search_after: after } : {}),
      query: { match_all: {} },
    };
    const page = (await osJson(`${osUrl}/${alias}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })) as { hits: { hits: Array<Hit & { sort: unknown[] }> } };
    hits.push(...page.hits.hits);
    if (page.hits.hits.length < 2000) return hits;
    after = page.hits.hits.at(-1)?.sort;
  }
}

/**
 * Counts the expected articles in the index by their key (carried in the title), by document id and by content
 * hash: an article is lost when no document holds it, duplicated when more than one document does.
 */
export async function indexReport(
  osUrl: string,
  prefix: string,
  expectedKeys: readonly string[],
): Promise<IndexReport> {
  const alias = physicalTopology(prefix).articlesAlias;
  let docs: Hit[];
  try {
    docs = await allDocuments(osUrl, alias);
  } catch (err) {
    // no index yet (nothing indexed) reads as everything lost; anything else is an error of the check itself
    if (!/index_not_found|HTTP 404/.test((err as Error).message)) throw err;
    docs = [];
  }
  const expected = new Set(expectedKeys);
  const idsByKey = new Map<string, string[]>();
  const idsByHash = new Map<string, string[]>();
  const strangers: string[] = [];
  const seenIds = new Map<string, number>();
  for (const d of docs) {
    const id = d._source.id ?? d._id;
    seenIds.set(id, (seenIds.get(id) ?? 0) + 1);
    const key = keyInTitle(d._source.title ?? '');
    if (key === undefined || !expected.has(key)) {
      strangers.push(`${id} "${(d._source.title ?? '').slice(0, 80)}" in ${d._index}`);
      continue;
    }
    idsByKey.set(key, [...(idsByKey.get(key) ?? []), id]);
    const hash = d._source.contentHash ?? '(none)';
    idsByHash.set(hash, [...(idsByHash.get(hash) ?? []), id]);
  }
  const missingKeys = expectedKeys.filter((k) => !idsByKey.has(k));
  const duplicateKeys = Object.fromEntries([...idsByKey].filter(([, ids]) => ids.length > 1));
  const duplicateHashes = Object.fromEntries([...idsByHash].filter(([, ids]) => ids.length > 1));
  const extraByKey = Object.values(duplicateKeys).reduce((n, ids) => n + ids.length - 1, 0);
  const extraByHash = Object.values(duplicateHashes).reduce((n, ids) => n + ids.length - 1, 0);
  // the same id in two indices behind the alias is a duplicate too
  const extraById = [...seenIds.values()].reduce((n, c) => n + c - 1, 0);
  return {
    expected: expected.size,
    indexed: idsByKey.size,
    duplicated: Math.max(extraByKey, extraByHash, extraById),
    lost: missingKeys.length,
    missingKeys,
    duplicateKeys,
    duplicateHashes,
    strangers,
    documents: docs.length,
  };
}

export interface LagReport {
  /** group -> total lag over its input topic's partitions. */
  readonly byGroup: Record<string, number>;
  readonly total: number;
  /** For groups with lag: members, state and the lagging partitions (what a failure message needs). */
  readonly detail: string[];
}

function kafkaAdmin(brokers: string[]): Admin {
  return new Kafka({
    clientId: 'reliability-verify',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  }).admin();
}

/** Committed offset of every stage's group against its input topic's high watermark (admin API, no consumer). */
export async function consumerLag(brokers: string[], prefix: string): Promise<LagReport> {
  const admin = kafkaAdmin(brokers);
  await admin.connect();
  try {
    const byGroup: Record<string, number> = {};
    const detail: string[] = [];
    for (const s of physicalTopology(prefix).stages) {
      const lagging: string[] = [];
      const [committed] = await admin.fetchOffsets({ groupId: s.group, topics: [s.input] });
      const ends = await admin.fetchTopicOffsets(s.input);
      let lag = 0;
      for (const p of ends) {
        const c = committed?.partitions.find((x) => x.partition === p.partition);
        const from = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(p.low);
        const behind = Math.max(0, Number(p.high) - from);
        if (behind > 0) lagging.push(`p${p.partition}: ${behind}`);
        lag += behind;
      }
      byGroup[s.group] = lag;
      if (lag > 0) {
        const [g] = (await admin.describeGroups([s.group])).groups;
        detail.push(
          `${s.group}: ${g?.state ?? '?'} with ${g?.members.length ?? 0} member(s) [${g?.members.map((m) => m.memberId).join(', ') ?? ''}], behind on ${lagging.join(', ')}`,
        );
      }
    }
    return { byGroup, total: Object.values(byGroup).reduce((a, b) => a + b, 0), detail };
  } finally {
    await admin.disconnect();
  }
}

/** URL jobs not yet finished in the prefix's BullMQ queue (waiting, active, delayed, prioritized). */
export async function pendingUrlJobs(redisUrl: string, prefix: string): Promise<number> {
  const u = new URL(redisUrl);
  const queue = new Queue(physicalTopology(prefix).fetchUrlQueue, {
    connection: { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: 1 },
    prefix,
  });
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(c).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

/** Every record of the prefix's dead-letter topic, parsed with the contract's schema (unparseable ones fail). */
export async function deadLetters(brokers: string[], prefix: string): Promise<DeadLetter[]> {
  const topic = physicalTopology(prefix).dlqTopic;
  const kafka = new Kafka({ clientId: 'reliability-dlq', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  if (remaining.size === 0) return [];
  const out: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}.reliability-dlq-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      out.push(deadLetterSchema.parse(JSON.parse(message.value?.toString('utf8') ?? 'null')));
      const high = remaining.get(partition);
      if (high !== undefined && Number(message.offset) + 1 >= high) remaining.delete(partition);
      if (remaining.size === 0) finish();
      return Promise.resolve();
    },
  });
  const ac = new AbortController();
  const timedOut = sleep(60_000, 'timeout' as const, { signal: ac.signal }).catch(() => 'aborted' as const);
  try {
    const outcome = await Promise.race([finished.then(() => 'done' as const), timedOut]);
    if (outcome !== 'done') {
      throw new Error(
        `reading ${topic}: partitions ${[...remaining.keys()].join(', ')} not read to the end in 60 s`,
      );
    }
  } finally {
    ac.abort();
    await consumer.disconnect();
  }
  return out;
}
