/** Why an infra operation failed; stable strings so callers (CLI, test setup, CI) can tell the causes apart. */
export type InfraErrorCode =
  | 'BAD_CONFIG'
  | 'TOOL_MISSING'
  | 'JAR_FETCH_FAILED'
  | 'PORT_IN_USE'
  | 'START_FAILED'
  | 'UNHEALTHY'
  | 'STOP_FAILED';

/** The one error type of the local-stack library. The message is meant for a person and names the cause. */
export class InfraError extends Error {
  constructor(
    readonly code: InfraErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InfraError';
  }
}
