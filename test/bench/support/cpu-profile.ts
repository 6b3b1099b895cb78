import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileShare {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Busy time sampled (idle excluded), ms. */
  busyMs: number;
  byModule: ProfileShare[];
  topFunctions: ProfileShare[];
}

/** Which package or workspace project a script URL belongs to (`kafkajs`, `@newsflow/enrich`, `node:zlib`...). */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?([^/]+).*/, 'node:$2');
  const nm = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm?.[1]) return nm[1];
  const ws = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (ws?.[2]) return ws[1] === 'libs' ? `@newsflow/${ws[2]}` : `service ${ws[2]}`;
  return url;
}

/**
 * Self time of a V8 `.cpuprofile` (as written by `node --cpu-prof`) grouped by module and by function, so a
 * benchmark can say where a service spends its CPU.
 */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalSamples = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const msPerSample = totalSamples ? (profile.endTime - profile.startTime) / 1000 / totalSamples : 0;
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits || n.callFrame.functionName === '(idle)') continue;
    const ms = hits * msPerSample;
    busy += ms;
    const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
    const file = n.callFrame.url.split('/').slice(-2).join('/');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const shares = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / busy) * 1000) / 10 }));
  return { busyMs: Math.round(busy), byModule: shares(byModule), topFunctions: shares(byFunction) };
}
