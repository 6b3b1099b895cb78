/** A dependency a service needs (Kafka, OpenSearch, Redis, ...), checked by /health. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; detail?: string; ms: number }>;
}

/** Runs every indicator with a timeout; a thrown error or timeout counts as not ok with the reason. */
export async function runHealthChecks(
  indicators: readonly HealthIndicator[],
  timeoutMs = 2000,
): Promise<HealthReport> {
  const entries = await Promise.all(
    indicators.map(async (ind) => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<{ ok: boolean; detail?: string }>((resolve) => {
          timer = setTimeout(
            () => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }),
            timeoutMs,
          );
        });
        const res = await Promise.race([ind.check(), timeout]);
        return [ind.name, { ...res, ms: Date.now() - started }] as const;
      } catch (err) {
        return [ind.name, { ok: false, detail: (err as Error).message, ms: Date.now() - started }] as const;
      } finally {
        if (timer) clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, v]) => v.ok) ? 'ok' : 'degraded', checks };
}
