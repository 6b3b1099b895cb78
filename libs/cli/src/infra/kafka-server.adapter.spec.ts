import { describe, expect, it } from 'vitest';
import { parseProperties as props } from '../../../../test/support/java-properties.js';
import { loadInfraConfig } from './infra.config.js';
import { kafkaServerProperties } from './kafka-server.adapter.js';

describe('kafkaServerProperties', () => {
  it('configures one loopback KRaft broker+controller on the configured ports with the platform topic defaults', () => {
    const p = props(
      kafkaServerProperties(
        loadInfraConfig({ KAFKA_PORT: '19092', KAFKA_CONTROLLER_PORT: '19093' }),
        '/data/k',
      ),
    );
    expect(p.get('process.roles')).toBe('broker,controller');
    expect(p.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(p.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(p.get('log.dirs')).toBe('/data/k');
    expect(p.get('num.partitions')).toBe('6');
    expect(p.get('auto.create.topics.enable')).toBe('true');
    expect(Number(p.get('message.max.bytes'))).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    expect(p.get('offsets.topic.replication.factor')).toBe('1');
    expect(p.get('transaction.state.log.replication.factor')).toBe('1');
    expect(p.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('does not also set a dynamic quorum (static voters and --standalone must not be mixed)', () => {
    const p = props(kafkaServerProperties(loadInfraConfig({}), '/d'));
    expect(p.has('controller.quorum.bootstrap.servers')).toBe(false);
  });
});
