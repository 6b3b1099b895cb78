import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';
import type { ManagedServer } from './managed-server.schema.js';
import { redisPing } from './net.adapter.js';
import { spawnDetached } from './process.adapter.js';

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's redis-server when missing and we are root; otherwise explains how. */
function ensureRedisInstalled(log: (line: string) => void): void {
  if (hasRedisServer()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new InfraError(
      'TOOL_MISSING',
      'redis-server is not installed: sudo apt-get install -y redis-server',
    );
  }
  log('redis: redis-server missing, running apt-get install -y redis-server');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'inherit', env });
  if (r.status !== 0) {
    // the package lists may be missing on a fresh machine
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'inherit', env });
  }
  if (r.status !== 0 || !hasRedisServer()) {
    throw new InfraError(
      'TOOL_MISSING',
      'redis-server is not installed and apt-get install -y redis-server failed',
    );
  }
}

/**
 * Redis on 127.0.0.1: the machine's own one when it already answers PING on the port (never stopped by us),
 * else a `redis-server` we start without persistence, with its data and pid in the run folder.
 */
export function redisServer(config: InfraConfig): ManagedServer {
  const { port } = config.redis;
  const dir = join(config.runDir, 'redis');
  return {
    name: 'redis',
    endpoint: `redis://127.0.0.1:${port}`,
    ports: [{ port, env: 'REDIS_PORT' }],
    pidFile: join(config.runDir, 'redis.pid'),
    logFile: join(config.runDir, 'redis.log'),
    // redis-server rewrites its process title to "redis-server 127.0.0.1:<port>"
    tag: `redis-server 127.0.0.1:${port}`,
    reuseExternal: true,
    health: async () => ((await redisPing(port)) ? 'PONG' : undefined),
    // before the port checks: installing the Debian package may itself start a system redis on 6379
    install: ensureRedisInstalled,
    start(log) {
      ensureRedisInstalled(log);
      mkdirSync(dir, { recursive: true });
      const args = [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      args.push('--daemonize', 'no', '--protected-mode', 'yes', '--logfile', '');
      return Promise.resolve(
        spawnDetached('redis-server', args, { cwd: dir, logFile: join(config.runDir, 'redis.log') }),
      );
    },
  };
}
