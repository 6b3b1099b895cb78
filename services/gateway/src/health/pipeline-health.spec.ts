import { describe, expect, it } from 'vitest';
import { PipelineHealthChecker, type HttpGet } from './pipeline-health.js';

const stageUrls = { fetch: 'http://h:1', clean: 'http://h:2', classify: 'http://h:3', index: 'http://h:4' };

function body(service: string, status: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    service,
    status,
    consumer: {
      group: `newsflow-${service}`,
      topic: 't',
      state: 'running',
      assigned: [0, 1],
      lag: 0,
      lastProgressAt: null,
      lastCommitAt: null,
      restarts: 0,
    },
    checks: { kafka: { ok: true, ms: 1 } },
    ...extra,
  });
}

const okServers = [
  { name: 'kafka', check: () => Promise.resolve({ ok: true, detail: '1 broker(s)' }) },
  { name: 'opensearch', check: () => Promise.resolve({ ok: true, detail: 'green' }) },
  { name: 'redis', check: () => Promise.resolve({ ok: true, detail: 'PONG' }) },
];

describe('PipelineHealthChecker', () => {
  it('is up only when every stage says up and every server answers', async () => {
    const httpGet: HttpGet = (url) =>
      Promise.resolve({ status: 200, text: body(/h:(\d)/.exec(url)?.[1] ?? '?', 'up') });
    const r = await new PipelineHealthChecker({
      stageUrls,
      servers: okServers,
      timeoutMs: 100,
      httpGet,
    }).report();
    expect(r.status).toBe('up');
    expect(r.unhealthy).toEqual([]);
    expect(r.stages.map((s) => s.status)).toEqual(['up', 'up', 'up', 'up']);
    expect(r.stages[0]?.consumer?.assigned).toEqual([0, 1]);
  });

  it('names each part that is not healthy and why: a gone process, a stalled consumer, a blocked stage, a dead server', async () => {
    const httpGet: HttpGet = (url) => {
      if (url.startsWith('http://h:1')) {
        const err = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        return Promise.reject(err);
      }
      if (url.startsWith('http://h:2'))
        return Promise.resolve({
          status: 200,
          text: body('clean', 'stalled', { reason: 'no progress for 20 s with lag 12' }),
        });
      if (url.startsWith('http://h:3')) return Promise.resolve({ status: 200, text: body('classify', 'up') });
      return Promise.resolve({
        status: 200,
        text: body('index', 'blocked', { reason: 'OpenSearch unreachable' }),
      });
    };
    const servers = [
      ...okServers.slice(0, 2),
      { name: 'redis', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
    ];
    const r = await new PipelineHealthChecker({ stageUrls, servers, timeoutMs: 100, httpGet }).report();
    expect(r.status).toBe('degraded');
    expect(r.unhealthy).toEqual([
      { part: 'redis', status: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:6379' },
      { part: 'fetch', status: 'down', reason: 'no answer from http://h:1/health: connection refused' },
      { part: 'clean', status: 'stalled', reason: 'no progress for 20 s with lag 12' },
      { part: 'index', status: 'blocked', reason: 'OpenSearch unreachable' },
    ]);
    expect(r.stages.find((s) => s.stage === 'fetch')?.reachable).toBe(false);
  });

  it('reports a stage that hangs as down once the timeout passes, and a 503 "down" body with its reason', async () => {
    const httpGet: HttpGet = (url) =>
      url.startsWith('http://h:1')
        ? new Promise(() => undefined)
        : Promise.resolve({
            status: 503,
            text: body('x', 'down', { reason: 'consumer stopped: coordinator lost' }),
          });
    const r = await new PipelineHealthChecker({ stageUrls, servers: [], timeoutMs: 20, httpGet }).report();
    expect(r.stages[0]).toMatchObject({ status: 'down', reachable: false });
    expect(r.stages[0]?.reason).toMatch(/timed out after/);
    expect(r.stages[1]).toMatchObject({ status: 'down', reason: 'consumer stopped: coordinator lost' });
  });

  it('says down with a precise reason when a stage answers something that is not its health report', async () => {
    const httpGet: HttpGet = (url) =>
      url.startsWith('http://h:1')
        ? Promise.resolve({ status: 502, text: '<html>bad gateway</html>' })
        : url.startsWith('http://h:2')
          ? Promise.resolve({ status: 200, text: JSON.stringify({ status: 'sleeping' }) })
          : Promise.resolve({ status: 200, text: JSON.stringify({ hello: 1 }) });
    const r = await new PipelineHealthChecker({ stageUrls, servers: [], timeoutMs: 20, httpGet }).report();
    expect(r.stages[0]?.reason).toBe('GET /health answered 502 with a body that is not JSON');
    expect(r.stages[1]).toMatchObject({ status: 'down', reason: 'unknown status "sleeping"' });
    expect(r.stages[2]?.status).toBe('down');
    expect(r.stages[2]?.reason).toMatch(/unexpected body/);
  });
});
