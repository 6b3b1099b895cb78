import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { matchLineRule, matchSectionEnd, applyInlineRules, type RuleSet } from './boilerplate-rules.js';
import { findDateInText, parseAnyDate } from './dates.js';
import { ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.types.js';
import type { RemovedSpan } from './extract.types.js';
import { decodeBrokenEntities, normaliseInline, wordTokens } from './normalise.js';
import { ENGLISH_STOPWORDS } from './stopwords.js';

/** Metadata read from an HTML page. */
export interface HtmlMetadata {
  title?: string;
  author?: string;
  publishedAt?: string;
  updatedAt?: string;
  url?: string;
  source?: string;
  language?: string;
  leadImageUrl?: string;
}

/** Result of the HTML extractor, before fingerprints are added. */
export interface HtmlExtraction {
  /** Set (to the depth found) when the page was refused for nesting deeper than `maxDepth`. */
  tooDeep?: number;
  title: string;
  paragraphs: string[];
  meta: HtmlMetadata;
  method: 'html-scored' | 'html-readability';
  removed: RemovedSpan[];
  warnings: string[];
}

/** Tunables of the scoring extractor (defaults measured on the development set, see test/eval/extract/RESULTS.md). */
export interface HtmlExtractOptions {
  /** Below this many words from the scoring extractor, Readability is tried and the longer result kept. */
  fallbackMinWords?: number;
  /** Include siblings of the best container whose good text is at least this share of the container's. */
  siblingShare?: number;
  /** Which blocks inside the container are kept: smoothed-good only, also near-good, also sandwiched short blocks. */
  inclusion?: 'good' | 'near-good' | 'short';
  /** Count near-good blocks when scoring containers. */
  scoreNearGood?: boolean;
  /** Maximum link density of long prose blocks (short blocks: 0.2). */
  linkDensityProse?: number;
  /** Blocks shorter than this are "short" (jusText length_low). */
  lengthLow?: number;
  /** Inside the container, keep link-free blocks of at least this many chars whatever their stop words (0: off). */
  lenientChars?: number;
  /** Also widen the container to its parent when the parent holds at least this many times its good text. */
  climbRatio?: number;
  /** Siblings right before the container with at least this many good chars join it (0, the default, disables). */
  adjacentChars?: number;
  /** Drop everything after a section-end block ("Related articles", "Comments") once article text was seen. */
  sectionCut?: boolean;
  /** Stop-word density thresholds (jusText stopwords_low / stopwords_high), for this library's stop-word list. */
  stopLow?: number;
  stopHigh?: number;
}

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'title',
  'meta',
  'link',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'option',
  'button',
  'textarea',
  'input',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'dd',
  'dt',
  'dl',
  'figure',
  'figcaption',
  'header',
  'footer',
  'address',
  'center',
  'form',
  'fieldset',
  'hr',
  'nav',
  'aside',
  'body',
  'html',
  'caption',
  'details',
  'summary',
  'menu',
]);
const HEADING = /^h[1-6]$/;

interface Block {
  owner: DomElement;
  text: string;
  chars: number;
  linkChars: number;
  words: number;
  stopDensity: number;
  heading: boolean;
  cls: 'good' | 'bad' | 'short' | 'near-good';
  /** Class before the context-sensitive pass. */
  init: 'good' | 'bad' | 'short' | 'near-good';
  ruleId?: string;
}

function attr(el: DomElement | null, name: string): string | undefined {
  const v = el?.getAttribute(name);
  return v && v.trim() ? v.trim() : undefined;
}

const metaCache = new WeakMap<DomDocument, Map<string, string>>();

/** All <meta> values by lower-cased property/name/itemprop, read in one pass (first occurrence wins). */
function metaMap(doc: DomDocument): Map<string, string> {
  const hit = metaCache.get(doc);
  if (hit) return hit;
  const m = new Map<string, string>();
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const el = metas[i];
    const content = el?.getAttribute('content');
    if (!el || !content || !content.trim()) continue;
    for (const a of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(a)?.trim().toLowerCase();
      if (key && !m.has(key)) m.set(key, content.trim());
    }
  }
  metaCache.set(doc, m);
  return m;
}

function metaContent(doc: DomDocument, keys: string[]): string | undefined {
  const m = metaMap(doc);
  for (const k of keys) {
    const v = m.get(k.toLowerCase());
    if (v) return normaliseInline(v);
  }
  return undefined;
}

function absolutise(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).toString();
  } catch {
    return /^https?:\/\//i.test(href) ? href : undefined;
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function jsonLdObjects(doc: DomDocument): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    const raw = scripts[i]?.textContent ?? '';
    let parsed: Json;
    try {
      parsed = JSON.parse(raw) as Json;
    } catch {
      continue;
    }
    const stack: Json[] = [parsed];
    while (stack.length) {
      const x = stack.pop();
      if (Array.isArray(x)) stack.push(...x);
      else if (x && typeof x === 'object') {
        out.push(x);
        const graph = x['@graph'];
        if (graph) stack.push(graph);
      }
    }
  }
  return out;
}

