/**
 * Extraction evaluation on both development sets, newsflow next to its peers in one run:
 *
 * - `extraction-dev` (Utomo & Leu, 720 news pages): word 4-gram shingle P/R/F1 on title + body.
 * - `wcxb` (WCXB dev split, 1,497 pages, 7 page types): the benchmark's own metric, bag-of-words F1 of the main text
 *   per page type, the share of `with` snippets found and of `without` snippets leaked, and title/author/date
 *   accuracy on article pages.
 *
 * - `dumps`: plain-text aggregator dumps generated (seeded) from WCXB article pages in tune layouts and check
 *   layouts (dump-layouts.ts), split by newsflow's text-dump segmenter: boundary P/R/F1, title, source and time
 *   accuracy per layout (dump-eval.ts). Tune layouts use tune-part sites, check layouts check-part sites.
 *
 * Both sets are split by registrable domain into a tune part and a check part (see split.ts); every figure is given
 * for each part. Peers: Readability (linkedom, jsdom), defuddle (linkedom), metascraper (metadata only). Throughput is
 * pages per second of each system's own parse + extract time, the systems interleaved in 10-page chunks so machine
 * load hits them alike.
 *
 *   npm run eval:extract                              # all sets, every system, both parts
 *   npm run eval:extract -- --set dumps --dumps-per-layout 40 --seed 11 --worst 30
 *   npm run eval:extract -- --set wcxb --part tune --sample 200 --only newsflow,readability+linkedom --worst 20
 *
 * Options: --set extraction-dev|wcxb|dumps|both|all (both: the two HTML sets; all, the default: all three),
 * --dumps-per-layout N, --seed N, --dev-dir, --wcxb-dir, --part tune|check|all, --limit N (first N pages of
 * each set), --sample N (N pages of each set in a fixed pseudo-random order), --only a,b (system names), --worst N
 * (newsflow's worst pages, tune part only), --type T[,T] (wcxb pages of these types), --tuning JSON (HtmlExtractOptions).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { initExtract, type HtmlExtractOptions } from '../../../libs/extract/src/index.js';
import { bowPrf, mean, snippetHits } from './bow-metric.js';
import { loadExtractionDev, loadWcxb, type EvalPage } from './datasets.js';
import { reportDumps } from './dump-eval.js';
import { generateDumps, storiesFromPages } from './dump-layouts.js';
import { authorMatch, dateMatch, titleMatch } from './meta-metric.js';
import {
  defuddleLinkedom,
  metascraperSystem,
  newsflowSystem,
  readabilityJsdom,
  readabilityLinkedom,
  type EvalSystem,
  type SystemOutput,
} from './peers.js';
import { aggregate, pageCounts, pageF1 } from './shingle-metric.js';
import { ScriptArgs } from '../../support/script-args.js';
import { seededRandom } from '../../support/seeded-random.js';

const args = new ScriptArgs();
const arg = (name: string): string | undefined => args.string(name);

interface Result {
  out: SystemOutput | undefined;
  ms: number;
  error?: string;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');
const order = (name: string): string => createHash('sha256').update(name).digest('hex');

function pick(pages: EvalPage[], part: string, limit: number, sample: number, type?: string): EvalPage[] {
  let out = part === 'all' ? pages : pages.filter((p) => p.part === part);
  if (type) out = out.filter((p) => type.split(',').includes(p.group));
  if (sample > 0) out = [...out].sort((a, b) => order(a.name).localeCompare(order(b.name))).slice(0, sample);
  if (limit > 0) out = out.slice(0, limit);
  return out;
}

async function runAll(systems: EvalSystem[], pages: EvalPage[]): Promise<Result[][]> {
  const results: Result[][] = systems.map(() => []);
  const CHUNK = 10;
  for (let start = 0, round = 0; start < pages.length; start += CHUNK, round++) {
    const chunk = pages.slice(start, start + CHUNK);
    for (let k = 0; k < systems.length; k++) {
      const idx = (k + round) % systems.length;
      const sys = systems[idx] as EvalSystem;
      for (let j = 0; j < chunk.length; j++) {
        const p = chunk[j] as EvalPage;
        const t0 = performance.now();
        let r: Result;
        try {
          r = { out: await sys.run(p.html, p.url), ms: 0 };
        } catch (err) {
          r = { out: undefined, ms: 0, error: String((err as Error)?.message ?? err).slice(0, 120) };
        }
        r.ms = performance.now() - t0;
        (results[idx] as Result[])[start + j] = r;
      }
    }
    if (round % 20 === 19)
      process.stderr.write(`  ${Math.min(start + CHUNK, pages.length)}/${pages.length}\n`);
  }
  return results;
}

function throughput(rs: Result[]): string {
  const ms = rs.reduce((s, r) => s + r.ms, 0);
  return ms > 0 ? (rs.length / (ms / 1000)).toFixed(1) : '–';
}

function reportDev(systems: EvalSystem[], pages: EvalPage[], results: Result[][], worst: number): void {
  const text = systems.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'text');
  for (const part of ['tune', 'check'] as const) {
    const idx = pages.map((p, i) => (p.part === part ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    const domains = new Set(idx.map((i) => (pages[i] as EvalPage).domain)).size;
    console.log(
      `\n### extraction-dev, ${part} part: ${idx.length} pages, ${domains} domains (shingle F1, title + body)\n`,
    );
    console.log('| system | P | R | **F1** | pages/s | no result |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const { s, i } of text) {
      const rs = idx.map((k) => (results[i] as Result[])[k] as Result);
      const a = aggregate(
        idx.map((k, j) => {
          const o = (rs[j] as Result).out;
          return pageCounts(o ? `${o.title ?? ''}\n\n${o.body ?? ''}` : '', (pages[k] as EvalPage).gold.text);
        }),
      );
      console.log(
        `| ${s.name} | ${fmt(a.precision)} | ${fmt(a.recall)} | **${fmt(a.f1)}** | ${throughput(rs)} | ${rs.filter((r) => !r.out).length} |`,
      );
    }
  }
  const ours = systems.findIndex((s) => s.name === 'newsflow');
  if (ours >= 0 && worst > 0) {
    const rows = pages
      .map((p, i) => ({ p, r: (results[ours] as Result[])[i] as Result }))
      .filter(({ p }) => p.part === 'tune')
      .map(({ p, r }) => ({
        p,
        c: pageCounts(r.out ? `${r.out.title ?? ''}\n\n${r.out.body ?? ''}` : '', p.gold.text),
      }))
      .sort((a, b) => pageF1(a.c) - pageF1(b.c))
      .slice(0, worst);
    console.log(
      `\nnewsflow's ${worst} worst extraction-dev tune pages: ${rows.map(({ p, c }) => `${p.name} ${fmt(pageF1(c))}`).join('; ')}`,
    );
  }
}

function reportWcxb(systems: EvalSystem[], pages: EvalPage[], results: Result[][], worst: number): void {
  const text = systems.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'text');
  const types = [...new Set(pages.map((p) => p.group))].sort((a, b) =>
    a === 'article' ? -1 : b === 'article' ? 1 : a.localeCompare(b),
  );
  for (const part of ['tune', 'check'] as const) {
    const idx = pages.map((p, i) => (p.part === part ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    const domains = new Set(idx.map((i) => (pages[i] as EvalPage).domain)).size;
    console.log(
      `\n### wcxb, ${part} part: ${idx.length} pages, ${domains} domains (bag-of-words F1 of the main text)\n`,
    );
    console.log(`| page type | pages | ${text.map(({ s }) => s.name).join(' | ')} |`);
    console.log(`| --- | --- | ${text.map(() => '---').join(' | ')} |`);
    const f1 = (i: number, k: number): number => {
      const o = ((results[i] as Result[])[k] as Result).out;
      return bowPrf(o?.body ?? '', (pages[k] as EvalPage).gold.text).f1;
    };
    for (const t of types) {
      const ks = idx.filter((k) => (pages[k] as EvalPage).group === t);
      if (!ks.length) continue;
      console.log(
        `| ${t} | ${ks.length} | ${text.map(({ i }) => fmt(mean(ks.map((k) => f1(i, k))))).join(' | ')} |`,
      );
    }
    console.log(
      `| **all types** | ${idx.length} | ${text.map(({ i }) => `**${fmt(mean(idx.map((k) => f1(i, k))))}**`).join(' | ')} |`,
    );
    const arts = idx.filter((k) => (pages[k] as EvalPage).group === 'article');
    const prf = (i: number, k: number): { precision: number; recall: number } => {
      const o = ((results[i] as Result[])[k] as Result).out;
      return bowPrf(o?.body ?? '', (pages[k] as EvalPage).gold.text);
    };
    console.log(
      `| article P / R | | ${text.map(({ i }) => `${fmt(mean(arts.map((k) => prf(i, k).precision)))} / ${fmt(mean(arts.map((k) => prf(i, k).recall)))}`).join(' | ')} |`,
    );
    const snip = (i: number, key: 'with' | 'without'): string => {
      let hit = 0;
      let total = 0;
      for (const k of idx) {
        const o = ((results[i] as Result[])[k] as Result).out;
        const h = snippetHits(o?.body ?? '', (pages[k] as EvalPage).gold[key]);
        hit += h.hit;
        total += h.total;
      }
      return total ? fmt(hit / total) : '–';
    };
    console.log(`| \`with\` snippets found ↑ | | ${text.map(({ i }) => snip(i, 'with')).join(' | ')} |`);
    console.log(
      `| \`without\` snippets leaked ↓ | | ${text.map(({ i }) => snip(i, 'without')).join(' | ')} |`,
    );
    console.log(
      `| pages/s | | ${text.map(({ i }) => throughput(idx.map((k) => (results[i] as Result[])[k] as Result))).join(' | ')} |`,
    );
    // metadata on article pages with a gold value
    console.log(`\nMetadata on article pages (${part} part; share correct among pages with a gold value):\n`);
    console.log(`| field | pages | ${systems.map((s) => s.name).join(' | ')} |`);
    console.log(`| --- | --- | ${systems.map(() => '---').join(' | ')} |`);
    const field = (
      label: string,
      has: (p: EvalPage) => boolean,
      ok: (o: SystemOutput, p: EvalPage) => boolean,
    ): void => {
      const ks = arts.filter((k) => has(pages[k] as EvalPage));
      const right = (i: number, k: number): boolean => {
        const o = ((results[i] as Result[])[k] as Result).out;
        return Boolean(o && ok(o, pages[k] as EvalPage));
      };
      const cells = systems.map((_, i) => fmt(mean(ks.map((k) => (right(i, k) ? 1 : 0)))));
      console.log(`| ${label} | ${ks.length} | ${cells.join(' | ')} |`);
      // where each wins: pages one system gets right and newsflow wrong, and the reverse
      const ours = systems.findIndex((s) => s.name === 'newsflow');
      if (ours >= 0)
        wins.push(
          `${label}: ${systems
            .map((s, i) => ({ s, i }))
            .filter(({ i }) => i !== ours)
            .map(
              ({ s, i }) =>
                `newsflow only ${ks.filter((k) => right(ours, k) && !right(i, k)).length} / ${s.name} only ${ks.filter((k) => right(i, k) && !right(ours, k)).length}`,
            )
            .join(', ')}`,
        );
    };
    const wins: string[] = [];
    field(
      'title',
      (p) => Boolean(p.gold.title),
      (o, p) => titleMatch(o.title, p.gold.title ?? ''),
    );
    field(
      'author',
      (p) => Boolean(p.gold.author),
      (o, p) => authorMatch(o.authors, p.gold.author ?? ''),
    );
    field(
      'publication date',
      (p) => Boolean(p.gold.date),
      (o, p) => dateMatch(o.published, p.gold.date ?? ''),
    );
    if (wins.length) console.log(`\nPages right for one system only (${part}): ${wins.join('; ')}`);
    const metaOnly = systems.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'meta');
    for (const { s, i } of metaOnly)
      console.log(
        `\n${s.name}: ${throughput(idx.map((k) => (results[i] as Result[])[k] as Result))} pages/s (metadata only)`,
      );
    // page type: newsflow's classification against the gold type (article vs not)
    const ours = systems.findIndex((s) => s.name === 'newsflow');
    if (ours >= 0) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let tn = 0;
      for (const k of idx) {
        const pt = ((results[ours] as Result[])[k] as Result).out?.pageType;
        const gold = (pages[k] as EvalPage).group === 'article';
        const pred = pt === undefined || pt === 'article';
        if (pred && gold) tp++;
        else if (pred) fp++;
        else if (gold) fn++;
        else tn++;
      }
      console.log(
        `\nnewsflow pageType "article" vs gold (${part}): precision ${fmt(tp / (tp + fp))}, recall ${fmt(tp / (tp + fn))}, non-articles recognised ${fmt(tn / (tn + fp))}`,
      );
    }
  }
  const ours = systems.findIndex((s) => s.name === 'newsflow');
  if (ours >= 0 && worst > 0) {
    const rows = pages
      .map((p, k) => ({ p, o: ((results[ours] as Result[])[k] as Result).out }))
      .filter(({ p }) => p.part === 'tune')
      .map(({ p, o }) => ({ p, m: bowPrf(o?.body ?? '', p.gold.text) }))
      .sort((a, b) => a.m.f1 - b.m.f1)
      .slice(0, worst);
    console.log(`\nnewsflow's ${worst} worst wcxb tune pages (id type F1 P R):`);
    for (const { p, m } of rows)
      console.log(`  ${p.name} ${p.group} ${fmt(m.f1)} ${fmt(m.precision)} ${fmt(m.recall)} ${p.url ?? ''}`);
  }
}

async function main(): Promise<void> {
  args.allowOnly([
    'set',
    'part',
    'limit',
    'sample',
    'only',
    'worst',
    'tuning',
    'dev-dir',
    'wcxb-dir',
    'type',
    'dumps-per-layout',
    'seed',
    'help',
  ]);
  if (args.flag('help')) {
    console.log(
      'npm run eval:extract -- [--set extraction-dev|wcxb|dumps|both|all] [--dumps-per-layout N] [--seed N] [--part tune|check|all] [--sample N] [--limit N]\n' +
        '  [--only newsflow,readability+linkedom,readability+jsdom,defuddle+linkedom,metascraper] [--type T]\n' +
        '  [--worst N] [--tuning JSON] [--dev-dir D] [--wcxb-dir D]',
    );
    return;
  }
  const which = arg('set') ?? 'all';
  const html = (set: string): boolean => which === set || which === 'both' || which === 'all';
  const part = arg('part') ?? 'all';
  const limit = Number(arg('limit') ?? 0);
  const sample = Number(arg('sample') ?? 0);
  const only = arg('only')?.split(',');
  const worst = Number(arg('worst') ?? 0);
  const tuning = JSON.parse(arg('tuning') ?? '{}') as HtmlExtractOptions;
  await initExtract();
  const all: EvalSystem[] = [
    newsflowSystem(tuning),
    readabilityLinkedom,
    readabilityJsdom,
    await defuddleLinkedom(),
    await metascraperSystem(),
  ];
  const systems = all.filter((s) => !only || only.includes(s.name));
  const t0 = Date.now();
  console.log(
    `# eval:extract ${new Date().toISOString()} node ${process.version}; systems: ${systems.map((s) => s.name).join(', ')}`,
  );
  console.log(`split: registrable domain, SHA-256 first byte < 128 → tune, else check; part shown: ${part}`);
  if (html('extraction-dev')) {
    const dir = resolve(arg('dev-dir') ?? '../shared/data/extraction-dev');
    const pages = pick(loadExtractionDev(dir), part, limit, sample);
    console.log(`\n## extraction-dev: ${pages.length} pages from ${dir}`);
    const textSystems = systems.filter((s) => s.kind === 'text');
    reportDev(textSystems, pages, await runAll(textSystems, pages), worst);
  }
  const wcxbDir = resolve(arg('wcxb-dir') ?? '../shared/data/wcxb-dev');
  const wcxb = html('wcxb') || which === 'dumps' || which === 'all' ? loadWcxb(wcxbDir) : [];
  if (html('wcxb')) {
    const pages = pick(wcxb, part, limit, sample, arg('type'));
    console.log(`\n## wcxb: ${pages.length} pages from ${wcxbDir}`);
    reportWcxb(systems, pages, await runAll(systems, pages), worst);
  }
  if (which === 'dumps' || which === 'all') {
    const stories = storiesFromPages(wcxb.filter((p) => part === 'all' || p.part === part));
    const perLayout = Number(arg('dumps-per-layout') ?? 40);
    const seed = Number(arg('seed') ?? 11);
    const dumps = generateDumps(stories, seededRandom(seed), perLayout);
    console.log(
      `\n## dumps: ${dumps.length} plain-text dumps (${perLayout} per layout, seed ${seed}) from ${stories.length} WCXB articles (tune ${stories.filter((s) => s.part === 'tune').length}, check ${stories.filter((s) => s.part === 'check').length}); newsflow's text-dump segmenter`,
    );
    reportDumps(dumps, worst);
  }
  console.log(`\nwall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
