import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SERVICES, STAGE_NAMES, type ServiceName } from '@newsflow/contracts';
import { stopServices, type RunningService } from '../../libs/cli/src/pipeline/services.adapter.js';
import { dashboardExpressions } from '../../tools/deploy/grafana-dashboard.js';
import { prometheusConfigObject } from '../../tools/deploy/deploy-files.js';
import { freePorts } from '../support/free-ports.js';
import {
  buildWorkspace,
  freeServicePorts,
  pipelineEnv,
  removePipelineResources,
  startPipeline,
} from '../support/pipeline-services.js';
import { stackEndpoints } from '../support/stack-env.js';
import { launchChromium } from '../support/chromium.js';
import { until, type UntilOptions } from '../support/wait.js';
import { testName } from '../support/test-names.js';

/**
 * The pipeline's observability against the real thing: the five services as processes on a test prefix, a real
 * Prometheus server (Debian package `prometheus`, own port and temp storage) scraping them with the generated
 * config and the alert rules, and the /dashboard page in headless Chromium.
 */
const root = resolve(__dirname, '../..');
const seedPath = join(root, 'seeds/aggregator-page-dump.txt');
const artifacts = join(root, '.newsflow', 'test-artifacts');
const ADMIN_KEY = 'observability-admin-key';

let prefix: string;
let services: RunningService[] = [];
let gateway: string;
let prom: ChildProcess | undefined;
let promUrl: string;
let scratch: string;
let browser: Browser | undefined;
let page: Page;
let ports: Record<ServiceName, number>;

/** This suite's polls: a poll that throws counts as "not yet", one poll every 500 ms, 120 s unless said otherwise. */
const poll = (timeoutMs = 120_000): UntilOptions => ({ retryErrors: true, intervalMs: 500, timeoutMs });

function kcatProduce(file: string): void {
  const brokers = stackEndpoints().kafkaBrokers.join(',');
  execFileSync('kcat', ['-P', '-b', brokers, '-t', `${prefix}.news.ingest.v1`, file], { stdio: 'pipe' });
}

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

async function promQuery(expr: string): Promise<{ status: string; error?: string; result: PromVector[] }> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: PromVector[] } };
  return {
    status: body.status,
    ...(body.error ? { error: body.error } : {}),
    result: body.data?.result ?? [],
  };
}

/** Metric names a PromQL expression reads (label values and recording-rule names, with a colon, left out). */
function metricNames(expr: string): string[] {
  return expr.replace(/"[^"]*"/g, '""').match(/(?<![:\w])(newsflow_[a-z0-9_]+|up)(?![:\w])/g) ?? [];
}

