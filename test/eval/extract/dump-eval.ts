/**
 * The `dumps` set of eval-extract: generated plain-text dumps (dump-layouts.ts) split into articles by newsflow's
 * text-dump segmenter, scored per layout and part.
 *
 * - boundary P / R / F1: a predicted article matches a gold one when one of its first three paragraphs starts with
 *   the gold first paragraph (a kept lead line may come first); the boundary is right when its body also ends with
 *   the gold last paragraph (nothing of the next article, teaser list or credit line appended). P over predicted
 *   articles, R over gold articles.
 * - title: exact match (whitespace-normalised) among gold articles; a missed article counts as wrong.
 * - source: case-insensitive match of the source name (a masthead in capitals is the name in capitals).
 * - time: the article's publication time equals the time label's.
 */
import { extractArticles } from '../../../libs/extract/src/index.js';
import { DUMP_RECEIVED } from './dump-times.js';
import type { GeneratedDump } from './dump-layouts.js';

/** Counts of one group of dumps (a layout, a part). */
export interface Tally {
  gold: number;
  pred: number;
  matched: number;
  bounded: number;
  title: number;
  source: number;
  time: number;
}

export const empty = (): Tally => ({
  gold: 0,
  pred: 0,
  matched: 0,
  bounded: 0,
  title: 0,
  source: 0,
  time: 0,
});
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
const head = (s: string): string => norm(s).slice(0, 50);
const tail = (s: string): string => norm(s).slice(-50);

export interface DumpFailure {
  layout: string;
  what: string;
}

/** Scores one dump into `t`; failures (for tuning output) are appended to `failures`. */
export function scoreDump(d: GeneratedDump, t: Tally, failures: DumpFailure[]): void {
  const res = extractArticles({ body: d.text, format: 'text', receivedAt: DUMP_RECEIVED });
  const pred = res.ok ? res.articles : [];
  t.gold += d.gold.length;
  t.pred += pred.length;
  const used = new Set<number>();
  for (const g of d.gold) {
    const i = pred.findIndex(
      (p, k) =>
        !used.has(k) &&
        p.body
          .split('\n\n')
          .slice(0, 3)
          .some((para) => head(para) === head(g.first)),
    );
    const p = i >= 0 ? pred[i] : undefined;
    if (!p) {
      failures.push({ layout: d.layout, what: `missed "${g.title}"` });
      continue;
    }
    used.add(i);
    t.matched++;
    if (tail(p.body) === tail(g.last)) t.bounded++;
    else failures.push({ layout: d.layout, what: `end of "${g.title}": …${tail(p.body)}` });
    if (norm(p.title) === norm(g.title)) t.title++;
    else failures.push({ layout: d.layout, what: `title "${p.title}" ≠ "${g.title}"` });
    if ((p.source ?? '').toLowerCase() === g.source.toLowerCase()) t.source++;
    else
      failures.push({ layout: d.layout, what: `source "${p.source ?? ''}" ≠ "${g.source}" ("${g.title}")` });
    if (g.publishedAt && p.publishedAt === g.publishedAt) t.time++;
  }
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** A markdown table row: boundary P/R/F1, title, source and time accuracy. */
export function row(name: string, t: Tally): string {
  const p = t.pred ? t.bounded / t.pred : 0;
  const r = t.gold ? t.bounded / t.gold : 0;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  const g = t.gold || 1;
  return `| ${name} | ${t.gold} | ${t.pred} | ${fmt(p)} | ${fmt(r)} | **${fmt(f1)}** | **${fmt(t.title / g)}** | **${fmt(t.source / g)}** | ${fmt(t.time / g)} |`;
}

/** Scores every dump and prints one table per part (rows: layouts, then all); `showFailures` tune failures. */
export function reportDumps(dumps: readonly GeneratedDump[], showFailures: number): void {
  for (const part of ['tune', 'check'] as const) {
    const mine = dumps.filter((d) => d.part === part);
    if (!mine.length) continue;
    const per = new Map<string, Tally>();
    const failures: DumpFailure[] = [];
    for (const d of mine) {
      const t = per.get(d.layout) ?? empty();
      scoreDump(d, t, failures);
      per.set(d.layout, t);
    }
    const articles = [...per.values()].reduce((n, t) => n + t.gold, 0);
    console.log(`\n### dumps, ${part} layouts: ${mine.length} dumps, ${articles} articles\n`);
    console.log(
      '| layout | gold articles | predicted | boundary P | boundary R | boundary F1 | title | source | time |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const all = empty();
    for (const [name, t] of per) {
      console.log(row(name, t));
      for (const k of Object.keys(all) as Array<keyof Tally>) all[k] += t[k];
    }
    console.log(row(`**all ${part}**`, all));
    // failures are shown for the tune part only: the check layouts are not looked at while tuning
    if (part === 'tune' && showFailures > 0 && failures.length)
      console.log(
        `\nFirst tune failures:\n${failures
          .slice(0, showFailures)
          .map((f) => `- [${f.layout}] ${f.what}`)
          .join('\n')}`,
      );
  }
}