function jsonString(x: Json | undefined): string | undefined {
  if (typeof x === 'string') return x.trim() || undefined;
  if (Array.isArray(x)) {
    const parts = x.map((y) => jsonString(y)).filter((y): y is string => Boolean(y));
    return parts.length ? parts.join(', ') : undefined;
  }
  if (x && typeof x === 'object') return jsonString(x['name'] ?? x['url'] ?? x['@id']);
  return undefined;
}

const ARTICLE_TYPES =
  /^(?:NewsArticle|Article|ReportageNewsArticle|BlogPosting|AnalysisNewsArticle|OpinionNewsArticle|LiveBlogPosting|WebPage|Report)$/;

function isArticleType(o: Record<string, Json>): boolean {
  const t = o['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x));
}

function cleanTitle(raw: string | undefined, site: string | undefined): string | undefined {
  if (!raw) return undefined;
  let t = normaliseInline(raw);
  // "Headline | Site" / "Headline - Site": drop the site part when it is the shorter side
  const m = /^(.{15,}?)\s+[|\-–—:»·]\s+([^|\-–—»·]{2,60})$/.exec(t);
  if (
    m?.[1] &&
    m[2] &&
    (m[2].length < m[1].length || (site && m[2].toLowerCase().includes(site.toLowerCase())))
  )
    t = m[1];
  return t || undefined;
}

/** Reads title, author, dates, canonical URL, site name, language and lead image from head, JSON-LD and markup. */
export function readMetadata(
  doc: DomDocument,
  pageUrl: string | undefined,
  receivedAt: string,
): HtmlMetadata {
  const ld = jsonLdObjects(doc);
  const article = ld.find(isArticleType);
  const meta: HtmlMetadata = {};
  const canonical =
    absolutise(attr(doc.querySelector('link[rel="canonical"]'), 'href'), pageUrl) ??
    absolutise(metaContent(doc, ['og:url']), pageUrl);
  meta.url = canonical ?? pageUrl;
  let host: string | undefined;
  try {
    host = meta.url ? new URL(meta.url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    host = undefined;
  }
  const publisher = article?.['publisher'];
  meta.source =
    metaContent(doc, ['og:site_name', 'application-name', 'twitter:site']) ?? jsonString(publisher) ?? host;
  if (meta.source?.startsWith('@')) meta.source = meta.source.slice(1);
  const h1 = doc.querySelector('article h1, main h1, h1');
  meta.title =
    cleanTitle(jsonString(article?.['headline']), meta.source) ??
    cleanTitle(metaContent(doc, ['og:title', 'twitter:title']), meta.source) ??
    (h1 ? cleanTitle(h1.textContent ?? '', meta.source) : undefined) ??
    cleanTitle(doc.title, meta.source);
  // a visible <h1> that the meta title starts with is usually the full headline
  const h1Text = h1 ? normaliseInline(h1.textContent ?? '') : undefined;
  if (h1Text && meta.title && h1Text.length > meta.title.length && h1Text.startsWith(meta.title.slice(0, 20)))
    meta.title = h1Text;

  const authorMeta = metaContent(doc, [
    'author',
    'article:author',
    'byl',
    'dc.creator',
    'DC.creator',
    'sailthru.author',
    'parsely-author',
  ]);
  const authorLd = jsonString(article?.['author']);
  const authorEl = doc.querySelector(
    '[itemprop="author"] [itemprop="name"], [itemprop="author"], [rel="author"], .byline__name, .author-name, .byline',
  );
  let author = authorLd ?? (authorMeta && !/^https?:/.test(authorMeta) ? authorMeta : undefined);
  if (!author && authorEl) {
    const t = normaliseInline(authorEl.textContent ?? '').replace(/^by\s+/i, '');
    if (t && wordTokens(t).length <= 8) author = t;
  }
  if (author && !/^https?:/.test(author)) meta.author = author;

  const timeEl = doc.querySelector('time[datetime]');
  meta.publishedAt =
    parseAnyDate(jsonString(article?.['datePublished'])) ??
    parseAnyDate(
      metaContent(doc, [
        'article:published_time',
        'og:published_time',
        'datePublished',
        'pubdate',
        'publishdate',
        'date',
        'dc.date',
        'DC.date.issued',
        'dcterms.created',
        'sailthru.date',
        'parsely-pub-date',
        'article.published',
        'published-date',
      ]),
    ) ??
    parseAnyDate(attr(doc.querySelector('[itemprop="datePublished"]'), 'datetime')) ??
    parseAnyDate(attr(timeEl, 'datetime')) ??
    parseAnyDate(timeEl?.textContent, receivedAt);
  meta.updatedAt =
    parseAnyDate(jsonString(article?.['dateModified'])) ??
    parseAnyDate(
      metaContent(doc, [
        'article:modified_time',
        'og:updated_time',
        'dateModified',
        'last-modified',
        'dcterms.modified',
      ]),
    ) ??
    parseAnyDate(attr(doc.querySelector('[itemprop="dateModified"]'), 'datetime'));
  if (!meta.publishedAt) {
    // a visible dateline ("Updated 10:30 GMT, July 4, 2025") in a short element near the top
    const cands = doc.querySelectorAll(
      '.date, .dateline, .timestamp, .published, .article-date, .post-date, [class*="date"], [class*="time"]',
    );
    for (let i = 0; i < Math.min(cands.length, 20); i++) {
      const t = cands[i]?.textContent ?? '';
      if (t.length > 120) continue;
      const d = findDateInText(t);
      if (d) {
        meta.publishedAt = d;
        break;
      }
    }
  }
  const lang =
    attr(doc.documentElement, 'lang') ??
    attr(doc.querySelector('meta[http-equiv="content-language" i]'), 'content') ??
    metaContent(doc, ['og:locale']);
  if (lang) {
    const code = lang.toLowerCase().slice(0, 2);
    if (/^[a-z]{2}$/.test(code)) meta.language = code;
  }
  meta.leadImageUrl = absolutise(
    metaContent(doc, ['og:image', 'og:image:url', 'twitter:image', 'twitter:image:src']) ??
      jsonString(article?.['image']),
    meta.url,
  );
  for (const k of Object.keys(meta) as Array<keyof HtmlMetadata>) if (meta[k] === undefined) delete meta[k];
  return meta;
}

// Elements that are void or whose end tag is routinely omitted: they do not count towards nesting depth.
const NO_DEPTH = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'td',
  'th',
  'tr',
  'option',
  'dt',
  'dd',
  'html',
  'head',
  'body',
  'tbody',
  'thead',
  'colgroup',
]);

