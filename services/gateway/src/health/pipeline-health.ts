import { z } from 'zod';
import { STAGE_NAMES, type StageName } from '@newsflow/contracts';
import { errorMessage } from '@newsflow/messaging';
import type { HealthIndicator } from '@newsflow/observability';

/** The states a stage reports on GET /health (see libs/observability stage health). */
export const STAGE_STATUSES = ['starting', 'up', 'stalled', 'blocked', 'down'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** A stage's /health body as far as the gateway reads it; unknown fields are kept for the dashboard. */
const stageHealthBodySchema = z
  .object({
    service: z.string().optional(),
    status: z.string(),
    reason: z.string().optional(),
    consumer: z
      .object({
        group: z.string(),
        topic: z.string(),
        state: z.string(),
        assigned: z.array(z.number()),
        lag: z.number().nullable(),
        lastProgressAt: z.string().nullable(),
        lastCommitAt: z.string().nullable(),
        restarts: z.number(),
        lastError: z.string().optional(),
      })
      .partial()
      .optional(),
    checks: z
      .record(z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number().optional() }))
      .optional(),
  })
  .passthrough();

export type StageConsumerHealth = NonNullable<z.infer<typeof stageHealthBodySchema>['consumer']>;

export interface StageHealth {
  stage: StageName;
  url: string;
  status: StageStatus;
  /** Why the stage is not up (from the stage itself, or why the gateway could not ask it). */
  reason?: string;
  /** False when the process did not answer at all (gone, or hung): it then has no /metrics either. */
  reachable: boolean;
  consumer?: StageConsumerHealth;
  checks?: Record<string, { ok: boolean; detail?: string; ms?: number }>;
}

export interface ServerHealth {
  name: string;
  ok: boolean;
  detail?: string;
  ms: number;
}

/** One part that is not healthy, with the reason: what an operator reads first. */
export interface UnhealthyPart {
  part: string;
  status: string;
  reason: string;
}

export interface PipelineHealthReport {
  status: 'up' | 'degraded';
  checkedAt: string;
  unhealthy: UnhealthyPart[];
  stages: StageHealth[];
  servers: ServerHealth[];
  /** The servers again, keyed by name, in the shape of every service's `checks`. */
  checks: Record<string, { ok: boolean; detail?: string; ms: number }>;
}

/** GET <url> answering the status code and the body text; rejects when nothing answers within the timeout. */
export type HttpGet = (url: string, timeoutMs: number) => Promise<{ status: number; text: string }>;

const defaultHttpGet: HttpGet = async (url, timeoutMs) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, text: await res.text() };
};

/** The reason fetch gives for a refused or timed-out connection, without the "fetch failed" wrapper. */
function unreachableReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  return cause?.message ?? errorMessage(err);
}

/** Legacy stage bodies said `ok`/`degraded`; everything else must be one of the known states. */
function toStatus(raw: string): StageStatus | undefined {
  if ((STAGE_STATUSES as readonly string[]).includes(raw)) return raw as StageStatus;
  if (raw === 'ok') return 'up';
  return undefined;
}

/**
 * The truth about the whole pipeline: each stage's own /health (a stage that does not answer is down, with the
 * reason), and the servers (Kafka, OpenSearch, Redis) as the gateway sees them. Used by the gateway's /health,
 * /v1/stats, the dashboard, the exporter and `newsflow status`.
 */
export class PipelineHealthChecker {
  private readonly get: HttpGet;

  constructor(
    private readonly deps: {
      stageUrls: Readonly<Record<StageName, string>>;
      servers: readonly HealthIndicator[];
      timeoutMs: number;
      httpGet?: HttpGet;
    },
  ) {
    this.get = deps.httpGet ?? defaultHttpGet;
  }

  async stage(stage: StageName): Promise<StageHealth> {
    const url = this.deps.stageUrls[stage];
    let res: { status: number; text: string };
    try {
      res = await withTimeout(this.get(`${url}/health`, this.deps.timeoutMs), this.deps.timeoutMs + 250);
    } catch (err) {
      return {
        stage,
        url,
        status: 'down',
        reachable: false,
        reason: `no answer from ${url}/health: ${unreachableReason(err)}`,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      return {
        stage,
        url,
        status: 'down',
        reachable: true,
        reason: `GET /health answered ${res.status} with a body that is not JSON`,
      };
    }
    const parsed = stageHealthBodySchema.safeParse(json);
    if (!parsed.success) {
      return {
        stage,
        url,
        status: 'down',
        reachable: true,
        reason: `GET /health answered ${res.status} with an unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      };
    }
    const body = parsed.data;
    const status = toStatus(body.status);
    const failing = Object.entries(body.checks ?? {})
      .filter(([, c]) => !c.ok)
      .map(([name, c]) => `${name}: ${c.detail ?? 'not ok'}`);
    const out: StageHealth = {
      stage,
      url,
      // A legacy "degraded" (a dependency check failed) is a stage waiting on a dependency.
      status: status ?? (body.status === 'degraded' ? 'blocked' : 'down'),
      reachable: true,
      ...(body.consumer ? { consumer: body.consumer } : {}),
      ...(body.checks ? { checks: body.checks } : {}),
    };
    const reason =
      body.reason ??
      (status === undefined && body.status !== 'degraded' ? `unknown status "${body.status}"` : undefined) ??
      (failing.length > 0 ? failing.join('; ') : undefined) ??
      (body.consumer?.lastError && out.status !== 'up' ? body.consumer.lastError : undefined);
    if (reason !== undefined) out.reason = reason;
    return out;
  }

  async servers(): Promise<ServerHealth[]> {
    return Promise.all(
      this.deps.servers.map(async (ind) => {
        const started = Date.now();
        try {
          const r = await withTimeout(ind.check(), this.deps.timeoutMs);
          return {
            name: ind.name,
            ok: r.ok,
            ...(r.detail !== undefined ? { detail: r.detail } : {}),
            ms: Date.now() - started,
          };
        } catch (err) {
          return { name: ind.name, ok: false, detail: errorMessage(err), ms: Date.now() - started };
        }
      }),
    );
  }

  async report(): Promise<PipelineHealthReport> {
    const [stages, servers] = await Promise.all([
      Promise.all(STAGE_NAMES.map((s) => this.stage(s))),
      this.servers(),
    ]);
    const unhealthy: UnhealthyPart[] = [
      ...servers
        .filter((s) => !s.ok)
        .map((s) => ({ part: s.name, status: 'down', reason: s.detail ?? 'check failed' })),
      ...stages
        .filter((s) => s.status !== 'up')
        .map((s) => ({ part: s.stage, status: s.status, reason: s.reason ?? s.status })),
    ];
    return {
      status: unhealthy.length === 0 ? 'up' : 'degraded',
      checkedAt: new Date().toISOString(),
      unhealthy,
      stages,
      servers,
      checks: Object.fromEntries(
        servers.map((s) => [
          s.name,
          { ok: s.ok, ...(s.detail !== undefined ? { detail: s.detail } : {}), ms: s.ms },
        ]),
      ),
    };
  }
}

/** Rejects with "timed out after N ms" when `p` does not settle in time (kafkajs may retry for a long while). */
export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
