/**
 * Same-run A/B of the collapsed search the gateway sends today against an earlier shape of it (a baseline, see
 * {@link BASELINES}), both straight to OpenSearch with the same queries:
 * - serial: one query at a time, each query in both shapes back to back (order alternating), wall ms per query;
 * - closed loop: C clients sending the next query as soon as the last one answered, the shapes alternating in
 *   blocks of S seconds; queries per second and OpenSearch CPU ms per query (OpenSearch is shared with whatever
 *   else runs on the machine, so the alternation is what makes the two comparable).
 * Run through `npm run bench:search -- --compare [--against NAME]`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { ProcessSampler } from './support/process-stats.js';
import { round, summarise, table, type Summary } from './support/stats.js';
import { send, type LoadRequest } from './search-load.js';
import { DATE_HISTOGRAM_BUCKETS, FACET_FIELDS, STORY_INNER_FIELDS, STORY_INNER_HITS } from '@newsflow/search';

export interface CompareOptions {
  /** Name of the baseline shape ({@link BASELINES}). */
  against: BaselineName;
  /** Queries of the serial part (each sent in both shapes). */
  serial: number;
  clients: number;
  blocks: number;
  blockS: number;
}

interface ShapeLoop {
  answered: number;
  failed: number;
  seconds: number;
  opensearchCpuS: number;
  /** CPU of OpenSearch's search-pool threads only (NaN when they could not be found). */
  searchThreadsCpuS: number;
}

/**
 * Linux thread ids of OpenSearch's search pool (`opensearch[<node>][search][T#n]`), from `jstack`'s thread names
 * (`nid`); empty when jstack is missing or fails. Their CPU is the queries' own work: the whole process also counts
 * HTTP threads, GC, and indexing or merges that anything else on a shared node causes.
 */
export function searchThreadIds(pid: number): number[] {
  try {
    const dump = execFileSync('jstack', [String(pid)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      timeout: 30_000,
    });
    return [...dump.matchAll(/^"[^"]*\]\[search\]\[T#\d+\]".*nid=0x([0-9a-f]+)/gm)].map((m) =>
      parseInt(m[1] as string, 16),
    );
  } catch {
    return [];
  }
}

/** CPU seconds (user + system) the given threads of `pid` have used, from /proc/<pid>/task/<tid>/stat. */
export function threadsCpuSeconds(pid: number, tids: readonly number[]): number {
  let ticks = 0;
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  return tids.length ? ticks / 100 : Number.NaN;
}

export interface CompareResult {
  options: CompareOptions;
  serialMs: { previous: Summary; current: Summary };
  closedLoop: {
    previous: { qps: number; opensearchCpuMsPerQuery: number; searchThreadsCpuMsPerQuery: number };
    current: { qps: number; opensearchCpuMsPerQuery: number; searchThreadsCpuMsPerQuery: number };
  };
  /** previous / current: how many times costlier the previous shape was. */
  ratios: {
    serialP50: number;
    serialMean: number;
    qps: number;
    opensearchCpuPerQuery: number;
    searchThreadsCpuPerQuery: number;
  };
}

/** The request as the gateway sent it before 50e4018: story details as collapse inner_hits, no second request. */
export function innerHitsShape(req: LoadRequest): LoadRequest {
  const body = JSON.parse(req.body ?? '{}') as Record<string, unknown>;
  if (body.collapse)
    body.collapse = {
      field: 'storyId',
      inner_hits: {
        name: 'story',
        size: STORY_INNER_HITS + 1,
        _source: [...STORY_INNER_FIELDS],
        sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
      },
    };
  return { method: req.method, path: withoutQuery(req.path), body: JSON.stringify(body) };
}

const withoutQuery = (path: string) => path.replace(/\?.*$/, '');

/**
 * The request as sent before the answers were trimmed: `_source` every field but the body and the bulky enrichment
 * (entities, keyword weights, topic scores), and no `filter_path` on either request.
 */
export function fullSourceShape(req: LoadRequest): LoadRequest {
  const body = JSON.parse(req.body ?? '{}') as Record<string, unknown>;
  body._source = { excludes: ['entities', 'keywordWeights', 'topicScores', 'body'] };
  return {
    ...req,
    path: withoutQuery(req.path),
    body: JSON.stringify(body),
    ...(req.storyDetails
      ? { storyDetails: { ...req.storyDetails, path: withoutQuery(req.storyDetails.path) } }
      : {}),
  };
}

