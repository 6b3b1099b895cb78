/**
 * The truth about a stage, as its /health and /ready endpoints, the gateway, the dashboard and the metrics tell it.
 * Pure: the consumer supervisor (libs/messaging) fills a snapshot, `evaluateStageHealth` judges it.
 */

export const STAGE_STATUSES = ['starting', 'up', 'stalled', 'blocked', 'down'] as const;
/**
 * - `starting`: the consumer has not joined its group yet (within the start-up grace).
 * - `up`: consuming, or idle with no lag.
 * - `stalled`: lag > 0 and no progress (commit or finished message) for the stall window.
 * - `blocked`: waiting on a dependency (Kafka, OpenSearch, Redis unreachable); retried without limit, nothing lost.
 * - `down`: the consumer is dead (crashed and not coming back, stopped while the service runs) or stalled past the
 *   bound; liveness fails so that a supervisor restarts the process.
 */
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const CONSUMER_STATES = ['starting', 'running', 'restarting', 'stopped'] as const;
export type ConsumerState = (typeof CONSUMER_STATES)[number];

/** What the consumer supervisor knows at one moment. Times are epoch ms (0 = never). */
export interface ConsumerSnapshot {
  group: string;
  topic: string;
  state: ConsumerState;
  /** True once the service is shutting down on purpose (a stopped consumer is then not a fault). */
  shuttingDown: boolean;
  startedAt: number;
  /** Partitions of the input topic assigned to this member (empty when idle or not joined). */
  assigned: number[];
  joined: boolean;
  /** Lag summed over this member's assigned partitions; null when unknown (offsets not read yet). */
  lag: number | null;
  /** Last commit or finished message, whichever is later. */
  lastProgressAt: number;
  lastCommitAt: number;
  restarts: number;
  lastError?: string | undefined;
  /** Set while a handler waits on an unavailable dependency, or while Kafka itself cannot be reached. */
  blockedReason?: string | undefined;
  /** Since when the consumer has been failing to (re)start, 0 when it is not. */
  failingSince: number;
  /** When the oldest handler call still running started (0 or absent when none is running). */
  busySince?: number;
}

export interface StageHealthThresholds {
  /** No progress with lag > 0 for this long: stalled (the supervisor restarts the consumer). */
  stallMs: number;
  /** Stalled, or failing to restart, for this long: down (the process exits so that it is restarted). */
  downMs: number;
  /** A consumer that has not joined within this long after start is stalled/down like any other. */
  startGraceMs: number;
  /**
   * A handler call running for less than this long is waiting on something slow (an overloaded OpenSearch, a
   * starved machine), not wedged: the stage is `blocked`, not `stalled`, so its consumer is not replaced in the middle
   * of the call (which would only redo the same work after a rebalance). Past it, the usual stall rules apply.
   */
  busyBoundMs: number;
}

export const DEFAULT_STAGE_HEALTH_THRESHOLDS: StageHealthThresholds = {
  stallMs: 15_000,
  downMs: 45_000,
  startGraceMs: 60_000,
  busyBoundMs: 90_000,
};

export interface StageHealthVerdict {
  status: StageStatus;
  reason?: string;
}

const secs = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Judges a snapshot. Order matters: a dead consumer is down before anything else is looked at. */
export function evaluateStageHealth(
  s: ConsumerSnapshot,
  now: number,
  t: StageHealthThresholds = DEFAULT_STAGE_HEALTH_THRESHOLDS,
): StageHealthVerdict {
  if (s.state === 'stopped')
    return s.shuttingDown
      ? { status: 'down', reason: 'shutting down' }
      : { status: 'down', reason: `consumer stopped${s.lastError ? `: ${s.lastError}` : ''}` };
  // A dependency outage (Kafka itself included) is waited out, not restarted: a new process would wait the same.
  if (s.blockedReason) return { status: 'blocked', reason: s.blockedReason };
  if (s.failingSince > 0 && now - s.failingSince >= t.downMs)
    return {
      status: 'down',
      reason: `consumer failing to restart for ${secs(now - s.failingSince)}${s.lastError ? `: ${s.lastError}` : ''}`,
    };
  if (s.state === 'restarting')
    return { status: 'stalled', reason: `consumer restarting${s.lastError ? ` after: ${s.lastError}` : ''}` };
  if (!s.joined) {
    const waited = now - s.startedAt;
    if (waited < t.startGraceMs) return { status: 'starting', reason: `joining consumer group ${s.group}` };
    return waited >= t.startGraceMs + t.downMs
      ? { status: 'down', reason: `not in consumer group ${s.group} after ${secs(waited)}` }
      : { status: 'stalled', reason: `not in consumer group ${s.group} after ${secs(waited)}` };
  }
  if (s.lag !== null && s.lag > 0) {
    const since = Math.max(s.lastProgressAt, s.startedAt);
    const idle = now - since;
    const busy = s.busySince ? now - s.busySince : 0;
    if (idle >= t.stallMs && busy > 0 && busy < t.busyBoundMs)
      return {
        status: 'blocked',
        reason: `no progress for ${secs(idle)} with lag ${s.lag}: a handler call has been running for ${secs(busy)} (a slow dependency or a starved machine)`,
      };
    // A handler call that outlived its bound is judged from the bound on: stalled at once, down downMs later.
    const judged = busy >= t.busyBoundMs ? Math.min(idle, busy - t.busyBoundMs + t.stallMs) : idle;
    if (judged >= t.stallMs + t.downMs)
      return { status: 'down', reason: `no progress for ${secs(idle)} with lag ${s.lag}` };
    if (judged >= t.stallMs)
      return { status: 'stalled', reason: `no progress for ${secs(idle)} with lag ${s.lag}` };
  }
  return { status: 'up' };
}

/** The JSON body of a stage's GET /health and GET /ready (the contract the gateway and dashboard read). */
export interface StageHealthReport {
  service: string;
  status: StageStatus;
  reason?: string;
  consumer: {
    group: string;
    topic: string;
    state: ConsumerState;
    assigned: number[];
    lag: number | null;
    lastProgressAt: string | null;
    lastCommitAt: string | null;
    restarts: number;
    lastError?: string;
  };
  checks: Record<string, { ok: boolean; detail?: string; ms: number }>;
}

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : null);

export function stageHealthReport(
  service: string,
  s: ConsumerSnapshot,
  verdict: StageHealthVerdict,
  checks: StageHealthReport['checks'],
): StageHealthReport {
  return {
    service,
    status: verdict.status,
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    consumer: {
      group: s.group,
      topic: s.topic,
      state: s.state,
      assigned: s.assigned,
      lag: s.lag,
      lastProgressAt: iso(s.lastProgressAt),
      lastCommitAt: iso(s.lastCommitAt),
      restarts: s.restarts,
      ...(s.lastError ? { lastError: s.lastError } : {}),
    },
    checks,
  };
}

/** Liveness fails only when the stage is down; readiness only passes when it is up. */
export const isLive = (status: StageStatus) => status !== 'down';
export const isReady = (status: StageStatus) => status === 'up';

/** Whatever can produce a stage's health report (the stage host). */
export interface StageHealthSource {
  report(): Promise<StageHealthReport>;
}
