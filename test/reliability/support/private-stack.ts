import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../support/wait.js';
import { loadInfraConfig, type InfraConfig, type ManagedServer } from '../../../libs/cli/src/infra/index.js';
import { kafkaServer } from '../../../libs/cli/src/infra/kafka-server.adapter.js';
import { isPortOpen, redisPing } from '../../../libs/cli/src/infra/net.adapter.js';
import { opensearchServer } from '../../../libs/cli/src/infra/opensearch-server.adapter.js';
import {
  isAlive,
  isOurProcess,
  spawnDetached,
  tailFile,
  terminate,
} from '../../../libs/cli/src/infra/process.adapter.js';

/**
 * Ports of the suite's own servers: far from the shared stack (9092/9200/6379) so stopping them never disturbs
 * anyone else's run. Fixed (not random) so that a run can find and stop the leftovers of an interrupted one.
 */
export const PRIVATE_PORTS = {
  kafka: 19092,
  kafkaController: 19093,
  opensearch: 19200,
  opensearchTransport: 19300,
  redis: 16390,
} as const;

export type PrivateServerName = 'kafka' | 'opensearch' | 'redis';

/** What the suite needs of a server: start it, ask whether it is healthy, find its process again. */
type Startable = Pick<ManagedServer, 'endpoint' | 'logFile' | 'tag' | 'health' | 'start' | 'afterStart'>;

export interface PrivateEndpoints {
  readonly kafkaBrokers: string[];
  readonly opensearchUrl: string;
  readonly redisUrl: string;
}

/**
 * Redis with an append-only file, started by the suite on its own port. Persistence matters: the BullMQ URL queue
 * lives in Redis, and a production Redis behind BullMQ keeps its data across a restart (AOF), so the restart the
 * suite does must too. SIGTERM makes redis-server flush the AOF before it exits.
 */
function privateRedis(runDir: string, port: number): Startable {
  const dir = join(runDir, 'redis');
  const logFile = join(runDir, 'redis.log');
  return {
    endpoint: `redis://127.0.0.1:${port}`,
    logFile,
    tag: `redis-server 127.0.0.1:${port}`,
    health: async () => ((await redisPing(port)) ? 'PONG' : undefined),
    start() {
      mkdirSync(dir, { recursive: true });
      const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', ''];
      args.push('--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no', '--logfile', '');
      return Promise.resolve(spawnDetached('redis-server', args, { cwd: dir, logFile }));
    },
  };
}

/**
 * A Kafka broker, an OpenSearch node and a Redis that belong to the reliability suite alone (own ports, own data
 * folder under .newsflow/reliability), built from the same infra library as `newsflow infra up`. The suite stops
 * and restarts them to inject faults; the data folders survive a restart, as on a real server.
 */
export class PrivateStack {
  readonly runDir: string;
  private readonly config: InfraConfig;
  private readonly servers: Record<PrivateServerName, Startable>;
  private readonly pids = new Map<PrivateServerName, number>();

  constructor(
    repoRoot: string,
    private readonly log: (line: string) => void,
  ) {
    this.runDir = join(repoRoot, '.newsflow', 'reliability', 'servers');
    this.config = loadInfraConfig({
      ...process.env,
      KAFKA_PORT: String(PRIVATE_PORTS.kafka),
      KAFKA_CONTROLLER_PORT: String(PRIVATE_PORTS.kafkaController),
      OPENSEARCH_PORT: String(PRIVATE_PORTS.opensearch),
      OPENSEARCH_TRANSPORT_PORT: String(PRIVATE_PORTS.opensearchTransport),
      REDIS_PORT: String(PRIVATE_PORTS.redis),
      KAFKA_HEAP: '512m',
      OPENSEARCH_HEAP: '512m',
      NEWSFLOW_RUN_DIR: this.runDir,
      NEWSFLOW_INFRA_START_TIMEOUT_MS: '240000',
    });
    this.servers = {
      kafka: kafkaServer(this.config),
      opensearch: opensearchServer(this.config),
      redis: privateRedis(this.runDir, PRIVATE_PORTS.redis),
    };
  }

