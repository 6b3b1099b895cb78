import { newsflowSystem, readabilityLinkedom, type EvalSystem } from '../../eval/extract/peers.js';
import type { HtmlPage } from './html-corpus.js';

export interface ExtractBaselineResult {
  pages: number;
  /** CPU of this thread per page (parse + extraction), after a warm-up over the first pages. */
  cpuMsPerPage: number;
  wallMsPerPage: number;
  /** Pages the system returned no article for. */
  empty: number;
  failures: number;
}

/** One extraction system alone on this thread over the same pages the pipeline gets. */
export async function measureExtraction(
  system: EvalSystem,
  pages: readonly HtmlPage[],
): Promise<ExtractBaselineResult> {
  const run = async (p: HtmlPage): Promise<'ok' | 'empty' | 'failed'> => {
    try {
      const out = await system.run(p.html, undefined);
      return out?.body ? 'ok' : 'empty';
    } catch {
      return 'failed';
    }
  };
  for (const p of pages.slice(0, Math.min(10, pages.length))) await run(p);
  let empty = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const p of pages) {
    const r = await run(p);
    if (r === 'empty') empty += 1;
    else if (r === 'failed') failures += 1;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const n = Math.max(1, pages.length);
  return {
    pages: pages.length,
    cpuMsPerPage: Math.round(((cpu.user + cpu.system) / 1000 / n) * 100) / 100,
    wallMsPerPage: Math.round((wall / n) * 100) / 100,
    empty,
    failures,
  };
}

/** Readability on linkedom (the usual pairing) and newsflow's own extraction with its default tuning. */
export const EXTRACTION_SYSTEMS = { readability: readabilityLinkedom, newsflow: newsflowSystem({}) };
