import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, SERVICES, serviceRuntimeEnv, type ServiceName } from '@newsflow/contracts';
import { sleep } from '@newsflow/messaging';
import { instancesOf } from './instances.js';

export { SERVICE_NAMES, type ServiceName };

export const DEFAULT_SERVICE_PORTS = Object.fromEntries(SERVICES.map((s) => [s.name, s.port])) as Record<
  ServiceName,
  number
>;
const PORT_ENV = Object.fromEntries(SERVICES.map((s) => [s.name, s.portEnv])) as Record<ServiceName, string>;

export interface RunningService {
  name: ServiceName;
  /** Instance number (0 = the first; `instances` > 1 runs several of each stage). */
  instance: number;
  port: number;
  /** Pid of the current process (changes when a supervised service is restarted). */
  pid: number;
  logFile: string;
  /** The current process (replaced when a supervised service is restarted). */
  child: ChildProcess;
  /** Resolves with the exit code of the current process. */
  exited: Promise<number | null>;
  /** Restarts done by the supervisor so far. */
  restarts: number;
  /** Set by stopServices: the supervisor no longer restarts this service. */
  stopping: boolean;
}

export interface SuperviseOptions {
  /** Where restarts are reported (one line each). */
  log: (line: string) => void;
  /** First restart delay; doubles per quick consecutive crash up to `maxBackoffMs` (defaults 1 s and 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long before exiting resets the backoff (default 60 s). */
  stableAfterMs?: number;
}

export interface StartServicesOptions {
  repoRoot: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  ports?: Partial<Record<ServiceName, number>>;
  healthTimeoutMs?: number;
  /** Start only these services (default: all five). */
  only?: readonly ServiceName[];
  /** Instances of each stage (default 1), instance i on the stage's port + 100·i; the gateway runs once. */
  instances?: number;
  /**
   * Restart a service whose process exits (crash, `kill -9`, a stage that found its consumer dead and exited 70)
   * with exponential backoff, and print each restart. `npm start` supervises; tests that kill on purpose do not.
   */
  supervise?: SuperviseOptions;
}

const LIVE_PATH = Object.fromEntries(SERVICES.map((s) => [s.name, s.livePath])) as Record<
  ServiceName,
  string
>;

/** The service answers its liveness path with 200 (a stage that is starting does; one that is down does not). */
async function healthy(name: ServiceName, port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${LIVE_PATH[name]}`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

function spawnService(
  opts: StartServicesOptions,
  name: ServiceName,
  port: number,
  logFile: string,
): { child: ChildProcess; exited: Promise<number | null> } {
  const main = join(opts.repoRoot, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [main], {
    cwd: opts.repoRoot,
    // the service's V8 heap flags and malloc settings from the topology (as docker-compose and the Kubernetes
    // manifests set them), then the caller's NODE_OPTIONS (a flag given there wins)
    env: {
      ...opts.env,
      ...serviceRuntimeEnv(name, opts.env),
      [PORT_ENV[name]]: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

/** `clean`, or `clean#2` for the second instance. */
export const labelOf = (svc: Pick<RunningService, 'name' | 'instance'>) =>
  svc.instance > 0 ? `${svc.name}#${svc.instance + 1}` : svc.name;

/** Keeps one service running: on every unexpected exit, waits the backoff, starts it again and says so. */
function supervise(svc: RunningService, opts: StartServicesOptions, sup: SuperviseOptions): void {
  const initial = sup.initialBackoffMs ?? 1_000;
  const max = sup.maxBackoffMs ?? 30_000;
  const stableAfter = sup.stableAfterMs ?? 60_000;
  let backoff = initial;
  const watch = (startedAt: number) => {
    void svc.exited.then(async (code) => {
      if (svc.stopping) return;
      const ranMs = Date.now() - startedAt;
      if (ranMs >= stableAfter) backoff = initial;
      const how = code === null ? `signal ${svc.child.signalCode ?? 'unknown'}` : `code ${code}`;
      sup.log(
        `newsflow: service ${labelOf(svc)} exited (${how}) after ${Math.round(ranMs / 1000)} s; restarting in ${backoff} ms (restart ${svc.restarts + 1}; log ${svc.logFile})`,
      );
      await sleep(backoff);
      backoff = Math.min(backoff * 2, max);
      if (svc.stopping) return;
      try {
        const { child, exited } = spawnService(opts, svc.name, svc.port, svc.logFile);
        svc.child = child;
        svc.exited = exited;
        svc.pid = child.pid ?? -1;
        svc.restarts += 1;
        sup.log(`newsflow: service ${labelOf(svc)} restarted, pid ${svc.pid}`);
        watch(Date.now());
      } catch (err) {
        sup.log(`newsflow: service ${labelOf(svc)} could not be restarted: ${(err as Error).message}`);
      }
    });
  };
  watch(Date.now());
}

/**
 * Starts the five services as separate Node processes (compiled `dist/main.js`), logs to one file each,
 * and waits until each answers its liveness path (topology `livePath`) with 200. On failure it stops what it started and throws with the log path.
 * With `supervise`, a service that exits later is restarted with backoff.
 */
export async function startServices(opts: StartServicesOptions): Promise<RunningService[]> {
  mkdirSync(opts.logDir, { recursive: true });
  const running: RunningService[] = [];
  for (const name of opts.only ?? SERVICE_NAMES) {
    const basePort = opts.ports?.[name] ?? DEFAULT_SERVICE_PORTS[name];
    for (const { instance, port, logName } of instancesOf(name, basePort, opts.instances ?? 1)) {
      const logFile = join(opts.logDir, logName);
      const { child, exited } = spawnService(opts, name, port, logFile);
      running.push({
        name,
        instance,
        port,
        pid: child.pid ?? -1,
        logFile,
        child,
        exited,
        restarts: 0,
        stopping: false,
      });
    }
  }
  const deadline = Date.now() + (opts.healthTimeoutMs ?? 120_000);
  const pending = new Set(running);
  while (pending.size > 0) {
    for (const svc of [...pending]) {
      if (svc.child.exitCode !== null || svc.child.signalCode !== null) {
        const how =
          svc.child.exitCode !== null ? `with code ${svc.child.exitCode}` : `on ${svc.child.signalCode}`;
        await stopServices(running);
        throw new Error(`service ${labelOf(svc)} exited ${how} during start-up; see ${svc.logFile}`);
      }
      if (await healthy(svc.name, svc.port)) pending.delete(svc);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const names = [...pending].map((s) => `${labelOf(s)} (log ${s.logFile})`).join(', ');
      await stopServices(running);
      throw new Error(`services not healthy in time: ${names}`);
    }
    await sleep(500);
  }
  if (opts.supervise) for (const svc of running) supervise(svc, opts, opts.supervise);
  return running;
}

/** SIGTERM every service (they drain and commit), then SIGKILL what is still alive after the timeout. */
export async function stopServices(services: readonly RunningService[], timeoutMs = 20_000): Promise<void> {
  for (const s of services) {
    s.stopping = true;
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  }
  await Promise.all(
    services.map(async (s) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return;
      const timer = setTimeout(() => s.child.kill('SIGKILL'), timeoutMs);
      await s.exited;
      clearTimeout(timer);
    }),
  );
}
