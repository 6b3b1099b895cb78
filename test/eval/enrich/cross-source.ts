/**
 * Cross-source topic check: articles from other outlets, years and kinds of site than the BBC
 * training data, labelled by fixed rules written before any model was scored on them. No model weight
 * or rule is fitted on them; training reads only the TUNE part (below), for the calibration.
 *
 * 1. WCXB dev article pages (2025-2026, ~800 domains, mostly blogs and guides): the page's own topic
 *    tags (`_internal.page_type.tags` in the ground truth) mapped by WCXB_TAG_CLASS; a page is labelled
 *    only when its mapped tags name exactly one class.
 * 2. extraction-dev pages (2005-2017, big5 news sites and ~240 other sites): the query word the page
 *    was collected under (the file name before " (n)") mapped by EXTRACTION_QUERY_CLASS; query words
 *    that could mean several classes ("amazon", "tesla", "switch", "budget") are left unlabelled.
 * Text = the gold main text (title = its first line for extraction-dev, the gold title for WCXB).
 *
 * Tune / check split (fixed before any calibration was fitted): every labelled page gets its source
 * domain (sourceDomain: the WCXB ground truth's `url`; for extraction-dev the page's canonical or
 * og:url link, else the most frequent domain of its `<a href>` links, Wayback prefixes removed), and a
 * domain is in the TUNE part when sha1("xsrc-split-v1:" + domain) is even, else in the CHECK part. So
 * no outlet straddles the two parts. Only the tune part may be read by training (for calibration:
 * class biases, temperature, abstention threshold); figures are reported on the check part.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataDir, decodeText, splitHeadline } from '../../../libs/enrich/training/bbc-corpus.js';

export interface LabelledText {
  id: string;
  label: string;
  title: string;
  body: string;
  /** Registrable source domain ("bbc.co.uk"), or "unknown:<id>" when none was found. */
  domain?: string;
}

/** Which part of the cross-source labels a text belongs to. */
export type CrossSourcePart = 'tune' | 'check';

const TWO_PART_SUFFIX = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu']);

/** Registrable domain of a URL or host: the last two labels, three under "co.uk"-style suffixes. */
export function registrableDomain(urlOrHost: string): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/:?#\s"']+)/i.exec(urlOrHost.trim());
  const host = (m ? m[1] : urlOrHost.trim()) ?? '';
  const parts = host.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (parts.length < 2 || !parts.every((p) => /^[a-z0-9-]+$/.test(p))) return undefined;
  const n =
    parts.length >= 3 && (parts.at(-1) ?? '').length === 2 && TWO_PART_SUFFIX.has(parts.at(-2) ?? '') ? 3 : 2;
  return parts.slice(-n).join('.');
}

