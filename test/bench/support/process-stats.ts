import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Resident set size and its peak (VmRSS, VmHWM) of a process in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round(kb('VmRSS') / 1024), peakRssMiB: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Pids of the local stack's Kafka broker and OpenSearch node (found by the `-Dnewsflow.infra=<what>@<run dir>`
 * marker the native launcher puts on their command lines, preferring this checkout's run folder) and of Redis.
 */
export function infraPids(runDir?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const infra = /-Dnewsflow\.infra=(kafka|opensearch)@([^\0]+)/.exec(cmd);
    if (infra?.[1] && (!out[infra[1]] || infra[2] === runDir)) out[infra[1]] = Number(entry);
    else if (!out.redis && /^redis-server/.test(cmd)) out.redis = Number(entry);
  }
  return out;
}

/** Per process: CPU seconds used, average cores busy, RSS now, peak RSS seen while sampling. */
export type ProcessFigures = Record<
  string,
  { cpuSeconds: number; cores: number; rssMiB: number; peakRssMiB: number }
>;

/** Tracks the CPU seconds a set of processes use between `start()` and `stop()`, and their peak RSS meanwhile. */
export class ProcessSampler {
  private cpuAtStart = new Map<string, number>();
  private peak = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  start(): void {
    this.startedAt = Date.now();
    this.peak.clear();
    for (const [name, pid] of Object.entries(this.pids)) this.cpuAtStart.set(name, cpuSecondsOf(pid) ?? NaN);
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const rss = memoryOf(pid)?.rssMiB;
      if (rss !== undefined) this.peak.set(name, Math.max(this.peak.get(name) ?? 0, rss));
    }
  }

  stop(): ProcessFigures {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const wall = (Date.now() - this.startedAt) / 1000;
    const out: ProcessFigures = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const cpu = (cpuSecondsOf(pid) ?? NaN) - (this.cpuAtStart.get(name) ?? NaN);
      out[name] = {
        cpuSeconds: Math.round(cpu * 10) / 10,
        cores: Math.round((cpu / wall) * 100) / 100,
        rssMiB: memoryOf(pid)?.rssMiB ?? NaN,
        peakRssMiB: this.peak.get(name) ?? NaN,
      };
    }
    return out;
  }
}
