import { describe, expect, it } from 'vitest';
import {
  describeClusterHealth,
  kafkaClusterState,
  type ClusterHealthReport,
} from './cluster-health.adapter.js';

const noOpensearch: ClusterHealthReport['opensearch'] = { reachable: false, nodes: [] };

describe('cluster health', () => {
  it('says why no broker answers instead of an empty partition list', async () => {
    // nothing listens on port 1: the read fails, and the failure is reported, not thrown
    const kafka = await kafkaClusterState(['127.0.0.1:1']);
    expect(kafka.reachable).toBe(false);
    expect(kafka.error).toMatch(/ECONNREFUSED|Connection error|connect/i);
    const lines = describeClusterHealth({ kafka, opensearch: noOpensearch });
    expect(lines[0]).toMatch(/^kafka cluster: no broker answers \(.+\)$/);
  });

  it('prints the ISR and leader of every partition, topic by topic', () => {
    const lines = describeClusterHealth({
      kafka: {
        reachable: true,
        brokers: [1, 2, 3],
        controller: 1,
        partitions: [
          { topic: 't', partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3] },
          { topic: 't', partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] },
        ],
        underReplicated: 1,
        offline: 0,
        leadersByBroker: { 1: 1, 2: 1 },
      },
      opensearch: noOpensearch,
    });
    expect(lines[0]).toContain('2 partitions, 1 under-replicated, 0 offline');
    expect(lines[1]).toBe('  t  0:L1 isr[1,2,3]/3  1:L2 isr[2,3]/3');
  });
});
