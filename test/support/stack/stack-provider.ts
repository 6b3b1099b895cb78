/** Where the tests reach the real servers. */
export interface StackEndpoints {
  /** e.g. ['127.0.0.1:9092'] */
  readonly kafkaBrokers: readonly string[];
  /** e.g. http://127.0.0.1:9200 */
  readonly opensearchUrl: string;
  /** e.g. redis://127.0.0.1:6379 */
  readonly redisUrl: string;
}

/** Something that can give the tests a running Kafka, OpenSearch and Redis, and take them away again. */
export interface StackProvider {
  readonly name: string;
  /** Ensures the servers run and answer; resolves their endpoints. */
  start(): Promise<StackEndpoints>;
  /** Stops whatever this provider started itself (and nothing it found running). */
  stop(): Promise<void>;
}
