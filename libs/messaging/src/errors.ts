/**
 * A failure that retrying cannot fix (bad input, unsupported format): the message goes to the dead-letter
 * topic at once with this code. Any other thrown error is treated as transient and retried a bounded number of times.
 */
export class PermanentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

export function isPermanent(err: unknown): err is PermanentError {
  return err instanceof PermanentError;
}

export function errorCode(err: unknown): string {
  if (err instanceof PermanentError) return err.code;
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  if (typeof code === 'string') return code;
  return 'unexpected';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A server the handler needs (Redis, OpenSearch, an HTTP dependency) is unavailable. Not the message's fault:
 * the runner retries it without limit, heartbeating, and the stage reports `blocked` with this message meanwhile.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    message: string,
  ) {
    super(`${dependency} unavailable: ${message}`);
    this.name = 'DependencyUnavailableError';
  }
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'NR_CLOSED',
]);
const OUTAGE_NAMES = new Set(['MaxRetriesPerRequestError', 'ConnectionError', 'NoLivingConnectionsError']);
const OUTAGE_MESSAGE = /Connection is closed|Stream isn't writeable|connect ECONNREFUSED|socket hang up/i;

/**
 * True for errors that mean "a server is down", not "this message is bad": connection refused/reset, ioredis'
 * closed-connection and max-retries errors, the OpenSearch client's connection errors. Checked through `cause`.
 */
export function isDependencyOutage(err: unknown, depth = 0): boolean {
  if (err instanceof DependencyUnavailableError) return true;
  if (!(err instanceof Error) || depth > 4) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  if (OUTAGE_NAMES.has(err.name) || OUTAGE_MESSAGE.test(err.message)) return true;
  return isDependencyOutage((err as Error & { cause?: unknown }).cause, depth + 1);
}

/** A short name for an outage error's dependency, for the `blocked` reason. */
export function outageReason(err: unknown): string {
  if (err instanceof DependencyUnavailableError) return err.message;
  return `dependency unavailable: ${errorMessage(err)}`;
}
