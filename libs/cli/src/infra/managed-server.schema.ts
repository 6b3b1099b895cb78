/** The three servers of the local stack, and the numbered nodes of the cluster profile (kafka-1, opensearch-2). */
export type ServerName = 'kafka' | 'opensearch' | 'redis' | `kafka-${number}` | `opensearch-${number}`;

/** A TCP port a server needs, and the environment variable that moves it. */
export interface ServerPort {
  readonly port: number;
  readonly env: string;
}

/** One server the stack can start, check and stop. Implemented by the kafka/opensearch/redis adapters. */
export interface ManagedServer {
  readonly name: ServerName;
  /** Where clients reach it, e.g. 127.0.0.1:9092 or http://127.0.0.1:9200. */
  readonly endpoint: string;
  readonly ports: readonly ServerPort[];
  readonly pidFile: string;
  readonly logFile: string;
  /** Substring of the command line of a process we started; guards against acting on a reused pid. */
  readonly tag: string;
  /** Redis only: a healthy server already on the port that we did not start is used as it is (and never stopped). */
  readonly reuseExternal: boolean;
  /** Resolves a short description (version, broker count) when healthy, undefined otherwise. Never throws. */
  health(): Promise<string | undefined>;
  /** Installs what the server needs from the OS (redis-server via apt), before anything checks its port. */
  install?(log: (line: string) => void): void;
  /** Prepares what the server needs (jars, config, storage) and spawns it detached; returns its pid. */
  start(log: (line: string) => void): Promise<number>;
  /** Best-effort work once a freshly started server is healthy (never throws). */
  afterStart?(log: (line: string) => void): Promise<void>;
}