/** The request with the story total counted over the keyword storyId, as before the numeric storyKey. */
export function storyIdTotalShape(req: LoadRequest): LoadRequest {
  const body = JSON.parse(req.body ?? '{}') as {
    aggs?: { stories?: { cardinality?: { field?: string } } };
  };
  const total = body.aggs?.stories?.cardinality;
  if (total) total.field = 'storyId';
  return { ...req, body: JSON.stringify(body) };
}

/**
 * The request with every facet (`facets=all`), whatever set the queries asked for: with the default `--facets true`
 * (source, topic, date) it measures what the other facets cost (the aggregations as `planSearch` writes them).
 */
export function allFacetsShape(req: LoadRequest): LoadRequest {
  const body = JSON.parse(req.body ?? '{}') as { aggs?: Record<string, unknown> };
  const aggs = body.aggs ?? {};
  for (const [name, field] of Object.entries(FACET_FIELDS)) aggs[name] ??= { terms: { field, size: 10 } };
  aggs.date ??= { auto_date_histogram: { field: 'publishedAt', buckets: DATE_HISTOGRAM_BUCKETS } };
  body.aggs = aggs;
  return { ...req, body: JSON.stringify(body) };
}

/** The story details request sent for every collapsed page, as before 59c840d (which skips it when every story is alone). */
export function alwaysDetailsShape(req: LoadRequest): LoadRequest {
  return req.storyDetails ? { ...req, storyDetails: { ...req.storyDetails, always: true } } : req;
}

/** Earlier shapes of the collapsed search, each the request of today changed back in one respect. */
export const BASELINES = {
  'full-source': {
    label: '_source all but body, no filter_path',
    shape: fullSourceShape,
  },
  'storyid-total': {
    label: 'story total over keyword storyId',
    shape: storyIdTotalShape,
  },
  'inner-hits': {
    label: 'collapse inner_hits, no details request',
    shape: innerHitsShape,
  },
  'always-details': {
    label: 'story details request for every page',
    shape: alwaysDetailsShape,
  },
  'all-facets': {
    label: 'every facet (facets=all)',
    shape: allFacetsShape,
  },
} as const satisfies Record<string, { label: string; shape: (req: LoadRequest) => LoadRequest }>;
export type BaselineName = keyof typeof BASELINES;
export const BASELINE_NAMES = Object.keys(BASELINES) as BaselineName[];

async function timed(agent: Agent, base: URL, req: LoadRequest): Promise<number> {
  const t0 = performance.now();
  const res = await send(agent, base, req);
  if (res.status !== 200) throw new Error(`OpenSearch answered ${res.status} to ${req.path}`);
  return performance.now() - t0;
}

async function loop(
  agent: Agent,
  base: URL,
  reqs: readonly LoadRequest[],
  o: CompareOptions,
  opensearchPid: number | undefined,
  searchTids: readonly number[],
): Promise<ShapeLoop> {
  const sampler = new ProcessSampler(opensearchPid ? { opensearch: opensearchPid } : {});
  const threads0 = opensearchPid ? threadsCpuSeconds(opensearchPid, searchTids) : Number.NaN;
  const end = performance.now() + o.blockS * 1000;
  let next = 0;
  let answered = 0;
  let failed = 0;
  const t0 = performance.now();
  sampler.start();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (performance.now() < end) {
        const req = reqs[next++ % reqs.length];
        if (!req) return;
        const res = await send(agent, base, req).catch(() => ({ status: 0 }));
        if (res.status === 200) answered += 1;
        else failed += 1;
      }
    }),
  );
  const cpu = sampler.stop().opensearch?.cpuSeconds ?? Number.NaN;
  const threads = opensearchPid ? threadsCpuSeconds(opensearchPid, searchTids) - threads0 : Number.NaN;
  return {
    answered,
    failed,
    seconds: (performance.now() - t0) / 1000,
    opensearchCpuS: cpu,
    searchThreadsCpuS: threads,
  };
}