/** Maximum element nesting depth, by a tag scan (no parse); script and style content should be removed first. */
export function htmlNestingDepth(html: string): number {
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;
  let depth = 0;
  let max = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    const name = (m[2] ?? '').toLowerCase();
    if (NO_DEPTH.has(name)) continue;
    if (m[1]) depth = depth > 0 ? depth - 1 : 0;
    else if (++depth > max) max = depth;
  }
  return max;
}

function nextIndex(
  lower: string,
  needles: string[],
  from: number,
): { at: number; needle: string } | undefined {
  let best: { at: number; needle: string } | undefined;
  for (const n of needles) {
    const at = lower.indexOf(n, from);
    if (at >= 0 && (!best || at < best.at)) best = { at, needle: n };
  }
  return best;
}

/**
 * Removes <script> and <style> elements before parsing. linkedom's tokenizer ends a script at the first
 * "</script" even in the HTML5 "double-escaped" state (`<!-- ... document.write('<script>...</script>')`), which
 * turns the rest of many older pages into garbage; this scan follows the HTML5 script-data states instead.
 */
export function stripScripts(html: string): string {
  const lower = html.toLowerCase();
  if (!lower.includes('<script') && !lower.includes('<style')) return html;
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const open = nextIndex(lower, ['<script', '<style'], pos);
    if (!open) break;
    const tag = open.needle.slice(1);
    const after = lower.charAt(open.at + open.needle.length);
    if (after && !/[\s>/]/.test(after)) {
      out.push(html.slice(pos, open.at + 1));
      pos = open.at + 1;
      continue;
    }
    const gt = lower.indexOf('>', open.at);
    if (gt < 0) break;
    out.push(html.slice(pos, open.at));
    let i = gt + 1;
    let end = -1;
    if (tag === 'style') {
      const close = lower.indexOf('</style', i);
      end = close < 0 ? lower.length : close;
    } else {
      let state: 'data' | 'escaped' | 'double' = 'data';
      while (end < 0) {
        const needles =
          state === 'data'
            ? ['</script', '<!--']
            : state === 'escaped'
              ? ['</script', '-->', '<script']
              : ['</script', '-->'];
        const hit = nextIndex(lower, needles, i);
        if (!hit) {
          end = lower.length;
          break;
        }
        i = hit.at + hit.needle.length;
        if (hit.needle === '</script') {
          if (state === 'double') state = 'escaped';
          else end = hit.at;
        } else if (hit.needle === '<!--') state = 'escaped';
        else if (hit.needle === '-->') state = 'data';
        else if (hit.needle === '<script') state = 'double';
      }
    }
    const close = lower.indexOf('>', end);
    pos = close < 0 ? lower.length : close + 1;
  }
  out.push(html.slice(pos));
  return out.join('');
}

function classAndId(el: DomElement): string {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.trim();
}

