import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@newsflow/messaging';
import type { InfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';
import { kafkaServer } from './kafka-server.adapter.js';
import type { ManagedServer, ServerName } from './managed-server.schema.js';
import { isPortOpen } from './net.adapter.js';
import { opensearchServer } from './opensearch-server.adapter.js';
import {
  commandLine,
  isAlive,
  isOurProcess,
  readPidFile,
  removePidFile,
  residentMiB,
  tailFile,
  terminate,
  withLockFile,
  writePidFile,
  type StopOutcome,
} from './process.adapter.js';
import { redisServer } from './redis-server.adapter.js';

/** running: ours and healthy; external: healthy on its port but not started by us; unhealthy: ours but not answering. */
export type ServerState = 'running' | 'external' | 'unhealthy' | 'stopped';

/** What `up` and `status` know about one server. */
export interface ServerReport {
  readonly name: ServerName;
  readonly state: ServerState;
  readonly endpoint: string;
  readonly ports: readonly number[];
  readonly pid?: number;
  readonly logFile?: string;
  /** Health description (version, broker count) or why it is not healthy. */
  readonly detail?: string;
  readonly rssMiB?: number;
  /** What `up` did: started it, found it already running, or reused a server we did not start. */
  readonly action?: 'started' | 'already-running' | 'reused-external';
  /** Seconds `up` spent on this server (jar fetch + start + health wait). */
  readonly seconds?: number;
}

/** Result of `down` for one server. */
export interface StopReport {
  readonly name: ServerName;
  readonly pid?: number;
  readonly outcome: StopOutcome | 'external-left-alone';
}

type Log = (line: string) => void;

/** The stack's servers in start order (Redis first: it is quick and the JVMs then share the CPU). */
export function stackServers(config: InfraConfig): ManagedServer[] {
  return [redisServer(config), kafkaServer(config), opensearchServer(config)];
}

/** Pids of live processes whose command line carries the tag (our JVMs whose pid file was lost). */
function taggedPids(tag: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid && isAlive(pid) && commandLine(pid).includes(tag));
}

/** Names newsflow JVMs of other run folders (another clone's stack), the usual holder of a taken port. */
function otherStacks(name: ServerName): string {
  const others = taggedPids(`-Dnewsflow.infra=${name}@`).map((pid) => {
    const m = new RegExp(`-Dnewsflow\\.infra=${name}@(\\S+)`).exec(commandLine(pid));
    return `pid ${pid} from ${m?.[1] ?? '?'}`;
  });
  return others.length > 0
    ? `; a newsflow ${name} of another run folder is running: ${others.join(', ')}`
    : '';
}

/** Our live process for a server: from its pid file, else (JVMs only) by scanning for its tag. */
function ourPid(server: ManagedServer): number | undefined {
  const pid = readPidFile(server.pidFile);
  if (pid !== undefined && isOurProcess(pid, server.tag)) return pid;
  if (server.reuseExternal) return undefined; // the tag of a redis-server is not unique to us
  return taggedPids(server.tag)[0];
}

function fmtSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function waitHealthy(server: ManagedServer, pid: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // liveness first: a healthy answer on the port must come from our process, not from one that took its place
    const alive = isAlive(pid);
    const detail = alive ? await server.health() : undefined;
    if (detail !== undefined) return detail;
    if (!alive) {
      throw new InfraError(
        'START_FAILED',
        `${server.name} (pid ${pid}) exited during start-up; last lines of ${server.logFile}:\n${tailFile(server.logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new InfraError(
        'UNHEALTHY',
        `${server.name} (pid ${pid}) did not become healthy at ${server.endpoint} within ${fmtSeconds(timeoutMs)}` +
          ` (raise NEWSFLOW_INFRA_START_TIMEOUT_MS if the machine is busy); last lines of ${server.logFile}:\n` +
          tailFile(server.logFile),
      );
    }
    await sleep(500);
  }
}

async function upOne(server: ManagedServer, config: InfraConfig, log: Log): Promise<ServerReport> {
  const t0 = Date.now();
  const base = { name: server.name, endpoint: server.endpoint, ports: server.ports.map((p) => p.port) };
  const existing = ourPid(server);
  if (existing !== undefined) {
    writePidFile(server.pidFile, existing);
    const detail = (await server.health()) ?? (await waitHealthy(server, existing, config.startTimeoutMs));
    return {
      ...base,
      state: 'running',
      pid: existing,
      logFile: server.logFile,
      detail,
      action: 'already-running',
      seconds: (Date.now() - t0) / 1000,
    };
  }
  removePidFile(server.pidFile);

  const external = (detail: string): ServerReport => ({
    ...base,
    state: 'external',
    detail: `${detail} (not started by newsflow, left as it is)`,
    action: 'reused-external',
    seconds: (Date.now() - t0) / 1000,
  });
  if (server.reuseExternal) {
    const detail = await server.health();
    if (detail !== undefined) return external(detail);
  }
  if (server.install) {
    server.install(log);
    // installing the Debian package may itself have started a system server on the port
    const detail = server.reuseExternal ? await server.health() : undefined;
    if (detail !== undefined) return external(detail);
  }
  for (const { port, env } of server.ports) {
    if (await isPortOpen(port)) {
      throw new InfraError(
        'PORT_IN_USE',
        `${server.name}: port ${port} on 127.0.0.1 is already in use by a process this newsflow run folder did not start` +
          `${otherStacks(server.name)} (find it with \`ss -ltnp 'sport = :${port}'\`; stop it or set ${env} to another port)`,
      );
    }
  }

  const pid = await server.start(log);
  writePidFile(server.pidFile, pid);
  log(`${server.name}: started pid ${pid}, waiting for health (log ${server.logFile})`);
  try {
    const detail = await waitHealthy(server, pid, config.startTimeoutMs);
    await server.afterStart?.(log);
    return {
      ...base,
      state: 'running',
      pid,
      logFile: server.logFile,
      detail,
      rssMiB: residentMiB(pid),
      action: 'started',
      seconds: (Date.now() - t0) / 1000,
    };
  } catch (err) {
    // leave nothing half-started behind
    await terminate(pid, config.stopTimeoutMs);
    removePidFile(server.pidFile);
    throw err;
  }
}

