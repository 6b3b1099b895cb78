import type { Command } from 'commander';
import { SERVICES, STAGE_NAMES, type StageName } from '@newsflow/contracts';
import { sleep } from '@newsflow/messaging';
import { loadCliEnv } from '../pipeline/cli-env.js';

/** What `newsflow status` reads from the gateway: GET /health (the truth) and GET /v1/stats/dashboard (rates). */
export interface HealthBody {
  status: string;
  unhealthy: Array<{ part: string; status: string; reason: string }>;
  stages: Array<{ stage: StageName; status: string; reason?: string; consumer?: { restarts?: number } }>;
  servers: Array<{ name: string; ok: boolean; detail?: string }>;
}

interface PointStage {
  inPerSec: number | null;
  outPerSec: number | null;
  failedPerSec: number | null;
  deadLettersPerSec: number | null;
  lag: number | null;
}

export interface DashboardBody {
  stats: { articlesIndexed: number | null; opensearch: { status: string | null } } | null;
  series: Array<{
    articlesPerSec: number | null;
    lag: number | null;
    e2eP99Seconds: number | null;
    deadLettersPerSec: number | null;
    stages: Record<StageName, PointStage>;
  }>;
}

const rate = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : v >= 10 ? v.toFixed(0) : v.toFixed(2);
const int = (v: number | null | undefined) => (v === null || v === undefined ? '-' : String(v));

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The status screen: services (state and why), servers, lag and rates. */
export function renderStatus(
  gatewayUrl: string,
  health: HealthBody | { error: string },
  dash: DashboardBody | undefined,
): string {
  if ('error' in health) {
    return [
      `gateway  ${gatewayUrl}  DOWN: ${health.error}`,
      'The gateway aggregates the stages and the servers; without it start the pipeline (`npm start`) or check its log.',
    ].join('\n');
  }
  const point = dash?.series.at(-1);
  const rows = [['SERVICE', 'STATUS', 'IN/S', 'OUT/S', 'ERR/S', 'DLQ/S', 'LAG', 'RESTARTS', 'REASON']];
  for (const name of STAGE_NAMES) {
    const s = health.stages.find((x) => x.stage === name);
    const p = point?.stages[name];
    rows.push([
      name,
      s?.status ?? 'unknown',
      rate(p?.inPerSec),
      rate(p?.outPerSec),
      rate(p?.failedPerSec),
      rate(p?.deadLettersPerSec),
      int(p?.lag),
      int(s?.consumer?.restarts),
      s?.reason ?? '',
    ]);
  }
  rows.push(['gateway', 'up', '', '', '', '', '', '', gatewayUrl]);
  const servers = [['SERVER', 'STATUS', 'DETAIL']];
  for (const s of health.servers) servers.push([s.name, s.ok ? 'up' : 'down', s.detail ?? '']);
  const summary = [
    `pipeline: ${health.status === 'up' ? 'all up' : `${health.unhealthy.length} part(s) not healthy`}`,
    `articles indexed: ${int(dash?.stats?.articlesIndexed)}`,
    `articles/s: ${rate(point?.articlesPerSec)}`,
    `total lag: ${int(point?.lag)}`,
    `dead letters/s: ${rate(point?.deadLettersPerSec)}`,
    `ingest→indexed p99: ${point?.e2eP99Seconds === null || point?.e2eP99Seconds === undefined ? '-' : `${point.e2eP99Seconds.toFixed(2)} s`}`,
  ].join('  ·  ');
  return [summary, '', table(rows), '', table(servers)].join('\n');
}

async function getJson<T>(url: string, timeoutMs: number): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return (await res.json()) as T;
}

async function snapshot(gatewayUrl: string): Promise<{ text: string; healthy: boolean }> {
  let health: HealthBody | { error: string };
  try {
    // /health answers 503 with the same body when something is not healthy
    health = await getJson<HealthBody>(`${gatewayUrl}/health`, 8000);
  } catch (e) {
    health = { error: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message };
  }
  const dash =
    'error' in health
      ? undefined
      : await getJson<DashboardBody>(
          `${gatewayUrl}/v1/stats/dashboard?since=${Date.now() - 60_000}`,
          8000,
        ).catch(() => undefined);
  return {
    text: renderStatus(gatewayUrl, health, dash),
    healthy: !('error' in health) && health.status === 'up',
  };
}

export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description(
      `services (${SERVICES.map((s) => s.name).join(', ')}: up / stalled / blocked / down and why), servers, lag and rates, from the gateway; exit code 1 when something is not healthy`,
    )
    .option('-w, --watch [seconds]', 'refresh every few seconds until Ctrl-C', false)
    .action(async (opts: { watch: boolean | string }) => {
      const env = loadCliEnv();
      if (opts.watch === false) {
        const s = await snapshot(env.GATEWAY_URL);
        process.stdout.write(`${s.text}\n`);
        process.exitCode = s.healthy ? 0 : 1;
        return;
      }
      const seconds = opts.watch === true ? 2 : Number(opts.watch);
      if (!Number.isFinite(seconds) || seconds < 0.5)
        throw new Error('--watch takes a number of seconds ≥ 0.5');
      for (;;) {
        const s = await snapshot(env.GATEWAY_URL);
        process.stdout.write(
          `\x1b[2J\x1b[H${new Date().toLocaleTimeString()}  (every ${seconds} s, Ctrl-C to stop)\n\n${s.text}\n`,
        );
        await sleep(seconds * 1000);
      }
    });
}