/**
 * The root to read text from: the whole <html> element, with any element the parser left beside it moved in.
 * Stray markup makes linkedom put page text in <head>, after <body>, or beside <html>; the body alone would miss it.
 */
function pickRoot(doc: DomDocument): DomElement | null {
  const html = doc.documentElement;
  if (!html) return doc.body;
  const strays: DomNode[] = [];
  for (let c = doc.firstChild; c; c = c.nextSibling)
    if (c !== html && c.nodeType === ELEMENT_NODE) strays.push(c);
  for (const c of strays) html.appendChild(c);
  return html;
}

/** Removes elements that never hold article text, and elements whose class/id names page furniture. */
function cleanDom(doc: DomDocument, rules: RuleSet, removed: RemovedSpan[] | undefined): void {
  const body = doc.documentElement;
  if (!body) return;
  if (rules.dropSelector) {
    const drop = doc.querySelectorAll(rules.dropSelector);
    const list: DomElement[] = [];
    for (let i = 0; i < drop.length; i++) {
      const el = drop[i];
      if (el) list.push(el);
    }
    for (const el of list) {
      // never drop the page's article container because a theme put role="complementary" on a wrapper
      if (
        el.localName !== 'script' &&
        el.localName !== 'style' &&
        el.querySelector('article, [itemprop="articleBody"]')
      )
        continue;
      if (removed && el.localName !== 'script' && el.localName !== 'style') {
        const t = normaliseInline(el.textContent ?? '');
        if (t) removed.push({ ruleId: 'html.drop', text: t.slice(0, 300) });
      }
      el.remove();
    }
  }
  const all = body.querySelectorAll('[class], [id]');
  const victims: Array<{ el: DomElement; ruleId: string; strong: boolean }> = [];
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    if (!el) continue;
    const names = classAndId(el);
    if (
      !names ||
      el.localName === 'body' ||
      el.localName === 'html' ||
      el.localName === 'article' ||
      el.localName === 'main'
    )
      continue;
    const strong = rules.htmlNegativeStrong.find((r) => r.re.test(names));
    const neg = strong ?? rules.htmlNegative.find((r) => r.re.test(names));
    if (!neg) continue;
    if (rules.htmlPositive.some((r) => r.re.test(names))) continue;
    if (el.getAttribute('itemprop') === 'articleBody') continue;
    victims.push({ el, ruleId: neg.id, strong: strong !== undefined });
  }
  for (const { el, ruleId, strong } of victims) {
    // victims inside an already removed victim need no work
    if (!el.isConnected) continue;
    // a "negative" wrapper that holds an article or most paragraphs is a layout wrapper, not furniture
    if (el.querySelector('article, [itemprop="articleBody"]')) continue;
    if (!strong && el.querySelectorAll('p').length >= 5) continue;
    if (removed) {
      const t = normaliseInline(el.textContent ?? '');
      if (t) removed.push({ ruleId, text: t.slice(0, 300) });
    }
    el.remove();
  }
}

/** Splits the page into text blocks (one per innermost block element), recording link text. */
function collectBlocks(root: DomElement): Block[] {
  const blocks: Block[] = [];
  const owners: DomElement[] = [root];
  let parts: string[] = [];
  let linkChars = 0;
  let inLink = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    // a single <br> is a line break inside a paragraph, two or more separate paragraphs
    const text = decodeBrokenEntities(parts.join(''))
      .split(/[ \t\u00a0]*\n[ \t\u00a0]*\n[\s\u00a0]*/)
      .map((p) => normaliseInline(p.replace(/\s*\n\s*/g, ' ')))
      .filter(Boolean)
      .join('\n\n');
    parts = [];
    const lc = linkChars;
    linkChars = 0;
    if (!text) return;
    const owner = owners[owners.length - 1] ?? root;
    const toks = wordTokens(text);
    let stops = 0;
    for (const t of toks) if (ENGLISH_STOPWORDS.has(t.toLowerCase())) stops++;
    blocks.push({
      owner,
      text,
      chars: text.length,
      linkChars: Math.min(lc, text.length),
      words: toks.length,
      stopDensity: toks.length ? stops / toks.length : 0,
      heading: HEADING.test(owner.localName),
      cls: 'bad',
      init: 'bad',
    });
  };
  // iterative walk: deeply nested pages must not overflow the stack
  type Frame =
    { node: DomNode; exit: false } | { node: DomElement; exit: true; block: boolean; link: boolean };
  const stack: Frame[] = [];
  for (let c = root.firstChild; c; c = c.nextSibling) stack.push({ node: c, exit: false });
  stack.reverse();
  while (stack.length) {
    const f = stack.pop() as Frame;
    if (f.exit) {
      if (f.block) {
        flush();
        owners.pop();
      }
      if (f.link) inLink--;
      continue;
    }
    const node = f.node;
    if (node.nodeType === TEXT_NODE) {
      const t = node.textContent ?? '';
      parts.push(t);
      if (inLink > 0) linkChars += t.trim().length;
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as DomElement;
    const name = el.localName;
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      parts.push('\n');
      continue;
    }
    const block = BLOCK.has(name);
    const link = name === 'a';
    if (block) {
      flush();
      owners.push(el);
    }
    if (link) inLink++;
    stack.push({ node: el, exit: true, block, link });
    const kids: DomNode[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k] as DomNode, exit: false });
  }
  flush();
  return blocks;
}

