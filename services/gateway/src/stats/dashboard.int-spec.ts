import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { inChromium } from '../../../../test/support/chromium.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { testName } from '../../../../test/support/test-names.js';
import { createGatewayApp, createGatewayDeps } from '../app.js';
import { loadGatewayConfig } from '../gateway.config.js';

/**
 * The dashboard and /health show each stage's own verdict with its reason. The stages here are small HTTP servers
 * answering the stage /health contract (a live process whose consumer is stalled, one blocked on OpenSearch, one up)
 * and a closed port (a process that is gone); the gateway and the servers are real.
 */
const verdicts = {
  fetch: { status: 'up' },
  clean: { status: 'stalled', reason: 'no progress for 21 s with lag 37' },
  classify: { status: 'blocked', reason: 'OpenSearch unreachable: connect ECONNREFUSED 127.0.0.1:9200' },
} as const;

function stageServer(service: string, verdict: { status: string; reason?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(verdict.status === 'down' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          service,
          ...verdict,
          consumer: {
            group: `newsflow-${service}`,
            topic: 't',
            state: 'running',
            assigned: [0, 1, 2],
            lag: 37,
            lastProgressAt: null,
            lastCommitAt: null,
            restarts: 2,
          },
          checks: {},
        }),
      );
      return;
    }
    if (req.url === '/metrics' && verdict.status === 'up') {
      // Every article of this stage took longer than the histogram's last finite bucket (60 s).
      const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '2', '5', '10', '30', '60'];
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        [
          ...bounds.map((le) => `newsflow_end_to_end_seconds_bucket{stage="${service}",le="${le}"} 0`),
          `newsflow_end_to_end_seconds_bucket{stage="${service}",le="+Inf"} 5`,
          `newsflow_end_to_end_seconds_sum{stage="${service}"} 400`,
          `newsflow_end_to_end_seconds_count{stage="${service}"} 5`,
          '',
        ].join('\n'),
      );
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let servers: Server[] = [];
let app: NestExpressApplication;
let base: string;
let prefix: string;

/** A port nothing listens on: bound once, then closed (the stage process is gone). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  servers = await Promise.all(Object.entries(verdicts).map(([name, v]) => stageServer(name, v)));
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  const stack = stackEndpoints();
  prefix = testName('dash');
  const gone = await closedPort();
  const config = loadGatewayConfig({
    NEWSFLOW_PREFIX: prefix,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    OPENSEARCH_URL: stack.opensearchUrl,
    REDIS_URL: stack.redisUrl,
    GATEWAY_API_KEY: 'dashboard-test-key',
    GATEWAY_STATS_TIMEOUT_MS: '5000',
    // index: a port nothing listens on (the process is gone)
    GATEWAY_STAGE_URLS: `fetch=${url(servers[0] as Server)},clean=${url(servers[1] as Server)},classify=${url(servers[2] as Server)},index=http://127.0.0.1:${gone}`,
    LOG_LEVEL: 'silent',
  });
  app = await createGatewayApp(createGatewayDeps(config, pino({ level: 'silent' })));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  for (const s of servers) await new Promise((r) => s.close(r));
  // the gateway's queue handles (counts, the queue board) register the queue in Redis
  if (prefix) await removeRedisKeys(stackEndpoints().redisUrl, prefix);
});

describe('stage verdicts on /health and the dashboard', () => {
  it('/health names each stage that is not up with its state and reason, and answers 503', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { unhealthy: Array<{ part: string; status: string; reason: string }> };
    expect(body.unhealthy.map((u) => `${u.part}:${u.status}`).sort()).toEqual([
      'classify:blocked',
      'clean:stalled',
      'index:down',
    ]);
    expect(body.unhealthy.find((u) => u.part === 'clean')?.reason).toBe('no progress for 21 s with lag 37');
    expect(body.unhealthy.find((u) => u.part === 'index')?.reason).toMatch(
      /no answer from .*connection refused/,
    );
  });

  it('the dashboard shows stalled, blocked, down and up with the reasons, in headless Chromium', async () => {
    await inChromium(`${base}/dashboard`, async (page) => {
      await page.waitForFunction(
        () => document.querySelector('[data-card="clean"] [data-status]')?.textContent === 'stalled',
        undefined,
        { timeout: 30_000 },
      );
      const state = (s: string) => page.textContent(`[data-card="${s}"] [data-status]`);
      expect(await state('fetch')).toBe('up');
      expect(await state('classify')).toBe('blocked');
      expect(await state('index')).toBe('down');
      expect(await page.textContent('[data-card="clean"] [data-field="reason"]')).toBe(
        'no progress for 21 s with lag 37',
      );
      expect(await page.textContent('[data-card="classify"] [data-field="reason"]')).toMatch(
        /OpenSearch unreachable/,
      );
      expect(await page.textContent('[data-card="clean"] [data-field="restarts"]')).toBe('2');
      // A quantile above the last finite bucket is shown as "at least" that bound, never as the bound itself.
      expect(await page.textContent('[data-card="fetch"] [data-field="latency"]')).toBe('≥ 60 s / ≥ 60 s');
      expect(await page.textContent('[data-node="clean"] small')).toBe('stalled');
      expect(await page.textContent('#overall')).toBe('3 not healthy');
      expect(
        await page.$$eval('#unhealthy li', (lis) => lis.map((l) => l.getAttribute('data-part')).sort()),
      ).toEqual(['classify', 'clean', 'index']);
    });
  });
});
