import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties as props } from '../../../../test/support/java-properties.js';
import {
  clusterClientEnv,
  clusterKafkaSecurity,
  clusterPorts,
  clusterServers,
  ephemeralPortWarning,
  loadClusterConfig,
  localPortRange,
} from './cluster.config.js';
import { kafkaNodeProperties } from './kafka-server.adapter.js';

describe('the cluster profile', () => {
  it('puts three Kafka and three OpenSearch nodes on private ports clear of the single stack', () => {
    const c = loadClusterConfig({ NEWSFLOW_CLUSTER_RUN_DIR: '/tmp/nf-cluster' });
    expect(c.runDir).toBe('/tmp/nf-cluster');
    expect(c.cluster.kafka).toEqual([
      { port: 28092, controllerPort: 28093 },
      { port: 28094, controllerPort: 28095 },
      { port: 28096, controllerPort: 28097 },
    ]);
    expect(c.cluster.opensearch.map((o) => o.httpPort)).toEqual([28200, 28201, 28202]);
    expect(c.cluster.opensearch.map((o) => o.transportPort)).toEqual([28300, 28301, 28302]);
    expect(c.redis.port).toBe(28379);
    const names = clusterServers(c).map((s) => s.name);
    expect(names).toEqual([
      'redis',
      'kafka-1',
      'kafka-2',
      'kafka-3',
      'opensearch-1',
      'opensearch-2',
      'opensearch-3',
    ]);
    // tags must not be prefixes of the single stack's (`kafka@<run>`), or its `down` would stop cluster nodes
    for (const s of clusterServers(c).filter((x) => x.name !== 'redis'))
      expect(s.tag).toMatch(/-Dnewsflow\.infra=(kafka|opensearch)-\d@\/tmp\/nf-cluster$/);
  });

  it('keeps every default port below the ephemeral range, and warns when moved into it', () => {
    expect(localPortRange('32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(localPortRange('')).toBeUndefined();
    const range = { low: 32768, high: 60999 };
    // the largest cluster (5 nodes) too: Kafka 28092-28101, OpenSearch 28200-28204 / 28300-28304
    for (const size of ['3', '5']) {
      const c = loadClusterConfig({ NEWSFLOW_CLUSTER_SIZE: size });
      expect(Math.max(...clusterPorts(c))).toBeLessThan(range.low);
      expect(ephemeralPortWarning(c, range)).toBeUndefined();
    }
    const moved = loadClusterConfig({ NEWSFLOW_CLUSTER_KAFKA_PORT: '39092' });
    expect(ephemeralPortWarning(moved, range)).toMatch(
      /^cluster ports 39092, 39093, .* ephemeral range 32768-60999/,
    );
  });

  it('gives clients every node and replication 3 / min ISR 2 / one index replica', () => {
    const env = clusterClientEnv(loadClusterConfig({ NEWSFLOW_CLUSTER_KAFKA_PORT: '41000' }));
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:41000,127.0.0.1:41002,127.0.0.1:41004');
    expect(env.OPENSEARCH_URL?.split(',')).toHaveLength(3);
    expect(env).toMatchObject({
      NEWSFLOW_TOPIC_REPLICATION_FACTOR: '3',
      NEWSFLOW_TOPIC_MIN_ISR: '2',
      NEWSFLOW_INDEX_REPLICAS: '1',
      NEWSFLOW_INDEX_SHARDS: '3',
    });
  });

  it('gives the infra’s own admin clients TLS and SCRAM on a secured cluster, nothing on a plain one', () => {
    expect(clusterKafkaSecurity(loadClusterConfig({ NEWSFLOW_CLUSTER_RUN_DIR: '/tmp/nf-plain' }))).toEqual(
      {},
    );
    const runDir = mkdtempSync(join(tmpdir(), 'nf-secure-'));
    try {
      const c = loadClusterConfig({ NEWSFLOW_CLUSTER_RUN_DIR: runDir, NEWSFLOW_CLUSTER_SECURE: '1' });
      const security = clusterKafkaSecurity(c); // generates the certificate with keytool on first use
      const env = clusterClientEnv(c);
      // the status command trusts the same certificate the services are given
      expect(security.ssl).toEqual({ ca: [readFileSync(env.KAFKA_SSL_CA_FILE ?? '', 'utf8')] });
      expect(security.sasl).toMatchObject({ mechanism: 'scram-sha-512', username: 'admin' });
      expect(env.KAFKA_SECURITY_PROTOCOL).toBe('SASL_SSL');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('writes a static quorum of three voters and replicated internal topics into each node', () => {
    const p = props(
      kafkaNodeProperties(
        {
          name: 'kafka-2',
          nodeId: 2,
          port: 28094,
          controllerPort: 28095,
          voters: '1@127.0.0.1:28093,2@127.0.0.1:28095,3@127.0.0.1:28097',
          replication: 3,
          home: '/h',
          runDir: '/r',
          heapMin: '512m',
          heapMax: '512m',
          portEnvs: ['A', 'B'],
        },
        '/h/data',
      ),
    );
    expect(p.get('node.id')).toBe('2');
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:28093,2@127.0.0.1:28095,3@127.0.0.1:28097');
    expect(p.get('offsets.topic.replication.factor')).toBe('3');
    expect(p.get('transaction.state.log.min.isr')).toBe('2');
    expect(p.get('default.replication.factor')).toBe('3');
    expect(p.get('min.insync.replicas')).toBe('2');
  });

  it('names a bad variable precisely', () => {
    expect(() => loadClusterConfig({ NEWSFLOW_CLUSTER_SIZE: '2' })).toThrow(/NEWSFLOW_CLUSTER_SIZE/);
    expect(() => loadClusterConfig({ NEWSFLOW_CLUSTER_KAFKA_HEAP: 'lots' })).toThrow(
      /NEWSFLOW_CLUSTER_KAFKA_HEAP/,
    );
  });
});
