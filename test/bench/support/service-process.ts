import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serviceRuntimeEnv } from '@newsflow/contracts';
import { sleep } from '@newsflow/messaging';
import { REPO_ROOT } from './bench-env.js';

/** The HTTP port variable of each service (the same names `startServices` sets). */
const PORT_ENV = {
  gateway: 'GATEWAY_PORT',
  fetch: 'FETCH_PORT',
  clean: 'CLEAN_PORT',
  classify: 'CLASSIFY_PORT',
  index: 'INDEX_PORT',
} as const;

export type BenchServiceName = keyof typeof PORT_ENV;

export interface BenchService {
  name: BenchServiceName;
  pid: number;
  port: number;
  logFile: string;
  child: ChildProcess;
  startedAt: number;
  healthyAt: number;
  stop: () => Promise<void>;
}

/**
 * Starts one service from its compiled `dist/main.js` (what `startServices` does for all five at once, with the same
 * runtime environment: the topology's NODE_OPTIONS and malloc settings) and waits
 * for its /health to answer 200. Used where a benchmark must run one service alone.
 */
export async function startService(
  name: BenchServiceName,
  opts: {
    port: number;
    env: NodeJS.ProcessEnv;
    logDir: string;
    healthTimeoutMs?: number;
    /** Path that answers 200 once the service can serve (`/ready` for the gateway, whose /health covers the stages). */
    readyPath?: string;
  },
): Promise<BenchService> {
  const main = join(REPO_ROOT, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const startedAt = Date.now();
  const child = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    // As deployed: the topology's V8 heap flags and malloc settings (what `npm start` gives every service).
    env: { ...opts.env, ...serviceRuntimeEnv(name, opts.env), [PORT_ENV[name]]: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = startedAt + (opts.healthTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} during start-up; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${opts.port}${opts.readyPath ?? '/health'}`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not healthy within the time limit; see ${logFile}`);
    }
    await sleep(200);
  }
  return {
    name,
    pid: child.pid ?? -1,
    port: opts.port,
    logFile,
    child,
    startedAt,
    healthyAt: Date.now(),
    stop,
  };
}
