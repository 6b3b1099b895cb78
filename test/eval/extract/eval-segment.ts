/**
 * Aggregator-splitting evaluation. Builds multi-article plain-text dumps at run time from BBC articles
 * (`topics-bbc-train/<class>/*.txt`: headline, blank line, paragraphs) with page furniture, source labels and
 * relative/absolute times in several layouts, seeded so every run builds the same dumps, then scores
 * segmentTextDump/extractArticles: exact boundary F1 (an article counts when its body starts with the gold first
 * paragraph and ends with the gold last paragraph), title exact-match rate, source accuracy and time accuracy.
 *
 *   npm run eval:segment -- --dir ../shared/data/topics-bbc-train [--dumps 400] [--seed 7]
 *
 * `--set dumps` runs the WCXB-based generator instead (dump-layouts.ts, eval-segment-dumps.ts): tune layouts, the
 * session-6 check layouts and the session-7 held-out families, one table each:
 *
 *   npm run eval:segment -- --set dumps [--wcxb-dir ../shared/data/wcxb-dev] [--per-layout 40] [--seed 11] [--worst 30]
 *     [--held-out-8]   (also the session-8 held-out families: run once, at the end of that session)
 *     [--held-out-9]   (also the session-9 held-out families: run once, at the end of session 9)
 *     [--held-out-10]  (also the session-10 held-out families, dump-held-out-10.ts: run once, at the end of session 10)
 *     [--held-out-11]  (also the session-11 held-out families, dump-held-out-11.ts: run once, at the end of session 11)
 *     [--stories-cache .scratch/dumps/stories.json]   (the WCXB stories as JSON, written on the first run)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeDocumentBytes, extractArticles, initExtract } from '../../../libs/extract/src/index.js';
import { ScriptArgs } from '../../support/script-args.js';
import { seededRandom } from '../../support/seeded-random.js';
import { DUMP_RECEIVED, timeLabel } from './dump-times.js';
import { runDumpGroups } from './eval-segment-dumps.js';

interface Story {
  title: string;
  paragraphs: string[];
}

interface GoldArticle {
  title: string;
  source?: string;
  publishedAt?: string;
  first: string;
  last: string;
}

const SOURCES = [
  'BBC News',
  'Reuters',
  'The Guardian',
  'First Post',
  'Time of India',
  'Hindustan Times',
  'Al Jazeera',
  'Sky News',
  'The Independent',
  'CNBC',
  'Bloomberg',
  'Associated Press',
  'Daily Telegraph',
  'Financial Times',
  'NDTV',
  'The Hindu',
];
const MID_FURNITURE = [
  'Advertisement',
  'STORY CONTINUES BELOW THIS AD',
  'Live Events',
  'ADVERTISEMENT',
  'Continue reading below',
  'Sponsored Links',
];
const BETWEEN_FURNITURE = [
  'Related Articles',
  'Comments',
  'No comments yet...',
  'Share this article',
  'Read more',
  'Most Read',
  'Sign up for our daily newsletter',
  'Follow us on Twitter',
  '&w=3840&q=100)',
  'You May Like',
  'Advertisement',
  'Try Our AI Features',
  'Trending Now',
];
const TOP_FURNITURE = ['Home', 'News', 'Menu', 'Sign in', 'Search', 'Skip to content'];
const RECEIVED = DUMP_RECEIVED;

function loadStories(dir: string): Story[] {
  const out: Story[] = [];
  for (const cls of readdirSync(dir).sort()) {
    const sub = join(dir, cls);
    let files: string[];
    try {
      files = readdirSync(sub).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const text = decodeDocumentBytes(readFileSync(join(sub, f))).text.replace(/\r\n?/g, '\n');
      const [head, ...rest] = text.split('\n');
      const paragraphs = rest
        .join('\n')
        .split(/\n\s*\n|\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      const title = (head ?? '').trim();
      if (title && paragraphs.length >= 2) out.push({ title, paragraphs });
    }
  }
  return out;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** Body text in one of three shapes: blank-line paragraphs, one paragraph per line, or all on one line. */
