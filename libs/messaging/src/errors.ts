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