// jusText thresholds (Pomikálek, 2011).
const LENGTH_LOW = 70;
const LENGTH_HIGH = 200;
// jusText uses 0.30 / 0.32 with its ~300-word stop list; this library's shorter list gives lower densities, and the
// development set (test/eval/extract/RESULTS.md) put the best split at 0.18 / 0.22.
const STOP_LOW = 0.18;
const STOP_HIGH = 0.22;
const MAX_LINK_DENSITY = 0.2;
const MAX_LINK_DENSITY_PROSE = 0.45;

function classifyBlocks(
  blocks: Block[],
  rules: RuleSet,
  stopwordsUsable: boolean,
  tuning: HtmlExtractOptions = {},
): void {
  const ldProse = tuning.linkDensityProse ?? MAX_LINK_DENSITY_PROSE;
  const lengthLow = tuning.lengthLow ?? LENGTH_LOW;
  const stopLow = tuning.stopLow ?? STOP_LOW;
  const stopHigh = tuning.stopHigh ?? STOP_HIGH;
  for (const b of blocks) {
    const ld = b.chars ? b.linkChars / b.chars : 0;
    const rule = b.chars < 200 ? matchLineRule(rules, b.text) : undefined;
    const sd = stopwordsUsable ? b.stopDensity : stopHigh;
    if (rule) {
      b.cls = 'bad';
      b.ruleId = rule;
    } else if (ld > (b.chars >= 150 && sd >= stopLow ? ldProse : MAX_LINK_DENSITY)) {
      // long prose with inline links (attributions, tickers) tolerates more link text than menus and teasers
      b.cls = 'bad';
    } else if (b.text.includes('©') || b.text.includes('&copy')) b.cls = 'bad';
    else if (b.chars < lengthLow) b.cls = ld > 0 ? 'bad' : 'short';
    else if (sd >= stopHigh) b.cls = b.chars > LENGTH_HIGH ? 'good' : 'near-good';
    else if (sd >= stopLow) b.cls = 'near-good';
    else b.cls = 'bad';
  }
  for (const b of blocks) b.init = b.cls;
  // a page whose best blocks are all merely near-good (short articles) keeps them
  if (!blocks.some((b) => b.cls === 'good'))
    for (const b of blocks) if (b.cls === 'near-good') b.cls = 'good';
  // context-sensitive pass (jusText): short and near-good blocks take the class of their neighbours
  const n = blocks.length;
  const initial = blocks.map((b) => b.cls);
  const neighbour = (i: number, dir: 1 | -1, ignoreNearGood: boolean): 'good' | 'bad' | 'near-good' => {
    for (let j = i + dir; j >= 0 && j < n; j += dir) {
      const c = initial[j];
      if (c === 'good' || c === 'bad') return c;
      if (c === 'near-good' && !ignoreNearGood) return 'near-good';
    }
    return 'bad';
  };
  const next: Array<Block['cls']> = [...initial];
  for (let i = 0; i < n; i++) {
    if (initial[i] !== 'short') continue;
    const p = neighbour(i, -1, true);
    const q = neighbour(i, 1, true);
    if (p === 'good' && q === 'good') next[i] = 'good';
    else if (p === 'bad' && q === 'bad') next[i] = 'bad';
    else if (
      (p === 'bad' && neighbour(i, -1, false) === 'near-good') ||
      (q === 'bad' && neighbour(i, 1, false) === 'near-good')
    )
      next[i] = 'good';
    else next[i] = 'bad';
  }
  for (let i = 0; i < n; i++) {
    if (initial[i] !== 'near-good') continue;
    const p = neighbour(i, -1, true);
    const q = neighbour(i, 1, true);
    next[i] = p === 'bad' && q === 'bad' ? 'bad' : 'good';
  }
  // headings directly followed (within 200 chars) by good text are part of the article
  for (let i = 0; i < n; i++) {
    const b = blocks[i] as Block;
    if (!b.heading || next[i] === 'good' || b.ruleId) continue;
    let dist = 0;
    for (let j = i + 1; j < n && dist <= 200; j++) {
      if (next[j] === 'good') {
        next[i] = 'good';
        break;
      }
      dist += (blocks[j] as Block).chars;
    }
  }
  for (let i = 0; i < n; i++) (blocks[i] as Block).cls = next[i] ?? 'bad';
}