function bodyLines(r: () => number, s: Story): string[] {
  const paras = [...s.paragraphs];
  // an ad marker inside the body now and then, on its own line
  if (paras.length > 3 && r() < 0.3)
    paras.splice(1 + Math.floor(r() * (paras.length - 2)), 0, pick(r, MID_FURNITURE));
  const shape = r();
  if (shape < 0.4) return paras.flatMap((p, i) => (i === 0 ? [p] : ['', p]));
  if (shape < 0.8) return paras;
  return [paras.filter((p) => !MID_FURNITURE.includes(p)).join(' ')];
}

type Layout = 'seed' | 'title-source-time' | 'numbered' | 'title-label-time';

/** Counts of one layout: matched / predicted / gold articles, and hits / checked golds of title, source and time. */
interface LayoutScore {
  tp: number;
  pred: number;
  gold: number;
  title: number;
  titleN: number;
  source: number;
  sourceN: number;
  time: number;
  timeN: number;
}

const LAYOUTS: Layout[] = ['seed', 'title-source-time', 'numbered', 'title-label-time'];

function buildDump(r: () => number, stories: Story[], layout: Layout): { text: string; gold: GoldArticle[] } {
  const lines: string[] = [];
  const gold: GoldArticle[] = [];
  if (r() < 0.5) lines.push(...TOP_FURNITURE.slice(0, 1 + Math.floor(r() * TOP_FURNITURE.length)), '');
  let idx = 0;
  // the page's own article first (no source/time), followed by a related-articles list, like the seed
  if (layout === 'seed' && r() < 0.6) {
    const main = pick(r, stories);
    lines.push(
      main.title,
      ...bodyLines(r, main),
      '',
      pick(r, ['Comments', 'Related Articles', 'Share this article']),
      '',
    );
    gold.push({
      title: main.title,
      first: main.paragraphs[0] ?? '',
      last: main.paragraphs[main.paragraphs.length - 1] ?? '',
    });
  }
  const k = 2 + Math.floor(r() * 5);
  for (let i = 0; i < k; i++) {
    const s = pick(r, stories);
    const source = pick(r, SOURCES);
    const t = timeLabel(r);
    idx++;
    switch (layout) {
      case 'seed':
        lines.push(source, t.label, `- ${source}`, s.title);
        break;
      case 'title-source-time':
        lines.push(s.title, `${source} · ${t.label}`, '');
        break;
      case 'numbered':
        lines.push(`${idx}. ${s.title}`, `${source} | ${t.label}`);
        break;
      case 'title-label-time':
        lines.push(s.title, source, t.label, '');
        break;
    }
    lines.push(...bodyLines(r, s));
    gold.push({
      title: s.title,
      source,
      publishedAt: t.iso,
      first: s.paragraphs[0] ?? '',
      last: s.paragraphs[s.paragraphs.length - 1] ?? '',
    });
    lines.push('');
    if (r() < 0.5) lines.push(pick(r, BETWEEN_FURNITURE));
    if (r() < 0.3) lines.push(pick(r, BETWEEN_FURNITURE));
    lines.push('');
  }
  return { text: lines.join('\n'), gold };
}

const prefix = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, 60);
const suffix = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(-60);

