import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeDocumentBytes } from '../../../libs/extract/src/index.js';
import { REPO_ROOT } from './bench-env.js';
import { bodyOf, type Corpus } from './corpus.js';

/** One HTML page of the second benchmark corpus. */
export interface HtmlPage {
  name: string;
  html: string;
}

export interface HtmlCorpus {
  origin: 'wcxb-dev+extraction-dev' | 'synthetic';
  pages: HtmlPage[];
  bytes: number;
}

/** Where the pages are read from at run time (never copied into the repository). */
export const SHARED_DATA = join(REPO_ROOT, '..', 'shared', 'data');

/** Pages above this size are left out: the same cap for every run, well under the ingest topic's 16 MiB. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

/** Every `step`-th item of a list, so a small sample still spans the whole (sorted) set. */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (n <= 0 || items.length === 0) return [];
  if (n >= items.length) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)] as T);
}

function wcxbFiles(): string[] {
  const dir = join(SHARED_DATA, 'wcxb-dev', 'html');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((f) => join(dir, f));
}

function extractionDevFiles(): string[] {
  const root = join(SHARED_DATA, 'extraction-dev');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const set of readdirSync(root).sort()) {
    const dir = join(root, set, 'html');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (/\.html?$/i.test(f)) out.push(join(dir, f));
  }
  return out;
}

/**
 * `n` HTML pages, half from WCXB's development split (articles and six other page types), half from the
 * extraction development set (news sites 2005-2017 and ~240 other sites), evenly spread over each; when the shared
 * data is absent, synthetic article pages built from the text corpus, so the benchmark runs anywhere.
 */
export function loadHtmlPages(n: number, corpus: Corpus): HtmlCorpus {
  const wcxb = wcxbFiles();
  const dev = extractionDevFiles();
  if (wcxb.length + dev.length >= n && n > 0) {
    const fromWcxb = Math.min(wcxb.length, Math.ceil(n / 2));
    const files = [...spread(wcxb, fromWcxb), ...spread(dev, n - fromWcxb)];
    const pages: HtmlPage[] = [];
    for (const f of files) {
      const raw = readFileSync(f);
      const bytes = f.endsWith('.gz') ? gunzipSync(raw) : raw;
      if (bytes.length > MAX_PAGE_BYTES) continue;
      pages.push({ name: f.slice(SHARED_DATA.length + 1), html: decodeDocumentBytes(bytes).text });
    }
    return { origin: 'wcxb-dev+extraction-dev', pages, bytes: byteSum(pages) };
  }
  const pages = Array.from({ length: n }, (_, i) => syntheticPage(corpus, i));
  return { origin: 'synthetic', pages, bytes: byteSum(pages) };
}

function byteSum(pages: readonly HtmlPage[]): number {
  return pages.reduce((s, p) => s + Buffer.byteLength(p.html), 0);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A news page with navigation, the article and a footer: what a scraper typically pushes. */
function syntheticPage(corpus: Corpus, i: number): HtmlPage {
  const base = corpus.articles[i % corpus.articles.length];
  const paragraphs = bodyOf(corpus, i, 3000).split('\n\n');
  const nav = ['Home', 'World', 'Business', 'Sport', 'Technology'].map(
    (x) => `<li><a href="/${x}">${x}</a></li>`,
  );
  const html =
    `<!doctype html><html><head><title>${escapeHtml(base?.title ?? `Page ${i}`)}</title></head><body>` +
    `<nav><ul>${nav.join('')}</ul></nav><main><article><h1>${escapeHtml(base?.title ?? `Page ${i}`)}</h1>` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `</article></main><footer><p>Copyright newsflow bench ${i}</p></footer></body></html>`;
  return { name: `synthetic/${i}`, html };
}

/**
 * A plain-text dump of `perDump` articles as a scraper of an aggregator page writes it: headline, outlet and
 * relative time on one line, then the paragraphs; `tag` makes each dump's texts unique to the run.
 */
export function textDump(corpus: Corpus, index: number, perDump: number, tag: string): string {
  const parts: string[] = [];
  for (let k = 0; k < perDump; k += 1) {
    const i = index * perDump + k;
    const base = corpus.articles[i % corpus.articles.length];
    const title = `${base?.title ?? 'Bench article'} ${tag} ${i}`;
    parts.push(`${title}\nBench Wire · ${1 + (i % 23)} hours ago\n\n${bodyOf(corpus, i, 3000)}`);
  }
  return `${parts.join('\n\n\n')}\n`;
}
