import { describe, expect, it } from 'vitest';
import { parseProperties as props } from '../../../../test/support/java-properties.js';
import { clusterClientEnv, clusterServers, loadClusterConfig } from './cluster.config.js';
import { kafkaNodeProperties } from './kafka-server.adapter.js';

describe('the cluster profile', () => {
  it('puts three Kafka and three OpenSearch nodes on private ports clear of the single stack', () => {
    const c = loadClusterConfig({ NEWSFLOW_CLUSTER_RUN_DIR: '/tmp/nf-cluster' });
    expect(c.runDir).toBe('/tmp/nf-cluster');
    expect(c.cluster.kafka).toEqual([
      { port: 39092, controllerPort: 39093 },
      { port: 39094, controllerPort: 39095 },
      { port: 39096, controllerPort: 39097 },
    ]);
    expect(c.cluster.opensearch.map((o) => o.httpPort)).toEqual([39200, 39201, 39202]);
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

  it('writes a static quorum of three voters and replicated internal topics into each node', () => {
    const p = props(
      kafkaNodeProperties(
        {
          name: 'kafka-2',
          nodeId: 2,
          port: 39094,
          controllerPort: 39095,
          voters: '1@127.0.0.1:39093,2@127.0.0.1:39095,3@127.0.0.1:39097',
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
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:39093,2@127.0.0.1:39095,3@127.0.0.1:39097');
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
