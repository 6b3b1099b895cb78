import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redisConnectionOptions } from '@newsflow/messaging';
import { loadInfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';
import { infraStatus, infraUp } from './stack.handler.js';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((s) => s.destroy());
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('stack handler against the real machine', () => {
  it('reports the running stack: Kafka with its broker, OpenSearch 2.19 distribution "opensearch", Redis answering', async () => {
    const reports = await infraStatus(loadInfraConfig());
    const byName = new Map(reports.map((r) => [r.name, r]));
    expect(['running', 'external']).toContain(byName.get('kafka')?.state);
    expect(byName.get('kafka')?.detail).toMatch(/^1 broker\(s\)/);
    expect(byName.get('opensearch')?.detail).toMatch(/^opensearch 2\.19\.\d+, cluster (green|yellow)/);
    expect(['running', 'external']).toContain(byName.get('redis')?.state);
  });

  describe('when the ports belong to someone else', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'newsflow-ports-'));
    const squatters: Server[] = [];
    let kafkaPort = 0;
    let opensearchPort = 0;

    beforeAll(async () => {
      const a = await listen();
      const b = await listen();
      squatters.push(a.server, b.server);
      kafkaPort = a.port;
      opensearchPort = b.port;
    });
    afterAll(async () => {
      await Promise.all(squatters.map((s) => new Promise((r) => s.close(r))));
      rmSync(runDir, { recursive: true, force: true });
    });

    it('refuses to start, naming each taken port and the variable that moves it, and starts nothing', async () => {
      const config = loadInfraConfig({
        NEWSFLOW_RUN_DIR: runDir,
        KAFKA_PORT: String(kafkaPort),
        KAFKA_CONTROLLER_PORT: '1', // never reached: the broker port is checked first
        OPENSEARCH_PORT: String(opensearchPort),
        OPENSEARCH_TRANSPORT_PORT: '2',
        // the stack's Redis, so it is reused as it is rather than a new redis-server started in runDir
        REDIS_PORT: String(redisConnectionOptions(inject('stack').redisUrl).port),
      });
      const error = await infraUp(config).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(InfraError);
      expect((error as InfraError).code).toBe('PORT_IN_USE');
      expect((error as InfraError).message).toContain(`port ${kafkaPort} on 127.0.0.1 is already in use`);
      expect((error as InfraError).message).toContain('KAFKA_PORT');
      expect((error as InfraError).message).toContain(
        `port ${opensearchPort} on 127.0.0.1 is already in use`,
      );
      expect((error as InfraError).message).toContain('OPENSEARCH_PORT');
      expect(existsSync(join(runDir, 'kafka.pid'))).toBe(false);
      expect(existsSync(join(runDir, 'opensearch.pid'))).toBe(false);
    });
  });
});
