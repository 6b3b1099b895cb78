import type { Command } from 'commander';
import {
  infraDown,
  infraStatus,
  infraUp,
  loadInfraConfig,
  type InfraConfig,
  type ServerReport,
} from '../infra/index.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describe(r: ServerReport): string {
  const parts = [`${r.name.padEnd(10)} ${r.state.padEnd(9)} ${r.endpoint}`];
  if (r.pid !== undefined) parts.push(`pid ${r.pid}`);
  if (r.rssMiB !== undefined) parts.push(`rss ${r.rssMiB} MiB`);
  if (r.seconds !== undefined) parts.push(`${r.seconds.toFixed(1)} s`);
  if (r.logFile) parts.push(`log ${r.logFile}`);
  const head = parts.join('  ');
  return r.detail ? `${head}\n${' '.repeat(11)}${r.detail}` : head;
}

function withTimeout(config: InfraConfig, timeout: string | undefined): InfraConfig {
  if (timeout === undefined) return config;
  const ms = Number.parseInt(timeout, 10);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`--timeout must be a positive number of milliseconds, got ${timeout}`);
  return { ...config, stopTimeoutMs: ms };
}

/** `newsflow infra up|down|status`: the native local stack (see infra/local/README.md). */
export function registerInfraCommands(program: Command): void {
  const infra = program
    .command('infra')
    .description('the local stack without Docker: Kafka 4 (KRaft), OpenSearch 2.19, Redis');

  infra
    .command('up')
    .description(
      'fetch jars if needed, start Kafka, OpenSearch and Redis on 127.0.0.1 and wait until healthy (idempotent)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadInfraConfig();
      const t0 = Date.now();
      if (!opts.json) say(`infra up: run folder ${config.runDir}, jar cache ${config.cacheDir}`);
      const reports = await infraUp(config, opts.json ? undefined : say);
      const seconds = (Date.now() - t0) / 1000;
      if (opts.json) {
        say(JSON.stringify({ seconds, servers: reports }, null, 2));
        return;
      }
      for (const r of reports) say(describe(r));
      say(`infra up: stack ready in ${seconds.toFixed(1)} s`);
    });

  infra
    .command('status')
    .description(
      'show each server: running, unhealthy, external or stopped, with pid and port (exit 3 unless all are up)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadInfraConfig();
      const reports = await infraStatus(config);
      if (opts.json) say(JSON.stringify(reports, null, 2));
      else for (const r of reports) say(describe(r));
      // scripts can test `newsflow infra status` before deciding to run `up`
      if (reports.some((r) => r.state !== 'running' && r.state !== 'external')) process.exitCode = 3;
    });

  infra
    .command('down')
    .description(
      'stop the servers newsflow started (SIGTERM, then SIGKILL after the timeout); a pre-existing Redis is left alone',
    )
    .option(
      '--timeout <ms>',
      'time between SIGTERM and SIGKILL (default NEWSFLOW_INFRA_STOP_TIMEOUT_MS or 30000)',
    )
    .option('--purge', 'also delete the servers’ data (topics, indices) so the next up starts empty')
    .action(async (opts: { timeout?: string; purge?: boolean }) => {
      const config = withTimeout(loadInfraConfig(), opts.timeout);
      const t0 = Date.now();
      const reports = await infraDown(config, say, { purge: opts.purge === true });
      for (const r of reports)
        say(`${r.name.padEnd(10)} ${r.outcome}${r.pid !== undefined ? ` (pid ${r.pid})` : ''}`);
      say(`infra down: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
}
