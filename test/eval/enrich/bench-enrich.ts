/**
 * Throughput and memory of the whole enrichment, in its own process so that memory figures are not
 * mixed with the evaluation corpora. Prints one JSON line.
 * Run: npm run bench:enrich
 * Env: BENCH_ARTICLES per round (default 2000), BENCH_ROUNDS (default 3), BENCH_THREADS for the
 * worker-thread pool (default 2), BENCH_LIB: another compiled libs/enrich/dist/index.js to measure (e.g. an
 * older commit built in a git worktree, for a same-machine comparison), BENCH_UNIQUE=1 to give every article of every
 * round a token seen nowhere else (as the pipeline bench's articles, and as names and numbers in real news), so the
 * word caches keep meeting new words: the heap after each round then shows whether they stay bounded over a long
 * run (e.g. BENCH_UNIQUE=1 BENCH_ROUNDS=8 BENCH_ARTICLES=10000 BENCH_THREADS=0). Throughputs are medians over the
 * rounds.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { bbcSplit, loadBbc } from '../../../libs/enrich/training/bbc-corpus.js';
import { toLetters } from '../../support/letters.js';

// Measure the compiled library (what services run), not the tsx-transpiled sources.
// The npm script builds it first (tsc -b libs/enrich).
type EnrichLib = typeof import('../../../libs/enrich/src/index.js');
const { Enricher, EnricherPool } = createRequire(__filename)(
  process.env['BENCH_LIB'] ?? resolve(__dirname, '../../../libs/enrich/dist/index.js'),
) as EnrichLib;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (x: number): number => Math.round((x / 1048576) * 10) / 10;

export interface EnrichBenchOptions {
  /** Articles per round. */
  articles: number;
  rounds: number;
  /** Worker threads of the EnricherPool measurement; 0 skips it. */
  threads: number;
  /**
   * The texts to enrich (cycled to `articles`); default: ~3 KB held-out BBC articles. `npm run bench` passes the
   * pipeline's own articles, so the baseline does the same work per article as the classify stage.
   */
  texts?: readonly { title: string; body: string }[];
  /** Give every article of every round its own new token (see BENCH_UNIQUE). */
  uniqueTokens?: boolean;
}

/** Figures of one run (medians over the rounds); `articlesPerCpuSecond` is this thread's CPU time. */
export interface EnrichBenchResult {
  articles: number;
  avgBytes: number;
  rounds: number;
  articlesPerSecond: number;
  articlesPerSecondBest: number;
  articlesPerCpuSecond: number;
  msPerArticle: number;
  cpuMsPerArticle: number;
  poolThreads: number;
  poolArticlesPerSecond?: number;
  poolArticlesPerSecondBest?: number;
  loadMs: number;
  modelHeapMb: number;
  modelArrayBuffersMb: number;
  modelRssMb: number;
  rssAfterRunMb: number;
  heapAfterRunMb: number;
  /** After a full GC at the end of each round: heap used plus array buffers (the NER arena, the models' arrays). */
  heapAndBuffersAfterRoundMb: number[];
  loadAverage1m: number;
}

/** The enrichment library alone on this thread (and, with `threads` > 0, through EnricherPool). */
export async function measureEnrich(o: EnrichBenchOptions): Promise<EnrichBenchResult> {
  const articles = o.texts?.length ? o.texts : bbcArticles();
  const avgBytes = articles.reduce((s, a) => s + Buffer.byteLength(a.title + a.body), 0) / articles.length;
  const N = o.articles;
  const rounds = o.rounds;
  const inputs = Array.from(
    { length: N },
    (_, i) => articles[i % articles.length] ?? { title: '', body: '' },
  );

  gc();
  const before = process.memoryUsage();
  let t0 = performance.now();
  const enricher = Enricher.load();
  const loadMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();

  for (let i = 0; i < 200; i++) enricher.enrich(inputs[i % N] ?? { title: '', body: '' });
  // Several rounds: the machine is shared, so one round can be slowed by other work. CPU time of this
  // process is reported beside wall time, since other processes' load lowers the wall-clock figure.
  const wall: number[] = [];
  const cpuRate: number[] = [];
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = o.uniqueTokens ? inputs.map((a, i) => withToken(a, r * N + i)) : inputs;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const a of round) enricher.enrich(a);
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    wall.push(N / secs);
    cpuRate.push(N / ((cpu.user + cpu.system) / 1e6));
    gc();
    const m = process.memoryUsage();
    perRound.push(mb(m.heapUsed + m.arrayBuffers));
  }
  gc();
  const end = process.memoryUsage();

  // The same articles through EnricherPool: worker threads, still one process.
  const threads = o.threads;
  const poolWall: number[] = [];
  if (threads > 0) {
    const workers = EnricherPool.create(threads);
    await workers.enrichMany(inputs.slice(0, 200));
    for (let r = 0; r < rounds; r++) {
      t0 = performance.now();
      await workers.enrichMany(inputs);
      poolWall.push(N / ((performance.now() - t0) / 1000));
    }
    await workers.close();
  }

  return {
    articles: N,
    avgBytes: Math.round(avgBytes),
    rounds,
    articlesPerSecond: Math.round(median(wall)),
    articlesPerSecondBest: Math.round(Math.max(...wall)),
    articlesPerCpuSecond: Math.round(median(cpuRate)),
    msPerArticle: Math.round(1e6 / median(wall)) / 1000,
    cpuMsPerArticle: Math.round(1e6 / median(cpuRate)) / 1000,
    poolThreads: threads,
    ...(poolWall.length
      ? {
          poolArticlesPerSecond: Math.round(median(poolWall)),
          poolArticlesPerSecondBest: Math.round(Math.max(...poolWall)),
        }
      : {}),
    loadMs: Math.round(loadMs),
    modelHeapMb: mb(after.heapUsed - before.heapUsed),
    modelArrayBuffersMb: mb(after.arrayBuffers - before.arrayBuffers),
    modelRssMb: mb(after.rss - before.rss),
    rssAfterRunMb: mb(end.rss),
    heapAfterRunMb: mb(end.heapUsed),
    heapAndBuffersAfterRoundMb: perRound,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const result = await measureEnrich({
    articles: Number(process.env['BENCH_ARTICLES'] ?? 2000),
    rounds: Number(process.env['BENCH_ROUNDS'] ?? 3),
    threads: Number(process.env['BENCH_THREADS'] ?? 2),
    uniqueTokens: process.env['BENCH_UNIQUE'] === '1',
  });
  console.log(JSON.stringify(result));
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });

/** The article with a letters-only token of its own in the body's first paragraph (as the pipeline bench's). */
function withToken(a: { title: string; body: string }, n: number): { title: string; body: string } {
  return { title: a.title, body: a.body.replace(/\n\n|$/, ` (zq${toLetters(n)})$&`) };
}

/** ~3 KB articles: each held-out BBC article topped up with the next one's text, cut at a word boundary. */
function bbcArticles(): { title: string; body: string }[] {
  const { test } = bbcSplit(loadBbc());
  return test.map((a, i) => {
    const next = test[(i + 1) % test.length];
    const body = `${a.body}\n\n${next?.body ?? ''}`.slice(0, 3000).replace(/\s+\S*$/, '');
    return { title: a.title, body };
  });
}
