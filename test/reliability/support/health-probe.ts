import type { StageName } from '@newsflow/contracts';

/** The statuses of the health contract; the last three say "not working". */
export const HEALTH_STATUSES = ['starting', 'up', 'stalled', 'blocked', 'down'] as const;
const NOT_WORKING = new Set(['stalled', 'blocked', 'down']);

export interface HealthObservation {
  readonly at: number;
  /** HTTP status, or 0 when the endpoint did not answer within the timeout. */
  readonly http: number;
  readonly body: unknown;
  readonly readyHttp?: number;
}

async function get(url: string): Promise<{ http: number; body: unknown }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // not JSON: kept as text, and no contract status can be read from it
    }
    return { http: res.status, body };
  } catch {
    return { http: 0, body: undefined };
  }
}

/** The contract's `status` of a service's own /health body, when it has one. */
export function ownStatus(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const s = (body as Record<string, unknown>).status;
  return typeof s === 'string' ? s : undefined;
}

/**
 * What an aggregated health body (the gateway's) says about one stage: the `status` of the first object found
 * under a key equal to the stage name, wherever the gateway nests its per-stage entries.
 */
export function stageStatusIn(body: unknown, stage: StageName): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const obj = body as Record<string, unknown>;
  const direct = obj[stage];
  if (typeof direct === 'object' && direct !== null) {
    const s = ownStatus(direct);
    if (s !== undefined) return s;
  }
  if (Array.isArray(body)) {
    for (const item of body) {
      const o = item as Record<string, unknown> | null;
      if (
        typeof o === 'object' &&
        o !== null &&
        (o.name === stage || o.stage === stage || o.part === stage)
      ) {
        const s = ownStatus(o);
        if (s !== undefined) return s;
      }
    }
  }
  for (const v of Object.values(obj)) {
    const s = stageStatusIn(v, stage);
    if (s !== undefined) return s;
  }
  return undefined;
}

export const isNotWorking = (status: string | undefined): boolean =>
  status !== undefined && NOT_WORKING.has(status);

/** Polls a service's /health (and /ready) once a second while a fault lasts, keeping every answer. */
export class HealthProbe {
  readonly observations: HealthObservation[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly baseUrl: string,
    private readonly withReady: boolean,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.poll(), 1000);
    void this.poll();
    return this;
  }

  private async poll(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const at = Date.now();
      const [health, ready] = await Promise.all([
        get(`${this.baseUrl}/health`),
        this.withReady ? get(`${this.baseUrl}/ready`) : Promise.resolve(undefined),
      ]);
      this.observations.push({ at, http: health.http, body: health.body, readyHttp: ready?.http });
    } finally {
      this.inFlight = false;
    }
  }

  stop(): HealthObservation[] {
    if (this.timer) clearInterval(this.timer);
    return this.observations;
  }

  /** One line per distinct answer, for failure messages and the report. */
  describe(): string {
    const seen = new Map<string, number>();
    for (const o of this.observations) {
      const k = `HTTP ${o.http || 'no answer'}${o.readyHttp !== undefined ? ` ready ${o.readyHttp || 'no answer'}` : ''} ${JSON.stringify(o.body)?.slice(0, 240) ?? ''}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    return [...seen].map(([k, n]) => `${n}x ${k}`).join('\n') || '(no observation)';
  }
}