/**
 * A "Related articles" / "Comments" / "Most read" heading after the article text ends the article: every block
 * after it is demoted, so teaser lists longer than the article (aggregator pages, div soup) cannot win. Only applies
 * once enough article text was seen after the headline, so a menu entry named "Comments" above it does nothing.
 */
function cutAfterSectionEnd(
  blocks: Block[],
  rules: RuleSet,
  title: string | undefined,
  removed: RemovedSpan[] | undefined,
): void {
  const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim();
  const t = title ? norm(title) : undefined;
  let start = 0;
  if (t) {
    const i = blocks.findIndex((b) => b.chars <= 300 && norm(b.text) === t);
    if (i >= 0) start = i + 1;
  }
  let seen = 0;
  for (let i = start; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.chars <= 60 && seen >= 400) {
      const id = matchSectionEnd(rules, b.text);
      if (id) {
        // the element holding most of the text seen so far; blocks after the marker inside it are still article
        const before = blocks.slice(start, i).filter((x) => x.cls === 'good');
        const total = before.reduce((n, x) => n + x.chars, 0);
        const biggest = before.reduce((m, x) => (x.chars > m.chars ? x : m), before[0] as Block);
        let holder: DomElement | null = biggest.owner;
        while (holder) {
          const h: DomElement = holder;
          const inside = before
            .filter((x) => isInside(x.owner, new Set([h])))
            .reduce((n, x) => n + x.chars, 0);
          if (inside >= 0.7 * total) break;
          holder = holder.parentElement;
        }
        const keep = holder ? new Set<DomElement>([holder]) : undefined;
        // a marker inside the element holding the article is an inline box ("Related" links mid-story): not an end
        if (keep && isInside(b.owner, keep)) continue;
        for (let j = i; j < blocks.length; j++) {
          const c = blocks[j] as Block;
          if (j > i && keep && isInside(c.owner, keep)) continue;
          if (removed && c.cls === 'good') removed.push({ ruleId: id, text: c.text.slice(0, 300) });
          c.cls = 'bad';
          c.init = 'bad';
          c.ruleId ??= id;
        }
        return;
      }
    }
    if (b.cls === 'good') seen += b.chars;
  }
}

function ancestors(el: DomElement, limit: number): DomElement[] {
  const out: DomElement[] = [];
  let cur: DomElement | null = el;
  while (cur && out.length < limit) {
    out.push(cur);
    cur = cur.parentElement;
  }
  return out;
}

/** Picks the article container: the element with the highest decayed score of good text below it. */
function pickContainer(blocks: Block[], rules: RuleSet, nearGood: boolean): DomElement | undefined {
  const score = new Map<DomElement, number>();
  for (const b of blocks) {
    if (!(b.cls === 'good' || (nearGood && (b.init === 'near-good' || b.init === 'good'))) || b.chars < 25)
      continue;
    const base = 1 + (b.text.match(/,/g)?.length ?? 0) + Math.min(b.chars / 100, 3);
    ancestors(b.owner, 4).forEach((a, level) => {
      const div = level === 0 ? 1 : level === 1 ? 1 : level === 2 ? 2 : level * 3;
      score.set(a, (score.get(a) ?? 0) + base / div);
    });
  }
  let best: DomElement | undefined;
  let bestScore = 0;
  for (const [el, s] of score) {
    const names = classAndId(el);
    let w = 1;
    if (names && rules.htmlPositive.some((r) => r.re.test(names))) w += 0.25;
    if (el.localName === 'article' || el.getAttribute('itemprop') === 'articleBody') w += 0.25;
    const v = s * w;
    if (v > bestScore) {
      bestScore = v;
      best = el;
    }
  }
  return best;
}

function isInside(el: DomElement, roots: Set<DomElement>): boolean {
  let cur: DomElement | null = el;
  while (cur) {
    if (roots.has(cur)) return true;
    cur = cur.parentElement;
  }
  return false;
}

function goodChars(blocks: Block[], nearGood: boolean): Map<DomElement, number> {
  const m = new Map<DomElement, number>();
  for (const b of blocks) {
    if (!(b.cls === 'good' || (nearGood && (b.init === 'near-good' || b.init === 'good')))) continue;
    let cur: DomElement | null = b.owner;
    while (cur) {
      m.set(cur, (m.get(cur) ?? 0) + b.chars);
      cur = cur.parentElement;
    }
  }
  return m;
}

