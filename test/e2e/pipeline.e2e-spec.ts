import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DLQ_TOPIC,
  INDEXED_TOPIC,
  deadLetterSchema,
  dumpIdFromBytes,
  indexedConfirmationSchema,
  type DeadLetter,
} from '@newsflow/contracts';
import {
  startServices,
  stopServices,
  type RunningService,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import { stackEndpoints } from '../support/stack-env.js';
import { sleep } from '@newsflow/messaging';
import { removeRedisKeys } from '../support/redis-keys.js';
import { testName } from '../support/test-names.js';

const root = resolve(__dirname, '../..');
const seedPath = join(root, 'seeds/aggregator-page-dump.txt');
const seed = readFileSync(seedPath);
const seedDumpId = dumpIdFromBytes(seed);
const FURNITURE = [
  'Live Events',
  'Try Our AI Features',
  'Explore what Daily8 AI can do for you',
  'No comments yet',
  'Related Articles',
  '&w=3840&q=100)',
  'STORY CONTINUES BELOW THIS AD',
  'Taboola',
  'Sponsored Links',
  'You May Like',
  'read more',
];

let prefix: string;
let gateway: string;
let services: RunningService[] = [];
let kafka: Kafka;
const indexed: Array<{ id: string; dumpId: string }> = [];
const deadLetters: DeadLetter[] = [];
const consumers: Consumer[] = [];

function kcatProduce(topic: string, file: string): void {
  const brokers = stackEndpoints().kafkaBrokers.join(',');
  execFileSync('kcat', ['-P', '-b', brokers, '-t', topic, file], { stdio: 'pipe' });
}

async function search(
  params: Record<string, string>,
): Promise<{ status: number; body: { total: number; hits: Array<Record<string, unknown>> } }> {
  const res = await fetch(`${gateway}/v1/search?${new URLSearchParams(params)}`);
  return {
    status: res.status,
    body: (await res.json()) as { total: number; hits: Array<Record<string, unknown>> },
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

async function follow(topic: string, onValue: (v: Buffer) => void): Promise<void> {
  const consumer = kafka.consumer({ groupId: testName('e2e-follow') });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      if (message.value) onValue(message.value);
      return Promise.resolve();
    },
  });
}

beforeAll(async () => {
  const kcat = spawnSync('kcat', ['-V']);
  if (kcat.error) throw new Error('kcat is not installed (Debian package kcat); .ci/run installs it');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('build failed');

  prefix = testName('e2e');
  const ends = stackEndpoints();
  const base = 3100 + Math.floor(Math.random() * 80) * 10;
  const ports = { gateway: base, fetch: base + 1, clean: base + 2, classify: base + 3, index: base + 4 };
  gateway = `http://127.0.0.1:${ports.gateway}`;
  services = await startServices({
    repoRoot: root,
    logDir: join(root, '.newsflow', 'test-logs', prefix),
    env: {
      ...process.env,
      NEWSFLOW_PREFIX: prefix,
      KAFKA_BROKERS: ends.kafkaBrokers.join(','),
      OPENSEARCH_URL: ends.opensearchUrl,
      REDIS_URL: ends.redisUrl,
      GATEWAY_API_KEY: 'e2e-test-key',
      LOG_LEVEL: 'warn',
    },
    ports,
  });
  kafka = new Kafka({ clientId: 'e2e', brokers: [...ends.kafkaBrokers], logLevel: logLevel.NOTHING });
  await follow(`${prefix}.${INDEXED_TOPIC}`, (v) =>
    indexed.push(indexedConfirmationSchema.parse(JSON.parse(v.toString()))),
  );
  await follow(`${prefix}.${DLQ_TOPIC}`, (v) =>
    deadLetters.push(deadLetterSchema.parse(JSON.parse(v.toString()))),
  );
});

afterAll(async () => {
  for (const f of [`${prefix}-bad.bin`, `${prefix}-good.txt`]) rmSync(join(tmpdir(), f), { force: true });
  for (const c of consumers) await c.disconnect();
  await stopServices(services);
  // Clean up this run's topics and index.
  if (kafka && prefix) {
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length) await admin.deleteTopics({ topics });
    await admin.disconnect();
  }
  if (prefix) {
    const os = stackEndpoints().opensearchUrl;
    await fetch(`${os}/${prefix}.news-articles-v1`, { method: 'DELETE' });
    await fetch(`${os}/_index_template/${prefix}.news-articles-template`, { method: 'DELETE' });
    // Dedup keys, the URL queue and host semaphores of this run's services all carry the prefix.
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
  }
});

