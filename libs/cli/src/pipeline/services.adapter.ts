import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICE_NAMES = ['fetch', 'clean', 'classify', 'index', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  fetch: 3001,
  clean: 3002,
  classify: 3003,
  index: 3004,
};
const PORT_ENV: Record<ServiceName, string> = {
  gateway: 'GATEWAY_PORT',
  fetch: 'FETCH_PORT',
  clean: 'CLEAN_PORT',
  classify: 'CLASSIFY_PORT',
  index: 'INDEX_PORT',
};

export interface RunningService {
  name: ServiceName;
  port: number;
  pid: number;
  logFile: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface StartServicesOptions {
  repoRoot: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  ports?: Partial<Record<ServiceName, number>>;
  healthTimeoutMs?: number;
  /** Start only these services (default: all five). */
  only?: readonly ServiceName[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts the five services as separate Node processes (compiled `dist/main.js`), logs to one file each,
 * and waits until every `/health` answers 200. On failure it stops what it started and throws with the log path.
 */
export async function startServices(opts: StartServicesOptions): Promise<RunningService[]> {
  mkdirSync(opts.logDir, { recursive: true });
  const running: RunningService[] = [];
  for (const name of opts.only ?? SERVICE_NAMES) {
    const main = join(opts.repoRoot, 'services', name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
    const port = opts.ports?.[name] ?? DEFAULT_SERVICE_PORTS[name];
    const logFile = join(opts.logDir, `${name}.log`);
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [main], {
      cwd: opts.repoRoot,
      env: { ...opts.env, [PORT_ENV[name]]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    running.push({ name, port, pid: child.pid ?? -1, logFile, child, exited });
  }
  const deadline = Date.now() + (opts.healthTimeoutMs ?? 120_000);
  const pending = new Set(running);
  while (pending.size > 0) {
    for (const svc of [...pending]) {
      if (svc.child.exitCode !== null) {
        await stopServices(running);
        throw new Error(
          `service ${svc.name} exited with code ${svc.child.exitCode} during start-up; see ${svc.logFile}`,
        );
      }
      if (await healthy(svc.port)) pending.delete(svc);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const names = [...pending].map((s) => `${s.name} (log ${s.logFile})`).join(', ');
      await stopServices(running);
      throw new Error(`services not healthy in time: ${names}`);
    }
    await sleep(500);
  }
  return running;
}

/** SIGTERM every service (they drain and commit), then SIGKILL what is still alive after the timeout. */
export async function stopServices(services: readonly RunningService[], timeoutMs = 20_000): Promise<void> {
  for (const s of services)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await Promise.all(
    services.map(async (s) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return;
      const timer = setTimeout(() => s.child.kill('SIGKILL'), timeoutMs);
      await s.exited;
      clearTimeout(timer);
    }),
  );
}
