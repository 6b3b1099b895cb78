/** The native local stack (Kafka, OpenSearch, Redis without Docker): the library behind `newsflow infra`. */
export { loadInfraConfig, findRepoRoot, type InfraConfig } from './infra.config.js';
export { InfraError, type InfraErrorCode } from './infra.exception.js';
export type { ManagedServer, ServerName, ServerPort } from './managed-server.schema.js';
export {
  infraDown,
  infraStatus,
  infraUp,
  stackServers,
  type ServerReport,
  type ServerState,
  type StopReport,
} from './stack.handler.js';
export { kafkaHealth, kafkaServerProperties } from './kafka-server.adapter.js';
export { opensearchHealth } from './opensearch-server.adapter.js';
export { ensureJars, componentCacheDir, type JarSet, type JvmComponent } from './jar-cache.adapter.js';
export {
  loadClusterConfig,
  clusterServers,
  clusterClientEnv,
  clusterKafkaBrokers,
  clusterOpensearchUrls,
  clusterKafkaSecurity,
  clusterPorts,
  ephemeralPortWarning,
  localPortRange,
  type ClusterConfig,
} from './cluster.config.js';
export {
  clusterHealth,
  describeClusterHealth,
  kafkaClusterState,
  opensearchClusterState,
  type ClusterHealthReport,
  type PartitionState,
} from './cluster-health.adapter.js';
export { kafkaNode, kafkaNodeProperties, type KafkaNodeSpec } from './kafka-server.adapter.js';
export { opensearchNode, type OpenSearchNodeSpec } from './opensearch-server.adapter.js';