async function main(): Promise<void> {
  const args = new ScriptArgs(process.argv.slice(2), {
    flags: ['held-out-8', 'held-out-9', 'held-out-10', 'held-out-11'],
  });
  args.allowOnly([
    'set',
    'dir',
    'dumps',
    'seed',
    'wcxb-dir',
    'per-layout',
    'worst',
    'held-out-8',
    'held-out-9',
    'held-out-10',
    'held-out-11',
    'stories-cache',
  ]);
  if (args.string('set', 'bbc') === 'dumps') {
    await runDumpGroups(
      args.string('wcxb-dir', '../shared/data/wcxb-dev'),
      args.number('per-layout', 40),
      args.number('seed', 11),
      args.number('worst', 0),
      args.flag('held-out-8'),
      args.flag('held-out-9'),
      args.string('stories-cache', ''),
      args.flag('held-out-10'),
      args.flag('held-out-11'),
    );
    return;
  }
  const dir = resolve(args.string('dir', '../shared/data/topics-bbc-train'));
  const dumps = args.number('dumps', 400);
  const seed = args.number('seed', 7);
  await initExtract();
  const stories = loadStories(dir);
  const r = seededRandom(seed);
  const per = new Map<Layout, LayoutScore>();
  let ms = 0;
  const failures: string[] = [];
  for (let d = 0; d < dumps; d++) {
    const layout = LAYOUTS[d % LAYOUTS.length] as Layout;
    const { text, gold } = buildDump(r, stories, layout);
    const t0 = performance.now();
    const res = extractArticles({ body: text, format: 'text', receivedAt: RECEIVED });
    ms += performance.now() - t0;
    const pred = res.ok ? res.articles : [];
    const s = per.get(layout) ?? {
      tp: 0,
      pred: 0,
      gold: 0,
      title: 0,
      titleN: 0,
      source: 0,
      sourceN: 0,
      time: 0,
      timeN: 0,
    };
    s.pred += pred.length;
    s.gold += gold.length;
    const used = new Set<number>();
    for (const g of gold) {
      const gi = pred.findIndex((p, i) => !used.has(i) && prefix(p.body) === prefix(g.first));
      const p = gi >= 0 ? pred[gi] : undefined;
      if (p && gi >= 0) {
        used.add(gi);
        if (suffix(p.body) === suffix(g.last)) s.tp++;
        else if (failures.length < Number(process.env.SEGMENT_FAILURES ?? 8))
          failures.push(`[${layout}] end mismatch for "${g.title}": ...${suffix(p.body)}`);
      } else if (failures.length < Number(process.env.SEGMENT_FAILURES ?? 8))
        failures.push(`[${layout}] no article starts with gold first paragraph of "${g.title}"`);
      s.titleN++;
      if (p?.title === g.title) s.title++;
      else if (p && failures.length < Number(process.env.SEGMENT_FAILURES ?? 8))
        failures.push(`[${layout}] title "${p.title}" != "${g.title}"`);
      if (g.source) {
        s.sourceN++;
        if (p?.source === g.source) s.source++;
        else if (p && process.env.SEGMENT_DEBUG)
          console.log(`[${layout}] source ${String(p.source)} != ${g.source} (title ${p.title})`);
      }
      if (g.publishedAt) {
        s.timeN++;
        if (p?.publishedAt === g.publishedAt) s.time++;
      }
    }
    per.set(layout, s);
  }
  const fmt = (x: number): string => x.toFixed(3);
  const row = (name: string, s: LayoutScore): string => {
    const p = s.pred ? s.tp / s.pred : 0;
    const rc = s.gold ? s.tp / s.gold : 0;
    const f1 = p + rc ? (2 * p * rc) / (p + rc) : 0;
    return `| ${name} | ${s.gold} | ${s.pred} | ${fmt(p)} | ${fmt(rc)} | **${fmt(f1)}** | ${fmt(s.title / (s.titleN || 1))} | ${fmt(s.source / (s.sourceN || 1))} | ${fmt(s.time / (s.timeN || 1))} |`;
  };
  console.log(
    `dumps: ${dumps} (seed ${seed}) built from ${stories.length} BBC articles in ${dir}; ${(ms / dumps).toFixed(2)} ms/dump\n`,
  );
  console.log(
    '| layout | gold articles | predicted | boundary P | boundary R | boundary F1 | title exact | source acc. | time acc. |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const total = { tp: 0, pred: 0, gold: 0, title: 0, titleN: 0, source: 0, sourceN: 0, time: 0, timeN: 0 };
  for (const [name, s] of per) {
    console.log(row(name, s));
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += s[k];
  }
  console.log(row('**all**', total));
  if (failures.length) console.log(`\nFirst failures:\n${failures.map((f) => `- ${f}`).join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
