import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_TRACE_ID, INGEST_TOPIC, stageTimestampHeader } from '@newsflow/contracts';
import {
  startServices,
  stopServices,
  type RunningService,
  type ServiceName,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import { stackEndpoints } from '../support/stack-env.js';
import { sleep } from '@newsflow/messaging';
import { removeRedisKeys } from '../support/redis-keys.js';
import { freePorts } from '../support/free-ports.js';
import { testName } from '../support/test-names.js';

const root = resolve(__dirname, '../..');
const WORDS =
  'market minister council energy border treaty growth election court harbour vaccine satellite rainfall coalition tariff'.split(
    ' ',
  );

/** A deterministic, unique article: distinct titles and bodies, so each one has its own id and content hash. */
function article(i: number): { title: string; body: string; source: string } {
  const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length];
  const sentences = Array.from(
    { length: 6 },
    (_, k) =>
      `Report ${i} sentence ${k}: the ${w(k)} and the ${w(k + 1)} moved after talks on the ${w(k + 2)}.`,
  );
  return {
    title: `Dispatch number ${i} on the ${w(0)}`,
    source: 'Crash Test Wire',
    body: sentences.join(' '),
  };
}

describe('crash recovery (services killed with SIGKILL mid-stream)', () => {
  let prefix: string;
  let services: RunningService[] = [];
  let env: NodeJS.ProcessEnv;
  let osUrl: string;
  const ports: Record<ServiceName, number> = { gateway: 0, fetch: 0, clean: 0, classify: 0, index: 0 };

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'tsconfig.build.json')],
      { stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('build failed');
    prefix = testName('crash');
    const ends = stackEndpoints();
    osUrl = ends.opensearchUrl;
    const [gateway, fetchPort, clean, classify, index] = (await freePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    Object.assign(ports, { gateway, fetch: fetchPort, clean, classify, index });
    env = {
      ...process.env,
      NEWSFLOW_PREFIX: prefix,
      KAFKA_BROKERS: ends.kafkaBrokers.join(','),
      OPENSEARCH_URL: ends.opensearchUrl,
      REDIS_URL: ends.redisUrl,
      GATEWAY_API_KEY: 'crash-test-key',
      LOG_LEVEL: 'warn',
    };
    services = await startServices({
      repoRoot: root,
      logDir: join(root, '.newsflow', 'test-logs', prefix),
      env,
      ports,
    });
  });

  afterAll(async () => {
    await stopServices(services);
    const kafka = new Kafka({
      clientId: 'crash-cleanup',
      brokers: [...stackEndpoints().kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length) await admin.deleteTopics({ topics });
    await admin.disconnect();
    await fetch(`${osUrl}/${prefix}.news-articles-v1`, { method: 'DELETE' });
    await fetch(`${osUrl}/_index_template/${prefix}.news-articles-template`, { method: 'DELETE' });
    // Dedup keys, the URL queue and host semaphores of this run's services all carry the prefix.
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
  });

  async function indexedCount(): Promise<number> {
    await fetch(`${osUrl}/${prefix}.news-articles/_refresh`, { method: 'POST' });
    const res = await fetch(`${osUrl}/${prefix}.news-articles/_count`);
    return res.ok ? ((await res.json()) as { count: number }).count : 0;
  }

  it('loses nothing and duplicates nothing when clean, classify and index are killed and restarted', async () => {
    const total = 1200;
    const perDump = 20;
    const kafka = new Kafka({
      clientId: 'crash-producer',
      brokers: [...stackEndpoints().kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const send = async (from: number, to: number) => {
      for (let d = from; d < to; d += perDump) {
        const lines = Array.from({ length: Math.min(perDump, to - d) }, (_, k) =>
          JSON.stringify(article(d + k)),
        );
        await producer.send({
          topic: `${prefix}.${INGEST_TOPIC}`,
          acks: -1,
          messages: [
            {
              value: lines.join('\n'),
              headers: {
                [HEADER_TRACE_ID]: `crash-${d}`,
                [stageTimestampHeader('ingest')]: String(Date.now()),
              },
            },
          ],
        });
      }
    };
    await send(0, total / 2);
    // Kill the three downstream stages hard while they are busy.
    const deadline = Date.now() + 60_000;
    while ((await indexedCount()) < 50 && Date.now() < deadline) await sleep(200);
    const victims = services.filter((s) => ['clean', 'classify', 'index'].includes(s.name));
    for (const v of victims) v.child.kill('SIGKILL');
    await Promise.all(victims.map((v) => v.exited));
    const countAtKill = await indexedCount();
    await send(total / 2, total);
    await producer.disconnect();
    const restarted = await startServices({
      repoRoot: root,
      logDir: join(root, '.newsflow', 'test-logs', prefix),
      env,
      ports,
      only: ['clean', 'classify', 'index'],
    });
    services = [...services.filter((s) => !victims.includes(s)), ...restarted];

    const end = Date.now() + 150_000;
    let count = 0;
    while (Date.now() < end) {
      count = await indexedCount();
      if (count >= total) break;
      await sleep(500);
    }
    await sleep(3000); // anything redelivered after the restart lands as an upsert, never as a new document
    // The kill hit work in flight: some of the first half was indexed before it, not all of it.
    expect(countAtKill).toBeGreaterThanOrEqual(50);
    expect(countAtKill).toBeLessThan(total / 2);
    // Every article once: by id (the count) and by content (no content hash on two documents).
    expect(await indexedCount()).toBe(total);
    const dup = await fetch(`${osUrl}/${prefix}.news-articles/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        size: 0,
        aggs: { hashes: { terms: { field: 'contentHash', min_doc_count: 2, size: 10 } } },
      }),
    });
    const body = (await dup.json()) as { aggregations: { hashes: { buckets: unknown[] } } };
    expect(body.aggregations.hashes.buckets).toEqual([]);
  });
});
