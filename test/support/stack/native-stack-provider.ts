import {
  infraDown,
  infraStatus,
  infraUp,
  loadInfraConfig,
  type InfraConfig,
  type ServerName,
} from '../../../libs/cli/src/infra/index.js';
import type { StackEndpoints, StackProvider } from './stack-provider.js';

/** Endpoints of the native stack for a given config. */
export function nativeEndpoints(config: InfraConfig): StackEndpoints {
  return {
    kafkaBrokers: [`127.0.0.1:${config.kafka.port}`],
    opensearchUrl: `http://127.0.0.1:${config.opensearch.httpPort}`,
    redisUrl: `redis://127.0.0.1:${config.redis.port}`,
  };
}

/**
 * The project's own stack (`newsflow infra`, no Docker). If it is not fully up it brings it up (unless autoStart is
 * false); stop() takes down only the servers it started itself, never a stack that was already up.
 */
export class NativeStackProvider implements StackProvider {
  readonly name = 'native';
  private readonly config: InfraConfig;
  private started: ServerName[] = [];

  constructor(
    private readonly options: { autoStart: boolean; log: (line: string) => void },
    config: InfraConfig = loadInfraConfig(),
  ) {
    this.config = config;
  }

  async start(): Promise<StackEndpoints> {
    const status = await infraStatus(this.config);
    const notUp = status.filter((s) => s.state !== 'running' && s.state !== 'external');
    if (notUp.length > 0) {
      const names = notUp.map((s) => `${s.name} (${s.state}${s.detail ? `: ${s.detail}` : ''})`).join(', ');
      if (!this.options.autoStart) {
        throw new Error(`the local stack is not up: ${names}; run \`npx newsflow infra up\` first`);
      }
      this.options.log(`stack: not up (${names}); running newsflow infra up`);
      const reports = await infraUp(this.config, this.options.log);
      this.started = reports.filter((r) => r.action === 'started').map((r) => r.name);
    }
    return nativeEndpoints(this.config);
  }

  /** Servers that {@link start} had to start itself. */
  get startedServers(): readonly ServerName[] {
    return this.started;
  }

  async stop(): Promise<void> {
    if (this.started.length === 0) return;
    await infraDown(this.config, this.options.log, { only: this.started });
    this.started = [];
  }
}
