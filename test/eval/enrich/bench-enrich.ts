/**
 * Throughput and memory of the whole enrichment, in its own process so that memory figures are not
 * mixed with the evaluation corpora. Prints one JSON line.
 * Run: npm run bench:enrich   (env BENCH_ARTICLES per round, default 2000; BENCH_ROUNDS, default 3;
 * articlesPerSecond and articlesPerCpuSecond are medians over the rounds)
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { bbcSplit, loadBbc } from '../../../libs/enrich/training/bbc-corpus.js';

// Measure the compiled library (what services run), not the tsx-transpiled sources.
// The npm script builds it first (tsc -b libs/enrich).
type EnrichLib = typeof import('../../../libs/enrich/src/index.js');
const { Enricher } = createRequire(__filename)(
  resolve(__dirname, '../../../libs/enrich/dist/index.js'),
) as EnrichLib;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const { test } = bbcSplit(loadBbc());
// ~3 KB articles: each held-out BBC article topped up with the next one's text, cut at a word boundary.
const pool = test.map((a, i) => {
  const next = test[(i + 1) % test.length];
  const body = `${a.body}\n\n${next?.body ?? ''}`.slice(0, 3000).replace(/\s+\S*$/, '');
  return { title: a.title, body };
});
const avgBytes = pool.reduce((s, a) => s + Buffer.byteLength(a.title + a.body), 0) / pool.length;
gc();
const before = process.memoryUsage();
let t0 = performance.now();
const enricher = Enricher.load();
const loadMs = performance.now() - t0;
gc();
const after = process.memoryUsage();
const N = Number(process.env['BENCH_ARTICLES'] ?? 2000);
for (let i = 0; i < 200; i++) enricher.enrich(pool[i % pool.length] ?? { title: '', body: '' });
// Several rounds: the machine is shared, so one round can be slowed by other work. CPU time of this
// process is reported beside wall time, since other processes' load lowers the wall-clock figure.
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const wall: number[] = [];
const cpuRate: number[] = [];
for (let r = 0; r < rounds; r++) {
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) enricher.enrich(pool[i % pool.length] ?? { title: '', body: '' });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  wall.push(N / secs);
  cpuRate.push(N / ((cpu.user + cpu.system) / 1e6));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
gc();
const end = process.memoryUsage();
const mb = (x: number): number => Math.round((x / 1048576) * 10) / 10;
console.log(
  JSON.stringify({
    articles: N,
    avgBytes: Math.round(avgBytes),
    rounds,
    articlesPerSecond: Math.round(median(wall)),
    articlesPerSecondBest: Math.round(Math.max(...wall)),
    articlesPerCpuSecond: Math.round(median(cpuRate)),
    msPerArticle: Math.round(1e6 / median(wall)) / 1000,
    loadMs: Math.round(loadMs),
    modelHeapMb: mb(after.heapUsed - before.heapUsed),
    modelArrayBuffersMb: mb(after.arrayBuffers - before.arrayBuffers),
    modelRssMb: mb(after.rss - before.rss),
    rssAfterRunMb: mb(end.rss),
    heapAfterRunMb: mb(end.heapUsed),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  }),
);
