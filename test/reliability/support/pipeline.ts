import { join } from 'node:path';
import { SERVICES, STAGE_NAMES, type ServiceName } from '@newsflow/contracts';
import {
  startServices,
  stopServices,
  type RunningService,
} from '../../../libs/cli/src/pipeline/services.adapter.js';
import { sleep } from '../../support/wait.js';
import type { PrivateEndpoints } from './private-stack.js';

export interface PipelineOptions {
  readonly repoRoot: string;
  /** NEWSFLOW_PREFIX of this pipeline: its topics, groups, queue, Redis keys and index alias. */
  readonly prefix: string;
  readonly endpoints: PrivateEndpoints;
  /** First HTTP port; instance i of the service at SERVICES position k listens on basePort + 10 i + k. */
  readonly basePort: number;
  readonly logDir: string;
  readonly extraEnv?: NodeJS.ProcessEnv;
}

/**
 * The five services as real processes (`services/<name>/dist/main.js`) on the suite's own servers, with handles to
 * kill, stop, pause and restart each instance. Several instances of one service may run at once.
 */
export class Pipeline {
  readonly env: NodeJS.ProcessEnv;
  private readonly running = new Map<string, RunningService>();
  /** Processes the suite itself ends: their exit is not restarted. */
  private readonly endedBySuite = new Set<RunningService>();
  private stopping = false;
  /** Unexpected exits and the supervisor's restarts, in order (a finding for the report, not a failure). */
  readonly restarts: string[] = [];

  constructor(readonly opts: PipelineOptions) {
    this.env = {
      ...process.env,
      ...opts.extraEnv,
      NEWSFLOW_PREFIX: opts.prefix,
      KAFKA_BROKERS: opts.endpoints.kafkaBrokers.join(','),
      OPENSEARCH_URL: opts.endpoints.opensearchUrl,
      REDIS_URL: opts.endpoints.redisUrl,
      GATEWAY_API_KEY: 'reliability-test-key',
      // the gateway's aggregated /health asks the stages (instance 0) on this pipeline's ports
      GATEWAY_STAGE_URLS: STAGE_NAMES.map(
        (n) => `${n}=http://127.0.0.1:${opts.basePort + SERVICES.findIndex((s) => s.name === n)}`,
      ).join(','),
      LOG_LEVEL: 'info',
    };
  }

  port(name: ServiceName, instance = 0): number {
    return this.opts.basePort + 10 * instance + SERVICES.findIndex((s) => s.name === name);
  }

  url(name: ServiceName, instance = 0): string {
    return `http://127.0.0.1:${this.port(name, instance)}`;
  }

  private static key(name: ServiceName, instance: number): string {
    return `${name}#${instance}`;
  }

  /** Starts instance `instance` of each named service and waits until each /health answers 200. */
  async start(names: readonly ServiceName[], instance = 0): Promise<void> {
    const ports = Object.fromEntries(names.map((n) => [n, this.port(n, instance)]));
    const options = {
      repoRoot: this.opts.repoRoot,
      logDir: join(this.opts.logDir, `instance-${instance}`),
      env: this.env,
      ports,
      only: names,
      healthTimeoutMs: 90_000,
    };
    let started: RunningService[];
    try {
      started = await startServices(options);
    } catch (err) {
      // The machine is shared: a start-up can fail for reasons outside the product (a colleague's broad kill of
      // `dist/main.js` processes was seen). One more try; a product that cannot start fails the second one too.
      this.restarts.push(`start of ${names.join(', ')} failed once (${(err as Error).message}); retried`);
      started = await startServices(options);
    }
    for (const s of started) {
      this.running.set(Pipeline.key(s.name, instance), s);
      void s.exited.then((code) => this.supervise(s, instance, code));
    }
  }

  /**
   * Plays the supervisor (`npm start`, systemd, Kubernetes): a service that exits without the suite asking is
   * started again after a second. The issue allows a consumer that cannot recover to exit for exactly this.
   */
  private async supervise(s: RunningService, instance: number, code: number | null): Promise<void> {
    if (this.stopping || this.endedBySuite.has(s)) return;
    const why = `exited on its own (code ${code ?? s.child.signalCode}) at ${new Date().toISOString()}`;
    this.restarts.push(`${s.name}#${instance} ${why}; log ${s.logFile}`);
    this.running.delete(Pipeline.key(s.name, instance));
    await sleep(1000);
    if (this.stopping) return;
    try {
      await this.start([s.name], instance);
      this.restarts.push(`${s.name}#${instance} restarted by the suite's supervisor`);
    } catch (err) {
      this.restarts.push(`${s.name}#${instance} could not be restarted: ${(err as Error).message}`);
    }
  }

  service(name: ServiceName, instance = 0): RunningService {
    const s = this.running.get(Pipeline.key(name, instance));
    if (!s) throw new Error(`${name} instance ${instance} is not running`);
    return s;
  }

  /** Sends a signal that ends the process (SIGKILL, SIGTERM) and waits for the exit. */
  async end(name: ServiceName, signal: 'SIGKILL' | 'SIGTERM', instance = 0): Promise<number | null> {
    const s = this.service(name, instance);
    this.endedBySuite.add(s);
    s.child.kill(signal);
    const code = await s.exited;
    this.running.delete(Pipeline.key(name, instance));
    return code;
  }

  /** SIGSTOP / SIGCONT: the process stays, frozen, as under a long GC pause or a stopped container. */
  signal(name: ServiceName, signal: 'SIGSTOP' | 'SIGCONT', instance = 0): void {
    this.service(name, instance).child.kill(signal);
  }

  logFile(name: ServiceName, instance = 0): string {
    return join(this.opts.logDir, `instance-${instance}`, `${name}.log`);
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const s of this.running.values()) if (s.child.signalCode === null) s.child.kill('SIGCONT');
    await stopServices([...this.running.values()], 15_000);
    this.running.clear();
  }
}
