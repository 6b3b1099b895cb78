import { createRequire } from 'node:module';
import type { LoadRequest } from '../search-load.js';

/** The part of autocannon's result this benchmark reads. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
  requests: Array<{ method: string; path: string; body?: string; headers?: Record<string, string> }>;
}) => Promise<AutocannonResult>;

// autocannon ships no type declarations: load it untyped and describe the one call made here.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface ClosedLoopResult {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Closed-loop load with autocannon: `connections` clients each send the next request as soon as the previous one
 * answered, cycling through `requests`. Loopback only.
 */
export async function closedLoop(
  baseUrl: string,
  requests: readonly LoadRequest[],
  connections: number,
  durationS: number,
): Promise<ClosedLoopResult> {
  const host = new URL(baseUrl).hostname;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host))
    throw new Error(`load only goes to loopback addresses, not ${host}`);
  const r = await autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    pipelining: 1,
    timeout: 10,
    requests: requests.map((q) => ({
      method: q.method,
      path: q.path,
      ...(q.body ? { body: q.body, headers: { 'content-type': 'application/json' } } : {}),
    })),
  });
  return {
    connections,
    durationS,
    requests: r.requests.total,
    rps: Math.round((r.requests.total / Math.max(1, r.duration)) * 10) / 10,
    latencyMs: {
      mean: r.latency.average,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