function readabilityFallback(
  html: string,
  rules: RuleSet,
): { title: string; paragraphs: string[] } | undefined {
  try {
    const rooted = /<html[\s>]/i.test(html) ? html : `<html><body>${html}</body></html>`;
    const { document } = parseHTML(rooted) as unknown as { document: DomDocument };
    // linkedom's document is structurally enough for Readability. The cast is needed where lib.dom is loaded (the root
    // typecheck, through test typings) and redundant in this project's own build, which has no DOM types.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const r = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
    if (!r?.content) return undefined;
    const { document: frag } = parseHTML(`<html><body>${r.content}</body></html>`) as unknown as {
      document: DomDocument;
    };
    const root = frag.body ?? frag.documentElement;
    if (!root) return undefined;
    const paragraphs = collectBlocks(root)
      .flatMap((b) => b.text.split('\n\n'))
      .filter((t) => !matchLineRule(rules, t));
    return { title: normaliseInline(r.title ?? ''), paragraphs };
  } catch {
    return undefined;
  }
}

/** Block classification of a page, for tuning and debugging (not part of the public API). */
export function debugBlocks(
  html: string,
  rules: RuleSet,
): Array<{ cls: string; path: string; chars: number; ld: number; sd: number; text: string }> {
  const { document } = parseHTML(stripScripts(html).replace(/<\/(?:html|body)\s*>/gi, '')) as unknown as {
    document: DomDocument;
  };
  cleanDom(document, rules, undefined);
  const root = pickRoot(document);
  if (!root) return [];
  const blocks = collectBlocks(root);
  classifyBlocks(blocks, rules, true);
  return blocks.map((b) => ({
    cls: b.cls,
    path: ancestors(b.owner, 12)
      .map((a) => a.localName)
      .join('<'),
    chars: b.chars,
    ld: b.chars ? b.linkChars / b.chars : 0,
    sd: b.stopDensity,
    text: b.text,
  }));
}

/**
 * Extracts the main article of an HTML page: jusText-style block classification (length, link density, stop-word
 * density, neighbours), the best-scoring container (plus strong siblings), boilerplate rules on the kept blocks, and
 * Readability as a fallback when too little is found.
 */