/** Removes a Wayback Machine prefix ("https://web.archive.org/web/2009.../" or "/web/2009.../"). */
const unwrapArchive = (u: string): string =>
  u
    .replace(/^(?:https?:)?\/\/web(?:-beta)?\.archive\.org\/web\/\d+[a-z_]*\//i, '')
    .replace(/^\/web\/\d+[a-z_]*\//i, '');

/**
 * Source domain of an HTML page: its canonical link or og:url, else the most frequent domain among its
 * `<a href>` links (a site links mostly to itself), with Wayback prefixes removed.
 */
export function pageDomain(html: string): string | undefined {
  const declared =
    /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)/i.exec(html)?.[1] ??
    /<link[^>]+href=["']([^"']+)["'][^>]*rel=["']canonical/i.exec(html)?.[1] ??
    /property=["']og:url["'][^>]*content=["']([^"']+)/i.exec(html)?.[1] ??
    /content=["']([^"']+)["'][^>]*property=["']og:url/i.exec(html)?.[1];
  if (declared) {
    const u = unwrapArchive(declared);
    if (/^(?:https?:)?\/\//i.test(u)) {
      const d = registrableDomain(u);
      if (d) return d;
    }
  }
  const counts = new Map<string, number>();
  for (const m of html.matchAll(/<a\b[^>]*?href=["']([^"']+)/gi)) {
    const u = unwrapArchive(m[1] ?? '');
    if (!/^https?:\/\//i.test(u)) continue;
    const d = registrableDomain(u);
    if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestN = 0;
  for (const [d, n] of counts) if (n > bestN) [best, bestN] = [d, n];
  return best;
}

/** The fixed part of a domain (see file comment). */
export function crossSourcePart(domain: string): CrossSourcePart {
  return createHash('sha1').update(`xsrc-split-v1:${domain}`).digest().readUInt32BE(0) % 2 === 0
    ? 'tune'
    : 'check';
}

/** The texts of one part. */
export function partOf<T extends { id: string; domain?: string }>(
  set: readonly T[],
  part: CrossSourcePart,
): T[] {
  return set.filter((a) => crossSourcePart(a.domain ?? `unknown:${a.id}`) === part);
}

const group = (m: Record<string, string[]>): Map<string, string> =>
  new Map(Object.entries(m).flatMap(([cls, keys]) => keys.map((k) => [k.toLowerCase(), cls] as const)));

/** WCXB page tag -> coarse class. */
export const WCXB_TAG_CLASS = group({
  tech: [
    'technology',
    'ai',
    'machine-learning',
    'cybersecurity',
    'programming',
    'software',
    'llm',
    'llms',
    'cloud-computing',
    'web-development',
    'software-development',
    'developer-tools',
    'database',
    'robotics',
    'smart-home',
    'hardware',
    'computers',
    'computing',
    'open-source',
    'python',
    'rust',
    'git',
    'embedded-systems',
    'home-networking',
    'cameras',
  ],
  business: [
    'business',
    'finance',
    'insurance',
    'investing',
    'accounting',
    'marketing',
    'small-business',
    'real-estate',
    'consulting',
    'enterprise',
    'corporate',
    'outsourcing',
  ],
  entertainment: ['entertainment', 'music', 'books', 'movies', 'film', 'television', 'celebrity'],
  politics: ['politics', 'government', 'elections'],
  sport: ['sport', 'sports', 'football', 'basketball', 'baseball', 'soccer', 'tennis', 'golf'],
});

/** extraction-dev query word -> coarse class (unambiguous words only). */
export const EXTRACTION_QUERY_CLASS = group({
  tech: [
    'amd',
    'intel',
    'internet',
    'microsoft',
    'microsoft,windows',
    'windows',
    'technology',
    'google',
    'iphone',
    'ipad',
    'ios',
    'mac',
    'myspace',
    'nokia',
    'skype',
    'twitter',
    'android',
    'ibm',
    'malware',
    'winamp',
    'xbox',
    'samsung',
    'chip',
    'xiaomi',
    'robot',
    'overwatch',
    'ubervu',
  ],
  business: [
    'market',
    'sales',
    'credit',
    'loan',
    'madoff',
    'fed',
    'paulson',
    'pepsi',
    'cola',
    'franchise',
    'toyota',
    'volkswagen',
    'gm',
    'jetblue',
    'soros',
    'estate',
    'job',
    'consumer',
    'brand',
    'shopping',
    'advert',
  ],
  sport: ['baseball', 'bruins', 'olympic', 'boxer', 'bowl'],
  entertainment: [
    'marvel',
    'hollywood',
    'movie',
    'film',
    'idol',
    'rihanna',
    'letterman',
    'celebrity',
    'angelina',
    'daltrey',
    'llewyn',
    'novel',
    'drescher',
  ],
  politics: [
    'obama',
    'trump',
    'senate',
    'governor',
    'voter',
    'bannon',
    'pence',
    'kushner',
    'obamacare',
    'clinton',
    'rahm',
    'blasio',
    'bush',
    'chertoff',
    'spitzer',
  ],
});

interface WcxbTruth {
  url?: string;
  _internal?: { page_type?: { primary?: string; tags?: string[] } };
  ground_truth?: { title?: string | null; main_content?: string | null };
}

/** Every WCXB dev article page with its tags (labelled or not), for rule-labelled checks. */
export function loadWcxbArticles(): Array<{
  id: string;
  tags: string[];
  title: string;
  body: string;
  domain?: string;
}> {
  const dir = resolve(dataDir(), 'wcxb-dev/ground-truth');
  const out: Array<{ id: string; tags: string[]; title: string; body: string; domain?: string }> = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const d = JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as WcxbTruth;
    if (d._internal?.page_type?.primary !== 'article') continue;
    const body = d.ground_truth?.main_content ?? '';
    if (!body.trim()) continue;
    out.push({
      id: `wcxb/${f.replace(/\.json$/, '')}`,
      tags: d._internal.page_type.tags ?? [],
      title: d.ground_truth?.title ?? '',
      body,
      domain: d.url ? registrableDomain(d.url) : undefined,
    });
  }
  return out;
}

/** Every extraction-dev gold text with its query word. */
export function loadExtractionDev(): Array<{ id: string; query: string; title: string; body: string }> {
  const root = resolve(dataDir(), 'extraction-dev');
  const out: Array<{ id: string; query: string; title: string; body: string }> = [];
  for (const set of readdirSync(root).sort()) {
    let files: string[];
    try {
      files = readdirSync(resolve(root, set, 'gold')).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const { title, body } = splitHeadline(decodeText(readFileSync(resolve(root, set, 'gold', f))));
      if (!body.trim()) continue;
      out.push({
        id: `extraction-dev/${set}/${f}`,
        query: f
          .replace(/\s*\(\d+\).*$/, '')
          .replace(/\.[a-z]+$/, '')
          .toLowerCase(),
        title,
        body,
      });
    }
  }
  return out;
}

/** The WCXB set labelled by page tags (one class only). */
export function wcxbLabelled(): LabelledText[] {
  const out: LabelledText[] = [];
  for (const a of loadWcxbArticles()) {
    const classes = new Set(a.tags.map((t) => WCXB_TAG_CLASS.get(t.toLowerCase())).filter(Boolean));
    if (classes.size !== 1) continue;
    out.push({ id: a.id, label: [...classes][0] as string, title: a.title, body: a.body, domain: a.domain });
  }
  return out;
}

/** The extraction-dev page (HTML) of a gold text id, for its domain. */
function extractionHtml(id: string): string | undefined {
  const [, set, gold] = /^extraction-dev\/([^/]+)\/(.+)\.txt$/.exec(id) ?? [];
  if (!set || !gold) return undefined;
  const dir = resolve(dataDir(), 'extraction-dev', set, 'html');
  const name = readdirSync(dir).find((f) => f.replace(/\.html?$/, '') === gold);
  return name ? readFileSync(resolve(dir, name), 'latin1') : undefined;
}

/** The extraction-dev set labelled by query word, each text with its page's domain. */
export function extractionLabelled(): LabelledText[] {
  return loadExtractionDev().flatMap((a) => {
    const label = EXTRACTION_QUERY_CLASS.get(a.query);
    if (!label) return [];
    const html = extractionHtml(a.id);
    return [{ id: a.id, label, title: a.title, body: a.body, domain: html ? pageDomain(html) : undefined }];
  });
}
