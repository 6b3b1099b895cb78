import { describe, expect, it } from 'vitest';
import { loadInfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';

describe('loadInfraConfig', () => {
  it('defaults to the documented loopback ports, heaps and folders when the environment is empty', () => {
    const c = loadInfraConfig({ HOME: '/home/dev' });
    expect([
      c.kafka.port,
      c.kafka.controllerPort,
      c.opensearch.httpPort,
      c.opensearch.transportPort,
      c.redis.port,
    ]).toEqual([9092, 9093, 9200, 9300, 6379]);
    expect(c.kafka.heapMax).toBe('1g');
    expect(c.kafka.heapMin).toBe('512m');
    expect(c.opensearch.heap).toBe('1g');
    expect(c.runDir).toBe(`${c.repoRoot}/.newsflow/run`);
    expect(c.java).toBe('java');
  });

  it('reads the server versions from the poms', () => {
    const c = loadInfraConfig({});
    expect(c.kafka.version).toMatch(/^4\.\d+\.\d+$/);
    expect(c.opensearch.version).toMatch(/^2\.19\.\d+$/);
  });

  it('takes overrides from the environment and treats empty strings as unset', () => {
    const c = loadInfraConfig({
      KAFKA_PORT: '19092',
      KAFKA_HEAP: '256m',
      OPENSEARCH_HEAP: '',
      NEWSFLOW_RUN_DIR: '/tmp/nf-run',
      NEWSFLOW_INFRA_CACHE: '/tmp/nf-cache',
      JAVA_HOME: '/opt/jdk',
    });
    expect(c.kafka.port).toBe(19092);
    expect(c.kafka.heapMin).toBe('256m');
    expect(c.opensearch.heap).toBe('1g');
    expect(c.runDir).toBe('/tmp/nf-run');
    expect(c.cacheDir).toBe('/tmp/nf-cache');
    expect(c.java).toBe('/opt/jdk/bin/java');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadInfraConfig({ KAFKA_PORT: 'ninety', OPENSEARCH_HEAP: '1 gig', REDIS_PORT: '70000' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InfraError);
    expect((error as InfraError).code).toBe('BAD_CONFIG');
    expect((error as InfraError).message).toMatch(/KAFKA_PORT/);
    expect((error as InfraError).message).toMatch(/OPENSEARCH_HEAP/);
    expect((error as InfraError).message).toMatch(/REDIS_PORT/);
  });

  it('refuses two servers on one port', () => {
    expect(() => loadInfraConfig({ REDIS_PORT: '9200' })).toThrow(/ports must differ: REDIS_PORT=9200/);
  });
});
