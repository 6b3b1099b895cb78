import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICES, SERVICE_MALLOC_ENV, STAGES } from '@newsflow/contracts';
import { sleep } from '../../../../test/support/wait.js';
import {
  INSTANCE_PORT_STEP,
  MAX_INSTANCES,
  idleInstancesNote,
  instancesOf,
  parseInstances,
} from './instances.js';
import { startServices, stopServices, type RunningService } from './services.adapter.js';

describe('parseInstances', () => {
  it('takes --instances over NEWSFLOW_INSTANCES, default 1', () => {
    expect(parseInstances(undefined, {})).toBe(1);
    expect(parseInstances(undefined, { NEWSFLOW_INSTANCES: '3' })).toBe(3);
    expect(parseInstances('2', { NEWSFLOW_INSTANCES: '3' })).toBe(2);
    expect(parseInstances(undefined, { NEWSFLOW_INSTANCES: ' ' })).toBe(1);
  });

  it('rejects values outside 1..MAX_INSTANCES naming the source', () => {
    expect(() => parseInstances('0', {})).toThrow(/--instances must be an integer from 1 to 20, got "0"/);
    expect(() => parseInstances('2.5', {})).toThrow(/--instances/);
    expect(() => parseInstances(String(MAX_INSTANCES + 1), {})).toThrow(/--instances/);
    expect(() => parseInstances(undefined, { NEWSFLOW_INSTANCES: 'many' })).toThrow(
      /NEWSFLOW_INSTANCES.*"many"/,
    );
  });
});

describe('instancesOf', () => {
  it('gives instance i of a stage the port + 100·i and its own log; the gateway runs once', () => {
    expect(instancesOf('clean', 3002, 3)).toEqual([
      { name: 'clean', instance: 0, port: 3002, logName: 'clean.log' },
      { name: 'clean', instance: 1, port: 3102, logName: 'clean-2.log' },
      { name: 'clean', instance: 2, port: 3202, logName: 'clean-3.log' },
    ]);
    expect(instancesOf('gateway', 3000, 3)).toEqual([
      { name: 'gateway', instance: 0, port: 3000, logName: 'gateway.log' },
    ]);
  });

  it('no two processes of `npm start` share a port at the largest instance count', () => {
    const ports = SERVICES.flatMap((s) => instancesOf(s.name, s.port, MAX_INSTANCES).map((i) => i.port));
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.max(...ports)).toBeLessThan(9092);
  });

  it('notes the instances that a topic with fewer partitions leaves idle', () => {
    expect(idleInstancesNote(6, 6)).toBeUndefined();
    expect(idleInstancesNote(8, 6)).toMatch(/2 instance\(s\) of each stage will sit idle/);
  });
});

/** A free TCP port whose +100 and +200 neighbours are free too (instances 2 and 3 of a stage). */
async function freeBase(): Promise<number> {
  const listen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
  for (;;) {
    const base = await listen(0);
    if (base === undefined || base + 2 * INSTANCE_PORT_STEP > 65535) continue;
    if ((await listen(base + INSTANCE_PORT_STEP)) && (await listen(base + 2 * INSTANCE_PORT_STEP)))
      return base;
  }
}

/**
 * startServices with real child processes: each "service" of a scratch repo is a tiny HTTP server that answers
 * every path with 200 and logs the port variable it was given, so the test sees what the supervisor really did.
 */
describe('startServices with instances', () => {
  const root = mkdtempSync(join(tmpdir(), 'newsflow-instances-'));
  let running: RunningService[] = [];
  afterAll(async () => {
    await stopServices(running, 5000);
    rmSync(root, { recursive: true, force: true });
  });
  for (const s of SERVICES) {
    mkdirSync(join(root, 'services', s.name, 'dist'), { recursive: true });
    writeFileSync(
      join(root, 'services', s.name, 'dist', 'main.js'),
      `const port = Number(process.env.${s.portEnv});
require('node:http').createServer((_, res) => res.end('ok')).listen(port, '127.0.0.1', () =>
  console.log('${s.name} listening on ' + port + ' pid ' + process.pid));
console.log('heap limit ' + Math.round(require('node:v8').getHeapStatistics().heap_size_limit / 1048576) + ' MiB, mmap threshold ' +
  process.env.MALLOC_MMAP_THRESHOLD_);
process.on('SIGTERM', () => process.exit(0));\n`,
    );
  }

  it('runs N processes of a stage on port + 100·i with a log each, one gateway, and restarts the one that dies', async () => {
    const cleanBase = await freeBase();
    const gatewayPort = await freeBase();
    const logDir = join(root, 'logs');
    const restarts: string[] = [];
    running = await startServices({
      repoRoot: root,
      logDir,
      env: { ...process.env },
      ports: { clean: cleanBase, gateway: gatewayPort },
      only: ['clean', 'gateway'],
      instances: 3,
      healthTimeoutMs: 15_000,
      supervise: { log: (l) => restarts.push(l), initialBackoffMs: 10 },
    });
    expect(running.map((s) => [s.name, s.instance, s.port])).toEqual([
      ['clean', 0, cleanBase],
      ['clean', 1, cleanBase + 100],
      ['clean', 2, cleanBase + 200],
      ['gateway', 0, gatewayPort],
    ]);
    expect(new Set(running.map((s) => s.pid)).size).toBe(4);
    for (const s of running) {
      expect((await fetch(`http://127.0.0.1:${s.port}${STAGES.clean.livePath}`)).status).toBe(200);
      expect(readFileSync(s.logFile, 'utf8')).toContain(`${s.name} listening on ${s.port} pid ${s.pid}`);
    }
    // each process runs with its topology's V8 heap flags and malloc settings (as docker-compose and k8s set them)
    for (const s of running) {
      const topo = SERVICES.find((x) => x.name === s.name);
      const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(topo?.nodeOptions ?? '')?.[1]);
      const limit = Number(/heap limit (\d+) MiB/.exec(readFileSync(s.logFile, 'utf8'))?.[1]);
      // V8's heap limit is the old space plus the young generation (3 semi-spaces of at most 8 MiB)
      expect(limit).toBeGreaterThanOrEqual(oldSpace);
      expect(limit).toBeLessThanOrEqual(oldSpace + 32);
      expect(readFileSync(s.logFile, 'utf8')).toContain(
        `mmap threshold ${SERVICE_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_}`,
      );
    }
    expect(running.map((s) => s.logFile.slice(logDir.length + 1))).toEqual([
      'clean.log',
      'clean-2.log',
      'clean-3.log',
      'gateway.log',
    ]);

    // kill -9 the third clean: the supervisor starts it again on the same port, logging to the same file
    const third = running[2] as RunningService;
    const oldPid = third.pid;
    const firstExit = third.exited;
    third.child.kill('SIGKILL');
    await firstExit;
    while (third.pid === oldPid) await sleep(50);
    while (!readFileSync(third.logFile, 'utf8').includes(`pid ${third.pid}`)) await sleep(50);
    expect(restarts.some((l) => l.includes('service clean#3 exited'))).toBe(true);
    expect(restarts.some((l) => l.includes(`service clean#3 restarted, pid ${third.pid}`))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${third.port}/health`)).status).toBe(200);
    expect(readFileSync(third.logFile, 'utf8')).toContain(
      `clean listening on ${cleanBase + 200} pid ${third.pid}`,
    );
  });
});
