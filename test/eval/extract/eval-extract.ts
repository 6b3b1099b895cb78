/**
 * Extraction evaluation: newsflow's extractor vs @mozilla/readability (with jsdom and with linkedom) on a folder of
 * pages with gold text (`<set>/html/NAME.htm(l)` + `<set>/gold/NAME.txt`). Scores word 4-gram shingle P/R/F1 and
 * single-process throughput (parse + extract time only; file reading and decoding are excluded).
 *
 *   npm run eval:extract -- --dir ../shared/data/extraction-dev [--only ours] [--limit N] [--worst 10]
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import {
  decodeDocumentBytes,
  extractArticles,
  initExtract,
  languageModelLoadMs,
  type HtmlExtractOptions,
} from '../../../libs/extract/src/index.js';
import { aggregate, pageCounts, pageF1 } from './shingle-metric.js';

interface Page {
  set: string;
  name: string;
  html: string;
  gold: string;
}

interface SystemRun {
  name: string;
  counts: Array<{ tp: number; fp: number; fn: number }>;
  bodyOnly: Array<{ tp: number; fp: number; fn: number }>;
  ms: number;
  failures: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function loadPages(dir: string, limit: number): Page[] {
  const pages: Page[] = [];
  for (const set of readdirSync(dir).sort()) {
    const htmlDir = join(dir, set, 'html');
    const goldDir = join(dir, set, 'gold');
    if (!existsSync(htmlDir) || !existsSync(goldDir)) continue;
    for (const file of readdirSync(htmlDir).sort()) {
      const name = basename(file, extname(file));
      const goldFile = join(goldDir, `${name}.txt`);
      if (!existsSync(goldFile)) continue;
      pages.push({
        set,
        name: file,
        html: decodeDocumentBytes(readFileSync(join(htmlDir, file))).text,
        gold: decodeDocumentBytes(readFileSync(goldFile)).text,
      });
    }
  }
  return limit > 0 ? pages.slice(0, limit) : pages;
}

type Extractor = (html: string) => { title: string; body: string } | undefined;

const RECEIVED = '2026-01-01T00:00:00.000Z';
// --tuning '{"siblingShare":0.3}' tries extractor settings without code changes (see HtmlExtractOptions)
const tuning = JSON.parse(arg('tuning') ?? '{}') as HtmlExtractOptions;

const systems: Record<string, Extractor> = {
  newsflow: (html) => {
    const r = extractArticles({ body: html, format: 'html', receivedAt: RECEIVED }, tuning);
    return r.ok && r.articles[0] ? { title: r.articles[0].title, body: r.articles[0].body } : undefined;
  },
  'readability+linkedom': (html) => {
    const { document } = parseHTML(html);
    const r = new Readability(document).parse();
    return r ? { title: r.title ?? '', body: r.textContent ?? '' } : undefined;
  },
  'readability+jsdom': (html) => {
    const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
    const r = new Readability(dom.window.document).parse();
    dom.window.close();
    return r ? { title: r.title ?? '', body: r.textContent ?? '' } : undefined;
  },
};

function run(name: string, fn: Extractor, pages: Page[]): SystemRun {
  const out: SystemRun = { name, counts: [], bodyOnly: [], ms: 0, failures: 0 };
  pages.forEach((p) => {
    const t0 = performance.now();
    let r: { title: string; body: string } | undefined;
    try {
      r = fn(p.html);
    } catch {
      r = undefined;
    }
    out.ms += performance.now() - t0;
    if (!r) out.failures++;
    const full = r ? `${r.title}\n\n${r.body}` : '';
    out.counts.push(pageCounts(full, p.gold));
    out.bodyOnly.push(pageCounts(r?.body ?? '', p.gold));
  });
  return out;
}

const fmt = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  const dir = resolve(arg('dir') ?? '../shared/data/extraction-dev');
  const limit = Number(arg('limit') ?? 0);
  const only = arg('only');
  const worstN = Number(arg('worst') ?? 10);
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  await initExtract();
  const loadMs = languageModelLoadMs() ?? performance.now() - t0;
  const rssMb = (process.memoryUsage().rss - rss0) / 1e6;
  const pages = loadPages(dir, limit);
  console.log(
    `pages: ${pages.length} from ${dir}; fastText model load ${loadMs.toFixed(0)} ms, RSS +${rssMb.toFixed(0)} MB\n`,
  );
  // warm-up so the first system does not pay JIT costs alone
  for (const [name, fn] of Object.entries(systems)) {
    if (only && !name.startsWith(only)) continue;
    for (const p of pages.slice(0, 5)) {
      try {
        fn(p.html);
      } catch {
        // scored in the real run
      }
    }
  }
  // Systems run interleaved in chunks of 10 pages (rotating which goes first), so load from other processes on a
  // shared machine hits all of them alike; each page is still parsed and extracted by each system from scratch.
  const chosen = Object.entries(systems).filter(([name]) => !only || name.startsWith(only));
  const runs: SystemRun[] = chosen.map(([name]) => ({ name, counts: [], bodyOnly: [], ms: 0, failures: 0 }));
  const CHUNK = 10;
  for (let start = 0, round = 0; start < pages.length; start += CHUNK, round++) {
    const chunk = pages.slice(start, start + CHUNK);
    for (let k = 0; k < chosen.length; k++) {
      const idx = (k + round) % chosen.length;
      const [name, fn] = chosen[idx] as [string, Extractor];
      const part = run(name, fn, chunk);
      const acc = runs[idx] as SystemRun;
      acc.ms += part.ms;
      acc.failures += part.failures;
      part.counts.forEach((c, j) => (acc.counts[start + j] = c));
      part.bodyOnly.forEach((c, j) => (acc.bodyOnly[start + j] = c));
    }
  }
  const sets = [...new Set(pages.map((p) => p.set))];
  console.log('\n| system | P | R | F1 | F1 body only (no title) | pages/s | ms/page | no result |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    const a = aggregate(r.counts);
    const b = aggregate(r.bodyOnly);
    console.log(
      `| ${r.name} | ${fmt(a.precision)} | ${fmt(a.recall)} | **${fmt(a.f1)}** | ${fmt(b.f1)} | ${(pages.length / (r.ms / 1000)).toFixed(1)} | ${(r.ms / pages.length).toFixed(2)} | ${r.failures} |`,
    );
  }
  console.log(
    `\nPer-folder F1 (title + body):\n\n| folder | pages | ${runs.map((r) => r.name).join(' | ')} |`,
  );
  console.log(`| --- | --- | ${runs.map(() => '---').join(' | ')} |`);
  for (const s of sets) {
    const idx = pages.map((p, i) => (p.set === s ? i : -1)).filter((i) => i >= 0);
    const cells = runs.map((r) => fmt(aggregate(idx.map((i) => r.counts[i] ?? { tp: 0, fp: 0, fn: 1 })).f1));
    console.log(`| ${s} | ${idx.length} | ${cells.join(' | ')} |`);
  }
  const ours = runs.find((r) => r.name === 'newsflow');
  if (ours) {
    if (process.env.EVAL_DUMP) {
      const rows = pages.map((p, i) => ({ p, c: ours.counts[i] ?? { tp: 0, fp: 0, fn: 1 } }));
      console.log('\nTop FN:');
      for (const { p, c } of [...rows].sort((a, b) => b.c.fn - a.c.fn).slice(0, 30))
        console.log(`${p.set}/${p.name} fn=${c.fn.toFixed(2)} fp=${c.fp.toFixed(2)}`);
      console.log('\nTop FP:');
      for (const { p, c } of [...rows].sort((a, b) => b.c.fp - a.c.fp).slice(0, 30))
        console.log(`${p.set}/${p.name} fn=${c.fn.toFixed(2)} fp=${c.fp.toFixed(2)}`);
    }
    const ranked = pages
      .map((p, i) => ({ p, c: ours.counts[i] ?? { tp: 0, fp: 0, fn: 1 } }))
      .sort((x, y) => pageF1(x.c) - pageF1(y.c));
    console.log(`\n${worstN} worst pages (newsflow):\n\n| page | F1 | P | R |\n| --- | --- | --- | --- |`);
    for (const { p, c } of ranked.slice(0, worstN)) {
      const pr = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
      const rc = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
      console.log(`| ${p.set}/${p.name} | ${fmt(pageF1(c))} | ${fmt(pr)} | ${fmt(rc)} |`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