/** Runs the comparison on `requests` (direct collapsed searches in today's shape, with their story details). */
export async function compareShapes(
  opensearchUrl: string,
  requests: readonly LoadRequest[],
  o: CompareOptions,
  opensearchPid: number | undefined,
): Promise<CompareResult> {
  const base = new URL(opensearchUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const current = requests.filter((r) => r.storyDetails);
  const previous = current.map(BASELINES[o.against].shape);
  if (previous.every((p, i) => p.body === current[i]?.body && p.storyDetails === current[i]?.storyDetails))
    console.warn(`  the baseline "${o.against}" sends the same requests as now: nothing to compare`);
  // The search pool's threads exist once the node has searched (the warm-up below), and live as long as the node.
  let searchTids: number[] = [];
  try {
    // Warm-up: each shape once over the first queries.
    for (const r of [...current.slice(0, 20), ...previous.slice(0, 20)]) await timed(agent, base, r);
    if (opensearchPid) searchTids = searchThreadIds(opensearchPid);
    const ms = { previous: [] as number[], current: [] as number[] };
    for (let i = 0; i < Math.min(o.serial, current.length); i += 1) {
      const cur = current[i] as LoadRequest;
      const prev = previous[i] as LoadRequest;
      if (i % 2) {
        ms.previous.push(await timed(agent, base, prev));
        ms.current.push(await timed(agent, base, cur));
      } else {
        ms.current.push(await timed(agent, base, cur));
        ms.previous.push(await timed(agent, base, prev));
      }
    }
    const loops = { previous: [] as ShapeLoop[], current: [] as ShapeLoop[] };
    for (let b = 0; b < o.blocks; b += 1) {
      const order = b % 2 ? (['previous', 'current'] as const) : (['current', 'previous'] as const);
      for (const shape of order) {
        console.log(
          `  closed loop block ${b + 1}/${o.blocks}: ${shape} shape, ${o.clients} clients, ${o.blockS} s`,
        );
        loops[shape].push(
          await loop(agent, base, shape === 'current' ? current : previous, o, opensearchPid, searchTids),
        );
      }
    }
    const pooled = (xs: ShapeLoop[]) => {
      const answered = xs.reduce((s, x) => s + x.answered, 0);
      const seconds = xs.reduce((s, x) => s + x.seconds, 0);
      const cpu = xs.reduce((s, x) => s + x.opensearchCpuS, 0);
      const threads = xs.reduce((s, x) => s + x.searchThreadsCpuS, 0);
      return {
        qps: round(answered / seconds),
        opensearchCpuMsPerQuery: round((cpu * 1000) / Math.max(1, answered), 2),
        searchThreadsCpuMsPerQuery: round((threads * 1000) / Math.max(1, answered), 2),
      };
    };
    const serialMs = { previous: summarise(ms.previous), current: summarise(ms.current) };
    const closedLoop = { previous: pooled(loops.previous), current: pooled(loops.current) };
    return {
      options: o,
      serialMs,
      closedLoop,
      ratios: {
        serialP50: round(serialMs.previous.p50 / serialMs.current.p50, 2),
        serialMean: round(serialMs.previous.mean / serialMs.current.mean, 2),
        qps: round(closedLoop.current.qps / closedLoop.previous.qps, 2),
        opensearchCpuPerQuery: round(
          closedLoop.previous.opensearchCpuMsPerQuery / closedLoop.current.opensearchCpuMsPerQuery,
          2,
        ),
        searchThreadsCpuPerQuery: round(
          closedLoop.previous.searchThreadsCpuMsPerQuery / closedLoop.current.searchThreadsCpuMsPerQuery,
          2,
        ),
      },
    };
  } finally {
    agent.destroy();
  }
}

/** The comparison's table lines. */
export function compareReport(c: CompareResult): string {
  const row = (name: 'previous' | 'current') => [
    name === 'previous' ? `before: ${BASELINES[c.options.against].label}` : 'now',
    c.serialMs[name].p50,
    c.serialMs[name].mean,
    c.serialMs[name].p95,
    c.closedLoop[name].qps,
    c.closedLoop[name].opensearchCpuMsPerQuery,
    c.closedLoop[name].searchThreadsCpuMsPerQuery,
  ];
  return [
    `Collapsed search straight to OpenSearch, before (${c.options.against}) vs now, same queries back to back (serial: ${c.serialMs.current.n} queries each; closed loop: ${c.options.clients} clients, ${c.options.blocks} alternating blocks of ${c.options.blockS} s)`,
    table(
      [
        'request shape',
        'serial p50 ms',
        'mean',
        'p95',
        'closed-loop q/s',
        'OpenSearch cpu ms/query',
        'search threads ms/query',
      ],
      [row('previous'), row('current')],
    ),
    `before/now: serial p50 ${c.ratios.serialP50}x, mean ${c.ratios.serialMean}x; throughput now/before ${c.ratios.qps}x; OpenSearch CPU per query before/now ${c.ratios.opensearchCpuPerQuery}x, its search threads' ${c.ratios.searchThreadsCpuPerQuery}x`,
  ].join('\n');
}