/**
 * Brings the stack up: Redis (reused if one answers), then Kafka and OpenSearch in parallel. Idempotent: servers we
 * already run are only health-checked. Throws an {@link InfraError} naming every server that failed; the others stay up.
 */
export async function infraUp(
  config: InfraConfig,
  log: Log = () => undefined,
  servers: ManagedServer[] = stackServers(config),
): Promise<ServerReport[]> {
  mkdirSync(config.runDir, { recursive: true });
  return withLockFile(lockFile(config), config.startTimeoutMs * 2, () => upAll(config, log, servers));
}

function lockFile(config: InfraConfig): string {
  return join(config.runDir, '.infra.lock');
}

async function upAll(config: InfraConfig, log: Log, servers: ManagedServer[]): Promise<ServerReport[]> {
  // Redis first (when listed); the JVMs in parallel (a Kafka or OpenSearch quorum forms only once most are up)
  const redis = servers.find((s) => s.name === 'redis');
  const jvms = servers.filter((s) => s !== redis);
  const settled: Array<PromiseSettledResult<ServerReport>> = [];
  if (redis) settled.push(...(await Promise.allSettled([upOne(redis, config, log)])));
  settled.push(...(await Promise.allSettled(jvms.map((s) => upOne(s, config, log)))));
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length > 0) {
    const first = failures[0]?.reason as unknown;
    const code = first instanceof InfraError ? first.code : 'START_FAILED';
    const messages = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
    throw new InfraError(code, messages.join('\n\n'));
  }
  return settled.map((s) => (s as PromiseFulfilledResult<ServerReport>).value);
}

/** Current state of each server, without starting or stopping anything. */
export async function infraStatus(
  config: InfraConfig,
  servers: ManagedServer[] = stackServers(config),
): Promise<ServerReport[]> {
  return Promise.all(
    servers.map(async (server): Promise<ServerReport> => {
      const base = { name: server.name, endpoint: server.endpoint, ports: server.ports.map((p) => p.port) };
      const pid = ourPid(server);
      const detail = await server.health();
      if (pid !== undefined) {
        return {
          ...base,
          pid,
          logFile: server.logFile,
          state: detail ? 'running' : 'unhealthy',
          detail: detail ?? 'not answering',
          rssMiB: residentMiB(pid),
        };
      }
      if (detail !== undefined)
        return { ...base, state: 'external', detail: `${detail} (not started by newsflow)` };
      const taken = [];
      for (const { port } of server.ports) if (await isPortOpen(port)) taken.push(port);
      return {
        ...base,
        state: 'stopped',
        detail: taken.length ? `port ${taken.join(', ')} in use by another process` : undefined,
      };
    }),
  );
}

/**
 * Stops the servers we started (SIGTERM, then SIGKILL after config.stopTimeoutMs), never a Redis we found running.
 * `only` limits it to some servers. With purge, also deletes their data (Kafka log dirs, OpenSearch indices) so the next `up` starts empty.
 */
export async function infraDown(
  config: InfraConfig,
  log: Log = () => undefined,
  options: { purge?: boolean; only?: readonly ServerName[]; servers?: ManagedServer[] } = {},
): Promise<StopReport[]> {
  mkdirSync(config.runDir, { recursive: true });
  return withLockFile(lockFile(config), config.stopTimeoutMs * 4, () => downAll(config, log, options));
}

async function downAll(
  config: InfraConfig,
  log: Log,
  options: { purge?: boolean; only?: readonly ServerName[]; servers?: ManagedServer[] },
): Promise<StopReport[]> {
  const servers = (options.servers ?? stackServers(config)).filter(
    (s) => !options.only || options.only.includes(s.name),
  );
  const reports = await Promise.all(
    servers.map(async (server): Promise<StopReport> => {
      const pids = new Set<number>();
      const pid = ourPid(server);
      if (pid !== undefined) pids.add(pid);
      if (!server.reuseExternal) for (const p of taggedPids(server.tag)) pids.add(p);
      removePidFile(server.pidFile);
      if (pids.size === 0) {
        const external = server.reuseExternal && (await server.health()) !== undefined;
        return { name: server.name, outcome: external ? 'external-left-alone' : 'not-running' };
      }
      let outcome: StopOutcome = 'not-running';
      for (const p of pids) {
        log(`${server.name}: stopping pid ${p} (SIGTERM, SIGKILL after ${fmtSeconds(config.stopTimeoutMs)})`);
        outcome = await terminate(p, config.stopTimeoutMs);
      }
      return { name: server.name, pid, outcome };
    }),
  );
  if (options.purge) {
    for (const s of servers) rmSync(join(config.runDir, s.name), { recursive: true, force: true });
    log(`purged server data under ${config.runDir}`);
  }
  return reports;
}
