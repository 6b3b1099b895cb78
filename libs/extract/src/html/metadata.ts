import { findDateInText, parseAnyDate } from '../dates.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import { normaliseInline, wordTokens } from '../normalise.js';
import type { HtmlMetadata } from './types.js';

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
