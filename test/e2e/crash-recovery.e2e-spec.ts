import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_TRACE_ID, INGEST_TOPIC, stageTimestampHeader } from '@newsflow/contracts';
import {
  stopServices,
  type RunningService,
  type ServiceName,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import {
  buildWorkspace,
  freeServicePorts,
  pipelineEnv,
  removePipelineResources,
  startPipeline,
} from '../support/pipeline-services.js';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';
import { sleep } from '../support/wait.js';

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
    buildWorkspace();
    prefix = testName('crash');
    osUrl = stackEndpoints().opensearchUrl;
    Object.assign(ports, await freeServicePorts());
    env = pipelineEnv(prefix, { GATEWAY_API_KEY: 'crash-test-key' });
    services = await startPipeline(prefix, env, ports);
  });

  afterAll(async () => {
    await stopServices(services);
    await removePipelineResources(prefix);
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
    const restarted = await startPipeline(prefix, env, ports, ['clean', 'classify', 'index']);
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
