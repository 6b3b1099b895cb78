/**
 * Metadata tuning aid (tune part only): runs newsflow's metadata reader on the WCXB **tune** article pages and prints
 * the pages where title, author or publication date differ from the gold, with the field's accuracy and the source
 * each value was read from (json-ld, meta, visible-h1, header, author-box, url, ...; see MetadataTrace).
 *   npx tsx test/eval/extract/debug-meta.ts [--field title|author|date] [--dir ../shared/data/wcxb-dev] [--max 40] [--cache /tmp/x.json]
 * The check part is never printed: it is for reporting only. `--part check` prints its totals alone (no page, no
 * value), a fast metadata-only figure next to `npm run eval:extract`; `--save F` writes which pages were right per
 * field and `--base F` counts the pages gained and lost against such a file (counts only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { readMetadata } from '../../../libs/extract/src/index.js';
import type { MetadataTrace } from '../../../libs/extract/src/html/metadata.js';
import { dataScripts } from '../../../libs/extract/src/html/meta-scripts.js';
import { dropBogusCdata, resolveNoscript, stripScripts } from '../../../libs/extract/src/html/prepare.js';
import type { DomDocument } from '../../../libs/extract/src/dom.types.js';
import { loadWcxb, type EvalPage } from './datasets.js';
import { authorMatch, dateMatch, titleMatch } from './meta-metric.js';

const args = process.argv.slice(2);
const opt = (n: string): string | undefined => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = resolve(opt('dir') ?? '../shared/data/wcxb-dev');
const only = opt('field');
const max = Number(opt('max') ?? 40);
const part = opt('part') ?? 'tune';
if (part !== 'tune' && part !== 'check') throw new Error('--part tune|check');
const quiet = part === 'check';

// the loaded tune articles are cached (outside the repo) between runs: loading all of WCXB is the slow part
const cache = opt('cache');
let pages: EvalPage[];
if (cache && existsSync(cache)) pages = JSON.parse(readFileSync(cache, 'utf8')) as EvalPage[];
else {
  pages = loadWcxb(dir).filter((p) => p.part === part && p.group === 'article');
  if (cache) writeFileSync(cache, JSON.stringify(pages));
}
const stats = { title: [0, 0], author: [0, 0], date: [0, 0] } as Record<string, [number, number]>;
const misses: Record<string, string[]> = { title: [], author: [], date: [] };
let goldIsUpdated = 0;
const right: Record<string, Record<string, boolean>> = { title: {}, author: {}, date: {} };
for (const p of pages) {
  // the page as extract-html prepares it for readMetadata (same script, comment, svg and noscript handling)
  const ld = p.html.match(/<script[^>]+application\/ld\+json[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  const cleaned =
    resolveNoscript(
      dropBogusCdata(
        stripScripts(p.html)
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/<svg\b[\s\S]*?<\/svg>/gi, ''),
      ),
    ).replace(/<\/(?:html|body)\s*>/gi, '') + (ld.length ? `<div hidden>${ld.join('')}</div>` : '');
  const html = /<html[\s>]/i.test(cleaned) ? cleaned : `<html><body>${cleaned}</body></html>`;
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  const trace: MetadataTrace = {};
  const m = readMetadata(document, p.url, '2026-01-01T00:00:00.000Z', trace, dataScripts(p.html));
  const check = (f: string, gold: string | undefined, ok: boolean, got: unknown, source?: string): void => {
    if (!gold) return;
    const s = stats[f] as [number, number];
    s[1]++;
    (right[f] as Record<string, boolean>)[p.name] = ok;
    if (ok) s[0]++;
    else if (!quiet)
      misses[f]?.push(
        `${p.name} [${source ?? 'none'}] ${p.url ?? ''}\n   gold: ${gold}\n   got:  ${JSON.stringify(got)}`,
      );
  };
  check('title', p.gold.title, titleMatch(m.title, p.gold.title ?? ''), m.title, trace.title);
  check('author', p.gold.author, authorMatch(m.authors, p.gold.author ?? ''), m.authors, trace.author);
  check(
    'date',
    p.gold.date,
    dateMatch(m.publishedAt, p.gold.date ?? ''),
    { published: m.publishedAt, updated: m.updatedAt },
    trace.published,
  );
  // the pages whose gold is the modification date we keep apart in updatedAt (publishedAt stays the original)
  if (p.gold.date && !dateMatch(m.publishedAt, p.gold.date) && dateMatch(m.updatedAt, p.gold.date))
    goldIsUpdated++;
}
const base = opt('base');
const before =
  base && existsSync(base)
    ? (JSON.parse(readFileSync(base, 'utf8')) as Record<string, Record<string, boolean>>)
    : undefined;
const save = opt('save');
if (save) writeFileSync(save, JSON.stringify(right));
for (const [f, [ok, n]] of Object.entries(stats)) {
  let moved = '';
  if (before) {
    const now = right[f] ?? {};
    const was = before[f] ?? {};
    const gained = Object.keys(now).filter((k) => now[k] && was[k] === false).length;
    const lost = Object.keys(now).filter((k) => !now[k] && was[k] === true).length;
    moved = ` (+${gained} -${lost})`;
  }
  console.log(`${part} ${f}: ${ok}/${n} = ${(ok / Math.max(1, n)).toFixed(3)}${moved}`);
  if (f === 'date') console.log(`${part} date misses whose gold is our updatedAt day: ${goldIsUpdated}`);
  if (quiet || (only && only !== f)) continue;
  for (const line of (misses[f] ?? []).slice(0, max)) console.log(`  ${line}`);
}