  get endpoints(): PrivateEndpoints {
    return {
      kafkaBrokers: [this.servers.kafka.endpoint],
      opensearchUrl: this.servers.opensearch.endpoint,
      redisUrl: this.servers.redis.endpoint,
    };
  }

  private get pidsFile(): string {
    return join(this.runDir, 'pids.json');
  }

  private savePids(): void {
    writeFileSync(this.pidsFile, JSON.stringify(Object.fromEntries(this.pids)));
  }

  /** Stops what an interrupted earlier run left behind (only processes carrying our tag), then wipes the data. */
  private async removeLeftovers(): Promise<void> {
    if (existsSync(this.pidsFile)) {
      const old = JSON.parse(readFileSync(this.pidsFile, 'utf8')) as Partial<
        Record<PrivateServerName, number>
      >;
      for (const [name, pid] of Object.entries(old) as Array<[PrivateServerName, number]>) {
        if (isOurProcess(pid, this.servers[name].tag)) {
          this.log(`stopping ${name} (pid ${pid}) left over by an earlier run`);
          await terminate(pid, 20_000);
        }
      }
    }
    rmSync(this.runDir, { recursive: true, force: true });
    mkdirSync(this.runDir, { recursive: true });
  }

  /** Starts the three servers on empty data folders (Redis first, then both JVMs in parallel). */
  async startAll(): Promise<void> {
    await this.removeLeftovers();
    const taken: string[] = [];
    for (const port of Object.values(PRIVATE_PORTS)) if (await isPortOpen(port)) taken.push(String(port));
    if (taken.length > 0) {
      throw new Error(
        `the reliability suite needs 127.0.0.1 ports ${Object.values(PRIVATE_PORTS).join(', ')} free; in use: ${taken.join(', ')} (find the holder with \`ss -ltnp\`)`,
      );
    }
    await this.start('redis');
    await Promise.all([this.start('kafka'), this.start('opensearch')]);
  }

  /** Starts one server (again) on its existing data folder and waits until it is healthy. */
  async start(name: PrivateServerName): Promise<void> {
    const server = this.servers[name];
    const t0 = Date.now();
    const pid = await server.start(this.log);
    this.pids.set(name, pid);
    this.savePids();
    const deadline = Date.now() + this.config.startTimeoutMs;
    for (;;) {
      if (!isAlive(pid)) {
        throw new Error(
          `${name} (pid ${pid}) exited during start-up; ${server.logFile}:\n${tailFile(server.logFile)}`,
        );
      }
      if ((await server.health()) !== undefined) break;
      if (Date.now() > deadline) {
        throw new Error(
          `${name} (pid ${pid}) not healthy at ${server.endpoint} within ${this.config.startTimeoutMs} ms; ${server.logFile}:\n${tailFile(server.logFile)}`,
        );
      }
      await sleep(500);
    }
    await server.afterStart?.(this.log);
    this.log(`${name}: up (pid ${pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  /** Stops one server the way an operator would (SIGTERM, SIGKILL after 30 s). */
  async stop(name: PrivateServerName): Promise<void> {
    const pid = this.pids.get(name);
    if (pid === undefined) return;
    const outcome = await terminate(pid, 30_000);
    this.pids.delete(name);
    this.savePids();
    this.log(`${name}: stopped pid ${pid} (${outcome})`);
  }

  /** Stops all three servers and deletes their data (the server logs stay for a post-mortem). */
  async stopAll(): Promise<void> {
    const names = ['kafka', 'opensearch', 'redis'] as const;
    await Promise.all(names.map((n) => this.stop(n)));
    for (const n of names) rmSync(join(this.runDir, n), { recursive: true, force: true });
  }
}
