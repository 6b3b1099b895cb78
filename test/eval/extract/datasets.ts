/** Loaders for the two extraction development sets, with each page's registrable domain and split part. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeDocumentBytes } from '../../../libs/extract/src/index.js';
import { hostOfUrl, partOf, registrableDomain, type Part } from './split.js';

export interface EvalPage {
  set: 'extraction-dev' | 'wcxb';
  /** extraction-dev: source folder; wcxb: page type. */
  group: string;
  name: string;
  url?: string;
  domain: string;
  part: Part;
  html: string;
  gold: {
    text: string;
    title?: string;
    author?: string;
    date?: string;
    with: string[];
    without: string[];
  };
}

function urlInHtml(html: string): string | undefined {
  const head = html.slice(0, 200_000);
  const m =
    /<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)["']/i.exec(head) ??
    /<link[^>]+href=["']([^"']+)["'][^>]*rel=["']?canonical/i.exec(head) ??
    /<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']/i.exec(head) ??
    /<meta[^>]+content=["']([^"']+)["'][^>]*property=["']og:url["']/i.exec(head);
  return m?.[1] && /^https?:\/\//i.test(m[1]) ? m[1] : undefined;
}

/** extraction-dev: `<dir>/<folder>/html/NAME.htm(l)` + `gold/NAME.txt`; the domain comes from the page's canonical URL. */
export function loadExtractionDev(dir: string): EvalPage[] {
  const pages: EvalPage[] = [];
  if (!existsSync(dir)) return pages;
  for (const set of readdirSync(dir).sort()) {
    const htmlDir = join(dir, set, 'html');
    const goldDir = join(dir, set, 'gold');
    if (!existsSync(htmlDir) || !existsSync(goldDir)) continue;
    for (const file of readdirSync(htmlDir).sort()) {
      const name = basename(file, extname(file));
      const goldFile = join(goldDir, `${name}.txt`);
      if (!existsSync(goldFile)) continue;
      const html = decodeDocumentBytes(readFileSync(join(htmlDir, file))).text;
      const url = urlInHtml(html);
      const host = hostOfUrl(url);
      // pages without a canonical URL are their own "domain" (split by file name)
      const domain = host ? registrableDomain(host) : `${set}/${file}`;
      pages.push({
        set: 'extraction-dev',
        group: set,
        name: `${set}/${file}`,
        url,
        domain,
        part: partOf(domain),
        html,
        gold: { text: decodeDocumentBytes(readFileSync(goldFile)).text, with: [], without: [] },
      });
    }
  }
  return pages;
}

interface WcxbTruth {
  url?: string;
  _internal?: { page_type?: { primary?: string } };
  ground_truth?: {
    title?: string | null;
    author?: string | null;
    publish_date?: string | null;
    main_content?: string | null;
    with?: string[] | null;
    without?: string[] | null;
  };
}

/** WCXB: `<dir>/html/ID.html.gz` + `<dir>/ground-truth/ID.json`. */
export function loadWcxb(dir: string): EvalPage[] {
  const pages: EvalPage[] = [];
  const gtDir = join(dir, 'ground-truth');
  if (!existsSync(gtDir)) return pages;
  for (const file of readdirSync(gtDir).sort()) {
    if (!file.endsWith('.json')) continue;
    const id = file.slice(0, -5);
    const htmlFile = join(dir, 'html', `${id}.html.gz`);
    if (!existsSync(htmlFile)) continue;
    const t = JSON.parse(readFileSync(join(gtDir, file), 'utf8')) as WcxbTruth;
    const g = t.ground_truth ?? {};
    const host = hostOfUrl(t.url);
    const domain = host ? registrableDomain(host) : `wcxb/${id}`;
    pages.push({
      set: 'wcxb',
      group: t._internal?.page_type?.primary ?? 'unknown',
      name: id,
      url: t.url,
      domain,
      part: partOf(domain),
      html: decodeDocumentBytes(gunzipSync(readFileSync(htmlFile))).text,
      gold: {
        text: g.main_content ?? '',
        title: g.title ?? undefined,
        author: g.author ?? undefined,
        date: g.publish_date ?? undefined,
        with: g.with ?? [],
        without: g.without ?? [],
      },
    });
  }
  return pages;
}
