import { sleep } from '@newsflow/messaging';

/** The one `sleep` (libs/messaging's, which the stage runner uses too), re-exported for tests. */
export { sleep };

export interface UntilOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Pause between two polls (default 250 ms). */
  intervalMs?: number;
  /**
   * Treat a poll that throws as "not yet" and name its error in the timeout message (for endpoints that are still
   * starting); by default an error ends the wait at once.
   */
  retryErrors?: boolean;
  /** Added to the timeout message: what was last seen. */
  lastSeen?: () => string;
}

/**
 * Polls `poll` until it returns something other than `undefined` and returns that; fails with "timed out waiting
 * for <what>" after `timeoutMs`. The one polling loop of the test suites.
 */
export async function until<T>(
  what: string,
  poll: () => Promise<T | undefined> | T | undefined,
  opts: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await poll();
      if (v !== undefined) return v;
    } catch (err) {
      if (!opts.retryErrors) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const error = lastError instanceof Error ? `: ${lastError.message}` : '';
      const seen = opts.lastSeen ? `; ${opts.lastSeen()}` : '';
      throw new Error(`timed out waiting for ${what}${error}${seen}`);
    }
    await sleep(opts.intervalMs ?? 250);
  }
}

/** Polls a synchronous condition every `intervalMs` until it holds; fails like {@link until} after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<void> {
  await until(what, () => (cond() ? true : undefined), { timeoutMs, intervalMs });
}