export function extractHtml(
  html: string,
  opts: {
    url?: string;
    receivedAt: string;
    rules: RuleSet;
    debug?: boolean;
    tuning?: HtmlExtractOptions;
    maxDepth?: number;
  },
): HtmlExtraction {
  const warnings: string[] = [];
  const removed: RemovedSpan[] = [];
  const ldScripts = html.match(/<script[^>]+application\/ld\+json[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  // JSON-LD blocks are kept (metadata); every other script and style is removed before parsing
  // "</html>" / "</body>" in the middle of a page (archives, bad templates) make linkedom drop the rest; browsers
  // ignore them
  const stripped = stripScripts(html);
  const depth = opts.maxDepth !== undefined ? htmlNestingDepth(stripped) : 0;
  if (opts.maxDepth !== undefined && depth > opts.maxDepth) {
    return { tooDeep: depth, title: '', paragraphs: [], meta: {}, method: 'html-scored', removed, warnings };
  }
  // comments, inline SVG and noscript never hold article text; dropping them before parsing saves most of the
  // node allocations linkedom would make for them
  const cleaned =
    stripped
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<svg\b[\s\S]*?<\/svg>/gi, '')
      .replace(/<noscript\b[\s\S]*?<\/noscript>/gi, '')
      .replace(/<\/(?:html|body)\s*>/gi, '') +
    (ldScripts.length ? `<div hidden>${ldScripts.join('')}</div>` : '');
  // fragments and plain text given as HTML: linkedom needs a root element
  const rooted = /<html[\s>]/i.test(cleaned) ? cleaned : `<html><body>${cleaned}</body></html>`;
  const { document } = parseHTML(rooted) as unknown as { document: DomDocument };
  const meta = readMetadata(document, opts.url, opts.receivedAt);
  cleanDom(document, opts.rules, opts.debug ? removed : undefined);
  const root = pickRoot(document);
  const paragraphs: string[] = [];
  if (root) {
    const blocks = collectBlocks(root);
    let totalWords = 0;
    let totalStops = 0;
    for (const b of blocks) {
      totalWords += b.words;
      totalStops += b.stopDensity * b.words;
    }
    // pages not in English: stop-word density says nothing, fall back to length and link density
    const stopwordsUsable = totalWords > 0 && totalStops / totalWords >= 0.12;
    classifyBlocks(blocks, opts.rules, stopwordsUsable, opts.tuning);
    if (opts.tuning?.sectionCut ?? true)
      cutAfterSectionEnd(blocks, opts.rules, meta.title, opts.debug ? removed : undefined);
    const tuning = opts.tuning ?? {};
    const nearGood = tuning.scoreNearGood ?? true;
    let container = pickContainer(blocks, opts.rules, nearGood);
    if (container) {
      const gc = goodChars(blocks, nearGood);
      // wrappers that add no good text (group > group-container > body) widen the scope for the sibling check
      for (let p = container.parentElement; p && p !== root; p = p.parentElement) {
        const pg = gc.get(p) ?? 0;
        const cg = gc.get(container) ?? 0;
        if (pg > cg && (tuning.climbRatio === undefined || pg < tuning.climbRatio * cg)) break;
        container = p;
      }
      const roots = new Set<DomElement>([container]);
      const parent = container.parentElement;
      const base = gc.get(container) ?? 0;
      const share = tuning.siblingShare ?? 0.35;
      if (parent) {
        const kids = parent.children;
        let at = -1;
        for (let i = 0; i < kids.length; i++) if (kids[i] === container) at = i;
        const adjacent = tuning.adjacentChars ?? 0;
        for (let i = 0; i < kids.length; i++) {
          const k = kids[i];
          if (!k || k === container) continue;
          const g = gc.get(k) ?? 0;
          if (g > 0 && g >= share * base) roots.add(k);
        }
        // the lede often sits in its own element right before the body container (CNN's zn-body__paragraph before
        // zn-body__read-all): walk outwards from the container over neighbours that hold good text
        for (const dir of adjacent > 0 ? [-1] : []) {
          for (let i = at + dir; i >= 0 && i < kids.length; i += dir) {
            const k = kids[i];
            if (!k) break;
            const g = gc.get(k) ?? 0;
            if (g >= adjacent) roots.add(k);
            else if ((k.textContent ?? '').trim().length > 40) break;
          }
        }
      }
      if (opts.debug) {
        for (const r of roots)
          warnings.push(
            `container: <${r.localName} class="${r.getAttribute('class') ?? ''}" id="${r.getAttribute('id') ?? ''}"> good chars ${gc.get(r) ?? 0}; parent <${r.parentElement?.localName ?? ''} class="${r.parentElement?.getAttribute('class') ?? ''}"> good chars ${gc.get(r.parentElement as DomElement) ?? 0}`,
          );
      }
      const inclusion = tuning.inclusion ?? 'short';
      const inside = blocks.map((b) => isInside(b.owner, roots));
      const keep = blocks.map((b, i) => {
        if (!inside[i] || b.ruleId) return false;
        if (b.cls === 'good') return true;
        if (inclusion !== 'good' && (b.init === 'near-good' || b.init === 'good')) return true;
        // inside the container, long link-free text is article text even with few stop words (specs, scores, names)
        const lenient = tuning.lenientChars ?? 0;
        if (lenient > 0 && b.chars >= lenient && b.linkChars / b.chars <= 0.1) return true;
        return false;
      });
      if (inclusion === 'short') {
        // short, link-free blocks between kept blocks of the container: subheads, one-line paragraphs, datelines
        let prevKept = -1;
        for (let i = 0; i < blocks.length; i++) {
          if (!keep[i]) continue;
          for (let j = prevKept + 1; prevKept >= 0 && j < i; j++) {
            const b = blocks[j] as Block;
            if (inside[j] && !b.ruleId && b.init === 'short' && b.linkChars === 0) keep[j] = true;
          }
          prevKept = i;
        }
      }
      blocks.forEach((b, i) => {
        if (!keep[i]) {
          if (opts.debug)
            removed.push({
              ruleId: b.ruleId ?? (inside[i] ? `html.${b.cls}` : 'html.outside-container'),
              text: b.text.slice(0, 300),
            });
          return;
        }
        for (const para of b.text.split('\n\n')) {
          const t = applyInlineRules(opts.rules, para, opts.debug ? removed : undefined);
          if (t) paragraphs.push(t);
        }
      });
    }
  }
  let method: HtmlExtraction['method'] = 'html-scored';
  let title = meta.title ?? '';
  const words = paragraphs.reduce((n, p) => n + wordTokens(p).length, 0);
  const fallbackMin = opts.tuning?.fallbackMinWords ?? 60;
  let out = paragraphs;
  if (words < fallbackMin) {
    const r = readabilityFallback(html, opts.rules);
    const rw = r ? r.paragraphs.reduce((n, p) => n + wordTokens(p).length, 0) : 0;
    if (r && rw > words && rw >= 15) {
      out = r.paragraphs.map((p) => applyInlineRules(opts.rules, p)).filter(Boolean);
      method = 'html-readability';
      if (!title) title = r.title;
      warnings.push(`scoring extractor found ${words} words; used Readability (${rw} words)`);
    }
  }
  // drop a leading paragraph that repeats the headline, and verbatim repeats (gallery captions rendered twice,
  // sticky share boxes): an article does not repeat a paragraph word for word
  if (title && out[0] && normaliseInline(out[0]) === title) out = out.slice(1);
  const seen = new Set<string>();
  out = out.filter((p) => {
    if (p.length < 20) return true;
    if (seen.has(p)) {
      if (opts.debug) removed.push({ ruleId: 'html.repeated-paragraph', text: p.slice(0, 300) });
      return false;
    }
    seen.add(p);
    return true;
  });
  return { title, paragraphs: out, meta, method, removed, warnings };
}
