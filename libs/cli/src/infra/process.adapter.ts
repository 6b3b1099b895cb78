import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sleep } from '@newsflow/messaging';
import { InfraError } from './infra.exception.js';

/** Reads a pid file; undefined when absent or not a number. */
export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}

/** The process's command line from /proc (Linux), '' when it is gone or unreadable. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** True when the pid names a live process; a zombie (exited, not yet reaped) counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — the state letter follows the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * A pid file can outlive its process and the pid be reused by anything, so a process is "ours" only when it is alive
 * AND its command line carries the tag we launched it with.
 */
export function isOurProcess(pid: number, tag: string): boolean {
  return isAlive(pid) && commandLine(pid).includes(tag);
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts a long-running server detached from this process (own session, stdio to its log file, not waited for),
 * so it survives the CLI that started it. Returns its pid.
 */
export function spawnDetached(command: string, args: readonly string[], options: SpawnOptions): number {
  const fd = openSync(options.logFile, 'w');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) {
      throw new InfraError('START_FAILED', `could not start ${command}: is it installed and on PATH?`);
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Runs a short command to completion; throws with its output when it fails. */
export function runToCompletion(command: string, args: readonly string[], cwd: string, what: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'TOOL_MISSING' : 'START_FAILED';
    throw new InfraError(code, `${what}: cannot run ${command} (${r.error.message})`);
  }
  if (r.status !== 0) {
    const out = `${r.stdout}${r.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new InfraError('START_FAILED', `${what} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return r.stdout;
}

/** What {@link terminate} had to do. */
export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** SIGTERM, wait up to timeoutMs for a clean exit (both JVMs have shutdown hooks), then SIGKILL. */
export async function terminate(pid: number, timeoutMs: number): Promise<StopOutcome> {
  if (!isAlive(pid)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'terminated';
  }
  for (let i = 0; i < 50 && isAlive(pid); i += 1) await sleep(100);
  if (isAlive(pid)) throw new InfraError('STOP_FAILED', `process ${pid} survived SIGKILL`);
  return 'killed';
}

/** Last lines of a log file, for failure messages. */
export function tailFile(file: string, lines = 40): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Resident set size of a process in MiB from /proc, undefined when unknown. */
export function residentMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Math.round(Number.parseInt(m[1], 10) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL, holding our pid), so two `infra up`/`down` on
 * one run folder (two developers' test runs on a shared machine) do not both start a broker. A lock whose owner is
 * dead is taken over; a live owner is waited for, at most timeoutMs.
 */
export async function withLockFile<T>(file: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readPidFile(file);
      if (owner === undefined || !isAlive(owner)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new InfraError(
          'START_FAILED',
          `another newsflow infra command (pid ${owner}) holds ${file}; try again when it ends`,
        );
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