beforeAll(async () => {
  if (spawnSync('kcat', ['-V']).error) throw new Error('kcat is not installed (Debian package kcat)');
  if (spawnSync('prometheus', ['--version']).error)
    throw new Error('prometheus is not installed (Debian package prometheus; .ci/run installs it)');
  buildWorkspace();

  prefix = testName('obs');
  scratch = mkdtempSync(join(tmpdir(), 'newsflow-obs-'));
  mkdirSync(artifacts, { recursive: true });
  ports = await freeServicePorts();
  gateway = `http://127.0.0.1:${ports.gateway}`;
  const env = pipelineEnv(prefix, {
    GATEWAY_API_KEY: ADMIN_KEY,
    GATEWAY_STAGE_URLS: STAGE_NAMES.map((n) => `${n}=http://127.0.0.1:${ports[n]}`).join(','),
  });
  services = await startPipeline(prefix, env, ports);

  // The generated scrape config, pointed at this run's ports, with the real alert rules.
  const promPort = (await freePorts(1))[0] ?? 0;
  promUrl = `http://127.0.0.1:${promPort}`;
  const config = prometheusConfigObject({
    targets: Object.fromEntries(SERVICES.map((s) => [s.name, `127.0.0.1:${ports[s.name]}`])) as Record<
      ServiceName,
      string
    >,
    ruleFiles: [join(root, 'infra/prometheus/alerts.yml')],
    // short, but not shorter than a loaded 2-core machine needs to answer a scrape
    scrapeInterval: '2s',
    evaluationInterval: '2s',
  });
  writeFileSync(join(scratch, 'prometheus.yml'), stringify(config));
  prom = spawn(
    'prometheus',
    [
      `--config.file=${join(scratch, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(scratch, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let promLog = '';
  prom.stderr?.on('data', (c: Buffer) => (promLog = (promLog + c.toString()).slice(-4000)));
  await until(
    'Prometheus to be ready',
    async () => ((await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined),
    poll(),
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${promLog}`);
  });

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1700 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  prom?.kill('SIGTERM');
  await stopServices(services);
  // Topics, groups, indices, template and Redis keys (queue, dedup, semaphores): all carry the prefix.
  if (prefix) await removePipelineResources(prefix);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const text = async (selector: string) => (await page.textContent(selector))?.trim() ?? '';
const num = async (selector: string) => Number((await text(selector)).replace(/,/g, ''));

describe('observability on a running pipeline', () => {
  it('the dashboard counts rise while the seed flows, renders article text as text, and replays a dead letter', async () => {
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(gateway)) external.push(r.url());
    });
    await page.goto(`${gateway}/dashboard`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'live');
    // The gateway samples the stages every few seconds: its first sample may predate a stage's start.
    await page.waitForFunction(
      (stages) =>
        stages.every(
          (s) =>
            document.querySelector(`[data-stage="${s}"] [data-field="state"]`)?.textContent?.trim() === 'up',
        ),
      [...STAGE_NAMES],
      { timeout: 60_000 },
    );
    for (const s of STAGE_NAMES) expect(await text(`[data-stage="${s}"] [data-field="state"]`), s).toBe('up');
    const before = await num('#articles-indexed');

    kcatProduce(seedPath);
    // A dump whose title is markup: the page must show it as text, never run it.
    const hostile = join(scratch, 'hostile.txt');
    writeFileSync(
      hostile,
      '<img src=x onerror="window.__pwned=1"> Harbour authority opens <script>window.__pwned=2</script> new ferry terminal\n\n' +
        'The harbour authority opened a new ferry terminal on Monday after two years of construction work, ' +
        'doubling the number of daily crossings to the islands and adding a covered waiting hall for passengers. ' +
        'Officials said the terminal would cut queues during the summer season and serve electric ferries from next year.\n',
    );
    kcatProduce(hostile);
    // Undecodable bytes: a dead letter with a reason.
    const binary = join(scratch, 'binary.bin');
    writeFileSync(
      binary,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1024)]),
    );
    kcatProduce(binary);

    await page.waitForFunction(
      // the seed's four articles (the hostile dump may or may not be kept as an article by clean)
      (n) => Number(document.getElementById('articles-indexed')?.textContent?.replace(/,/g, '')) >= n + 4,
      before,
      { timeout: 120_000 },
    );
    expect(await num('[data-stage="index"] [data-field="out"]')).toBeGreaterThanOrEqual(4);
    expect(await num('[data-stage="fetch"] [data-field="in"]')).toBeGreaterThanOrEqual(3);
    // rates come from the gateway's history: at least one sample saw articles flow
    await page.waitForFunction(
      () => Number(document.getElementById('chart-articles')?.getAttribute('data-points')) >= 2,
    );
    await page.waitForSelector('#latest-articles [data-article]');
    const titles = await page.$$eval('#latest-articles [data-field="title"]', (tds) =>
      tds.map((t) => t.textContent),
    );
    expect(titles).toContain("China says ready to 'expand practical cooperation' with Russian army");
    // quality panel filled from OpenSearch aggregations
    await page.waitForFunction(
      () => document.querySelector('#quality [data-field="articles-per-dump"]')?.textContent !== '–',
      undefined,
      { timeout: 60_000 },
    );
    expect(Number(await text('#quality [data-field="articles-per-dump"]'))).toBeGreaterThan(1);

    // the hostile title: shown as text when clean kept the markup, never executed, no element injected
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('#latest-articles img, #latest-articles script, #dead-letters img')).toHaveLength(0);

    // the dead letter, with its reason, replayed with the admin key
    const dl = await page.waitForSelector('#dead-letters [data-code="binary"]', { timeout: 60_000 });
    expect(await dl.$eval('[data-field="reason"]', (td) => td.textContent)).toMatch(
      /PNG image, not a text dump/,
    );
    await page.fill('#admin-key', 'wrong-key-000');
    await dl.$eval('button[data-action="replay"]', (b) => (b as HTMLButtonElement).click());
    await page.waitForFunction(() =>
      document.getElementById('replay-result')?.textContent?.startsWith('replay refused'),
    );
    await page.fill('#admin-key', ADMIN_KEY);
    await dl.$eval('button[data-action="replay"]', (b) => (b as HTMLButtonElement).click());
    await page.waitForFunction(() =>
      document.getElementById('replay-result')?.textContent?.startsWith('replayed to'),
    );
    expect(await text('#replay-result')).toBe(`replayed to ${prefix}.news.ingest.v1`);

    expect(await text('#overall')).toBe('all up');
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
    if (process.env.NEWSFLOW_UPDATE_SCREENSHOT === '1')
      await page.screenshot({ path: join(root, 'docs/dashboard.png'), fullPage: false });
    expect(external).toEqual([]);
  });

  it('Prometheus scrapes every service and every metric the alert rules and the Grafana dashboard use has samples', async () => {
    type Target = { labels: { job: string }; health: string; lastError: string };
    let seen: Target[] = [];
    const targets = await until(
      'every target up',
      async () => {
        const res = await fetch(`${promUrl}/api/v1/targets`);
        const body = (await res.json()) as { data: { activeTargets: Target[] } };
        seen = body.data.activeTargets;
        return seen.length === SERVICES.length && seen.every((x) => x.health === 'up') ? seen : undefined;
      },
      poll(),
    ).catch((err: unknown) => {
      const down = seen
        .filter((t) => t.health !== 'up')
        .map((t) => `${t.labels.job}: ${t.health} ${t.lastError}`);
      throw new Error(`${err instanceof Error ? err.message : String(err)}; not up: ${down.join('; ')}`);
    });
    expect(targets.map((t) => t.labels.job).sort()).toEqual(SERVICES.map((s) => `newsflow-${s.name}`).sort());
    const rules = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.length).toBeGreaterThanOrEqual(13);
    const alertsFile = parse(readFileSync(join(root, 'infra/prometheus/alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ expr: string }> }>;
    };
    const exprs = [
      ...alertsFile.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboardExpressions(),
    ];
    const names = [...new Set(exprs.flatMap(metricNames))].sort();
    expect(names).toEqual(
      expect.arrayContaining(['newsflow_pipeline_consumer_lag', 'newsflow_quality_empty_dump_share', 'up']),
    );
    const missing = await until(
      'samples of every metric',
      async () => {
        const without: string[] = [];
        for (const n of names) {
          const q = await promQuery(`count({__name__="${n}"})`);
          if (q.result.length === 0) without.push(n);
        }
        return without.length === 0 ? without : undefined;
      },
      poll(90_000),
    ).catch(async () => {
      const without: string[] = [];
      for (const n of names)
        if ((await promQuery(`count({__name__="${n}"})`)).result.length === 0) without.push(n);
      return without;
    });
    expect(missing, `metrics without samples: ${missing.join(', ')}`).toEqual([]);
    // every rule evaluates without error on real data
    const after = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as typeof rules;
    for (const r of after.data.groups.flatMap((g) => g.rules))
      expect(r.health, `${r.name}: ${r.lastError ?? ''}`).toBe('ok');
  });

  it('every PromQL expression of the Grafana dashboard parses and returns data', async () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThanOrEqual(20);
    const empty = await until(
      'data for every dashboard expression',
      async () => {
        const without: string[] = [];
        for (const e of exprs) {
          const q = await promQuery(e);
          expect(q.status, `${e}: ${q.error ?? ''}`).toBe('success');
          if (q.result.length === 0) without.push(e);
        }
        return without.length === 0 ? without : undefined;
      },
      poll(90_000),
    ).catch(async () => {
      const without: string[] = [];
      for (const e of exprs) if ((await promQuery(e)).result.length === 0) without.push(e);
      return without;
    });
    expect(empty, `expressions without data: ${empty.join(' | ')}`).toEqual([]);
    // a malformed expression is refused: "parses" is a real check
    expect((await promQuery('sum by (stage (newsflow_pipeline_consumer_lag)')).status).toBe('error');
  });

  it('a stopped stage shows down on the dashboard, in the gateway /health and in Prometheus', async () => {
    const classify = services.find((s) => s.name === 'classify');
    if (!classify) throw new Error('classify is not running');
    await stopServices([classify]);
    await page.waitForFunction(
      () => document.querySelector('[data-stage="classify"] [data-field="state"]')?.textContent === 'down',
      undefined,
      { timeout: 60_000 },
    );
    expect(await text('[data-card="classify"] [data-field="reason"]')).toMatch(/no answer from .*\/health/);
    expect(await text('#overall')).toMatch(/not healthy/);
    expect(await text('[data-node="classify"] small')).toBe('down');
    await page.screenshot({ path: join(artifacts, 'dashboard-stage-down.png'), fullPage: true });

    const health = await fetch(`${gateway}/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as {
      unhealthy: Array<{ part: string; status: string; reason: string }>;
    };
    expect(body.unhealthy.map((u) => `${u.part} ${u.status}`)).toEqual(['classify down']);
    expect(body.unhealthy[0]?.reason).toMatch(/connection refused/);

    await until(
      'Prometheus to see classify down',
      async () => {
        const [status, up] = await Promise.all([
          promQuery('newsflow_pipeline_stage_status{stage="classify",status="down"} == 1'),
          promQuery('up{job="newsflow-classify"} == 0'),
        ]);
        return status.result.length === 1 && up.result.length === 1 ? true : undefined;
      },
      poll(60_000),
    );
  });
});