describe('pipeline end to end (real Kafka, OpenSearch, Redis; services as processes)', () => {
  it('turns the seed dump pushed by kcat into exactly four searchable articles', async () => {
    kcatProduce(`${prefix}.news.ingest.v1`, seedPath);
    await until('4 confirmations for the seed dump', () =>
      Promise.resolve(indexed.filter((c) => c.dumpId === seedDumpId).length >= 4 ? true : undefined),
    );
    const res = await until('4 searchable seed articles', async () => {
      const r = await search({ dumpId: seedDumpId, size: '10', sort: 'time' });
      return r.body.total === 4 ? r : undefined;
    });
    const byTitle = new Map(res.body.hits.map((h) => [h.title as string, h]));
    expect([...byTitle.keys()].sort()).toEqual(
      [
        "China says ready to 'expand practical cooperation' with Russian army",
        "Peace was never West's goal in Ukraine, says Russia, accusing it of fuelling war by arming Kyiv",
        "Muizzu's U-turn: India in, China out? Maldives seemingly pivots again as PM Modi offers big incentives",
        "US trade policy shift: Response to China's resource dominance",
      ].sort(),
    );
    expect(
      byTitle.get(
        "Peace was never West's goal in Ukraine, says Russia, accusing it of fuelling war by arming Kyiv",
      )?.source,
    ).toBe('First Post');
    expect(
      byTitle.get(
        "Muizzu's U-turn: India in, China out? Maldives seemingly pivots again as PM Modi offers big incentives",
      )?.source,
    ).toBe('Time of India');
    expect(byTitle.get("US trade policy shift: Response to China's resource dominance")?.source).toBe(
      'Hindustan Times',
    );
  });

  it('ranks the China–Russia article first for "Jiang Bin"', async () => {
    const r = await search({ q: 'Jiang Bin' });
    expect(r.status).toBe(200);
    expect(r.body.hits[0]?.title).toBe(
      "China says ready to 'expand practical cooperation' with Russian army",
    );
  });

  it('indexes no page furniture in any article body', async () => {
    const r = await search({ dumpId: seedDumpId, size: '10' });
    expect(r.body.hits).toHaveLength(4);
    for (const hit of r.body.hits) {
      const res = await fetch(`${gateway}/v1/articles/${String(hit.id)}`);
      expect(res.status).toBe(200);
      const article = (await res.json()) as { body: string };
      expect(article.body.length).toBeGreaterThan(200);
      for (const junk of FURNITURE)
        expect(article.body, `${String(hit.title)} contains "${junk}"`).not.toContain(junk);
    }
  });

  it('keeps the count at four when the same dump is pushed again', async () => {
    const before = indexed.filter((c) => c.dumpId === seedDumpId).length;
    kcatProduce(`${prefix}.news.ingest.v1`, seedPath);
    await until('4 more confirmations', () =>
      Promise.resolve(indexed.filter((c) => c.dumpId === seedDumpId).length >= before + 4 ? true : undefined),
    );
    await fetch(`${stackEndpoints().opensearchUrl}/${prefix}.news-articles/_refresh`, { method: 'POST' });
    const r = await search({ dumpId: seedDumpId });
    expect(r.body.total).toBe(4);
    const all = await search({});
    expect(all.body.total).toBe(4);
  });

  it('dead-letters an undecodable dump with a reason and keeps processing the next dump', async () => {
    const bad = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(2048),
    ]);
    const badFile = join(tmpdir(), `${prefix}-bad.bin`);
    writeFileSync(badFile, bad);
    kcatProduce(`${prefix}.news.ingest.v1`, badFile);
    const record = await until('a dead letter for the binary dump', () =>
      Promise.resolve(deadLetters.find((d) => Buffer.from(d.originalPayloadBase64, 'base64').equals(bad))),
    );
    expect(record.stage).toBe('fetch');
    expect(record.errorCode).toBe('binary');
    expect(record.errorMessage.length).toBeGreaterThan(10);

    const good = Buffer.from(
      'Wind farm output hits record in Denmark\n\nDenmark produced a record share of its electricity from wind turbines last month, ' +
        'the national grid operator Energinet said on Tuesday, as new offshore capacity came online in the North Sea.\n',
    );
    const goodFile = join(tmpdir(), `${prefix}-good.txt`);
    writeFileSync(goodFile, good);
    kcatProduce(`${prefix}.news.ingest.v1`, goodFile);
    const r = await until('the next dump to be searchable', async () => {
      const s = await search({ dumpId: dumpIdFromBytes(good) });
      return s.body.total > 0 ? s : undefined;
    });
    expect(r.body.hits[0]?.title).toBe('Wind farm output hits record in Denmark');
  });
});
