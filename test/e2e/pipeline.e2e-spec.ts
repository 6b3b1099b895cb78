import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { stopServices, type RunningService } from '../../libs/cli/src/pipeline/services.adapter.js';
import {
  buildWorkspace,
  pipelineEnv,
  removePipelineResources,
  repoRoot,
  startPipeline,
} from '../support/pipeline-services.js';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';
import { until as poll } from '../support/wait.js';

const seedPath = join(repoRoot, 'seeds/aggregator-page-dump.txt');
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

const until = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> =>
  poll(what, fn, { timeoutMs, intervalMs: 300 });

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
  buildWorkspace();

  prefix = testName('e2e');
  const ends = stackEndpoints();
  const base = 3100 + Math.floor(Math.random() * 80) * 10;
  const ports = { gateway: base, fetch: base + 1, clean: base + 2, classify: base + 3, index: base + 4 };
  gateway = `http://127.0.0.1:${ports.gateway}`;
  services = await startPipeline(prefix, pipelineEnv(prefix, { GATEWAY_API_KEY: 'e2e-test-key' }), ports);
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
  // Clean up this run's topics, groups, index and Redis keys.
  if (prefix) await removePipelineResources(prefix);
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
