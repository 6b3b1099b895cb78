import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { StackEndpoints, StackProvider } from './stack-provider.js';

/** Images matching the native stack's versions (infra/local/kafka and opensearch pom.xml) and docker-compose.yml. */
export const STACK_IMAGES = {
  kafka: 'apache/kafka:4.1.1',
  opensearch: 'opensearchproject/opensearch:2.19.6',
  redis: 'redis:7',
} as const;

/** Host ports the containers publish on; same defaults as the native stack. */
export interface ContainerPorts {
  readonly kafka: number;
  readonly opensearch: number;
  readonly redis: number;
}

/**
 * The same three servers in Docker containers, for machines that have Docker (select with NEWSFLOW_STACK=testcontainers).
 * Kafka advertises 127.0.0.1:<port>, so its port is published 1:1 rather than on a random host port.
 */
export class TestcontainersStackProvider implements StackProvider {
  readonly name = 'testcontainers';
  private containers: StartedTestContainer[] = [];

  constructor(private readonly ports: ContainerPorts) {}

  async start(): Promise<StackEndpoints> {
    const { kafka, opensearch, redis } = this.ports;
    const started = await Promise.all([
      new GenericContainer(STACK_IMAGES.kafka)
        .withExposedPorts({ container: 9092, host: kafka })
        .withEnvironment({
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafka}`,
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_NUM_PARTITIONS: '6',
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
          KAFKA_MESSAGE_MAX_BYTES: '10485760',
          KAFKA_REPLICA_FETCH_MAX_BYTES: '10485760',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        })
        .withWaitStrategy(Wait.forLogMessage('Kafka Server started'))
        .start(),
      new GenericContainer(STACK_IMAGES.opensearch)
        .withExposedPorts({ container: 9200, host: opensearch })
        .withEnvironment({
          'discovery.type': 'single-node',
          DISABLE_SECURITY_PLUGIN: 'true',
          DISABLE_INSTALL_DEMO_CONFIG: 'true',
          OPENSEARCH_JAVA_OPTS: '-Xms1g -Xmx1g',
          'cluster.routing.allocation.disk.threshold_enabled': 'false',
        })
        .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow', 9200).forStatusCode(200))
        .withStartupTimeout(180_000)
        .start(),
      new GenericContainer(STACK_IMAGES.redis)
        .withExposedPorts({ container: 6379, host: redis })
        .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
        .start(),
    ]);
    this.containers = started;
    return {
      kafkaBrokers: [`127.0.0.1:${kafka}`],
      opensearchUrl: `http://127.0.0.1:${opensearch}`,
      redisUrl: `redis://127.0.0.1:${redis}`,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.containers.map((c) => c.stop()));
    this.containers = [];
  }
}
