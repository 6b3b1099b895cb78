import { findDateInText, parseAnyDate } from '../dates.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import { decodeEntities, normaliseInline, wordTokens } from '../normalise.js';
import {
  findHeadline,
  headerBylines,
  headerDates,
  headerElements,
  headerPublishedDate,
  HEADER_RULES,
  labelledPublishedDate,
  numericDate,
  pageHeading,
} from './header-region.js';
import { scriptMetadata, type ScriptMetadata } from './meta-scripts.js';
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

/** Every value of one <meta> name, in page order ("citation_author" is repeated once per author). */
function metaAll(doc: DomDocument, key: string): string[] {
  const out: string[] = [];
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const el = metas[i];
    const name = (el?.getAttribute('name') ?? el?.getAttribute('property'))?.trim().toLowerCase();
    const content = el?.getAttribute('content')?.trim();
    if (name === key && content) out.push(normaliseInline(decodeEntities(content)));
  }
  return out;
}

function metaContent(doc: DomDocument, keys: string[]): string | undefined {
  const m = metaMap(doc);
  for (const k of keys) {
    const v = m.get(k.toLowerCase());
    if (v) return normaliseInline(decodeEntities(v));
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

/** JSON-LD texts: the ld+json scripts, and ld+json written into a <meta> value (`<meta name="script:ld+json" content="{…}">`). */
function jsonLdTexts(doc: DomDocument): string[] {
  const out: string[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) out.push(scripts[i]?.textContent ?? '');
  const metas = doc.querySelectorAll('meta[content]');
  for (let i = 0; i < metas.length; i++) {
    const el = metas[i];
    const key = `${el?.getAttribute('name') ?? ''} ${el?.getAttribute('property') ?? ''}`;
    const content = el?.getAttribute('content')?.trim() ?? '';
    if (/ld\+json/i.test(key) && /^[[{]/.test(content)) out.push(content);
  }
  return out;
}

function jsonLdObjects(doc: DomDocument): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  for (const raw of jsonLdTexts(doc)) {
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

/** Every schema.org `@type` declared in the page's JSON-LD. */
export function jsonLdTypes(doc: DomDocument): string[] {
  return jsonLdObjects(doc).flatMap((o) => {
    const t = o['@type'];
    return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
  });
}

const ARTICLE_TYPES =
  /^(?:NewsArticle|Article|ReportageNewsArticle|BlogPosting|AnalysisNewsArticle|OpinionNewsArticle|LiveBlogPosting|WebPage|Report)$/;

function isArticleType(o: Record<string, Json>): boolean {
  const t = o['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x));
}

/** Page-level types: they describe the page that holds the article, not the article itself. */
const PAGE_TYPES = /^(?:WebPage|Report)$/;

/**
 * The nodes that describe the article, best first: Article / NewsArticle / BlogPosting nodes before the WebPage node a
 * `@graph` also holds (SEO plugins list the WebPage first; its author and dates are often missing or the site's own).
 */
export function articleNodes(ld: Array<Record<string, Json>>): Array<Record<string, Json>> {
  const articles = ld.filter(isArticleType);
  const isPage = (o: Record<string, Json>): boolean => {
    const t = o['@type'];
    return !(Array.isArray(t) ? t : [t]).some(
      (x) => typeof x === 'string' && !PAGE_TYPES.test(x) && ARTICLE_TYPES.test(x),
    );
  };
  return [...articles.filter((o) => !isPage(o)), ...articles.filter(isPage)];
}

/** One field of the article: from the best node that has it. */
function articleField(nodes: Array<Record<string, Json>>, key: string): Json | undefined {
  for (const n of nodes) {
    const v = n[key];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Letters of a name, lower-cased: "Newegg.com" and "newegg" compare equal. */
const letters = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\.(?:com|org|net|co|io)\b/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** Whether a title segment names the site: its name, or the host's main label ("Shop | Newegg.com" on newegg.com). */
function namesSite(segment: string, site: string | undefined, host: string | undefined): boolean {
  const seg = letters(segment);
  if (!seg) return false;
  if (site && (seg === letters(site) || segment.toLowerCase().includes(site.toLowerCase()))) return true;
  const label = host?.split('.').slice(-2, -1)[0];
  return label !== undefined && label.length >= 4 && seg.includes(letters(label));
}

/** The headline's text: one line when the element also holds a kicker or dateline on lines of their own. */
function headlineText(raw: string, metaTitles: string[]): string {
  const lines = decodeEntities(raw)
    .split(/\s*\n\s*/)
    .map((l) => normaliseInline(l))
    .filter(Boolean);
  if (lines.length > 1) {
    const best = lines.find((l) => metaTitles.some((t) => wordShare(t, l) >= 0.8 && wordShare(l, t) >= 0.8));
    if (best) return best;
  }
  return normaliseInline(lines.join(' '));
}

function cleanTitle(raw: string | undefined, site: string | undefined, host?: string): string | undefined {
  if (!raw) return undefined;
  let t = normaliseInline(raw.replace(/\s*\n\s*/g, ' '));
  // "Headline | Newegg.com": a trailing part that names the site goes, however long the headline is
  for (let i = 0; i < 2; i++) {
    const m = /^(.{4,}?)\s+[|\-–—»·•]\s+([^|\-–—»·•]{2,60})$/.exec(t);
    if (!m?.[1] || !m[2] || !namesSite(m[2], site, host)) break;
    t = m[1];
  }
  // "Headline | Site" / "Headline - Site" / "Headline | by Author | Site": drop trailing parts while they are the
  // shorter side or name the site
  for (let i = 0; i < 3; i++) {
    const m = /^(.{15,}?)\s+[|\-–—:»·•]\s+((?:[^|\-–—»·•]|(?<=\S)-){2,60})$/.exec(t);
    if (!m?.[1] || !m[2]) break;
    if (!(m[2].length < m[1].length || (site && m[2].toLowerCase().includes(site.toLowerCase())))) break;
    t = m[1];
  }
  // "Site: Headline" / "Site | Headline": a leading part that is the site name
  if (site) {
    const p = /^([^|:–—»·•]{2,60}?)\s*[|:–—»·•]\s+(.{15,})$/.exec(t);
    if (
      p?.[1] &&
      p[2] &&
      p[1].toLowerCase().replace(/\.com$/, '') === site.toLowerCase().replace(/\.com$/, '')
    )
      t = p[2];
  }
  return t || undefined;
}

/**
 * Share of the visible headline's words a meta title must hold for the headline to be the title. WCXB tune titles at
 * 0.15 / 0.2 / 0.25 / 0.3 / 0.35 / 0.4 / 0.5: 365 / 366 / 367 / 369 / 368 / 367 / 365 of 412 (check at 0.3: 327 of 381
 * against 323 at 0.5); an unrelated h1 (a promotion, a section name) still loses to the meta title.
 */
const H1_SHARE = 0.3;

/** The text of a title cut short (an ellipsis at the end, or a bracket opened and never closed), without the ellipsis. */
function truncatedStem(title: string): string | undefined {
  const stem = title.replace(/\s*(?:…|\.\.\.)$/, '');
  if (stem !== title) return stem;
  const opened = (title.match(/\(/g) ?? []).length > (title.match(/\)/g) ?? []).length;
  return opened ? title : undefined;
}

/** Share of the words of `a` that also occur in `b` (lower-cased). */
function wordShare(a: string, b: string): number {
  const wa = wordTokens(a.toLowerCase());
  const wb = new Set(wordTokens(b.toLowerCase()));
  return wa.length ? wa.filter((w) => wb.has(w)).length / wa.length : 0;
}

const BYLINE_PREFIX =
  /^(?:(?:written|posted|published|reviewed|edited|words|story|text)\s+by|by|author|authors|written by)\s*[:-]?\s*/i;

// a name glued to the next element's text ("Jane DoeSenior Writer"): a capital right after 4+ lower-case letters
const GLUED = /\p{Lu}\p{Ll}{3,}(?=\p{Lu})/u;

/**
 * The name in text glued from several elements: the first glued part that is a person's name written out
 * ("CortiAI platformJoakim EdinResearch" → "Joakim Edin"), else the text before the first boundary when that leaves
 * two or more words.
 */
function unglue(text: string): string {
  const m = GLUED.exec(text);
  if (!m) return text;
  const parts = text.split(/(?<=\p{Ll}{3})(?=\p{Lu})/u);
  const person = parts.find((p) => looksLikePersonName(p));
  if (person && parts.length > 1) return person;
  const head = text.slice(0, m.index + m[0].length);
  return wordTokens(head).length >= 2 ? head : text;
}

/** What follows a name in a byline: "Ann Lee in Politics", "Ann Lee for Reuters", "Ann Lee on behalf of the team". */
const BYLINE_TAIL = /\s+(?:in|for|at|on behalf of)\s+.*$/i;

/** The name without what follows it, when what is left is a person's name ("Center for Drug Research" stays whole). */
function dropTail(text: string): string {
  const head = text.replace(BYLINE_TAIL, '');
  return head !== text && looksLikePersonName(head) ? head : text;
}

/** Names from one author string: "By A and B", "A, B & C"; never a URL, a date or the site's own name. */
function splitAuthors(raw: string, site: string | undefined): string[] {
  // a byline element's text often goes on with the author's role or bio on the next lines: the name is the first line
  const first = unglue(raw.split(/\s*\n\s*/).find((l) => l.trim()) ?? '');
  // "Dec. 19, 2025 · Ann Lee" / "Ann Lee | Senior Writer": the first part between separators that is not a date
  const segments = normaliseInline(decodeEntities(first))
    .split(/\s+[|•·⋅]\s+|\s*[|•⋅]\s*/)
    .map((x) => dropTail(x.replace(BYLINE_PREFIX, '')).trim())
    .filter((x) => x && !findDateInText(x));
  const t = segments[0];
  if (!t || /^https?:|@|www\./i.test(t)) return [];
  const parts = t.split(/\s*(?:,|;|&|\band\b)\s*/i).filter(Boolean);
  const isName = (p: string): boolean => /^\p{Lu}/u.test(p) && wordTokens(p).length <= 4;
  // "Ann Lee and Bo Chen, Extension horticulture educators": the names before a role in lower case or sentence case
  const isRole = (p: string): boolean =>
    p
      .split(/\s+/)
      .slice(1)
      .some((w) => /^\p{Ll}/u.test(w) && !NAME_PARTICLES.test(w));
  const k = parts.findIndex((p) => !isName(p) || isRole(p));
  const names =
    k < 0
      ? parts
      : k > 0 && parts.slice(k).every((p) => /^\p{Ll}/u.test(p) || isRole(p))
        ? parts.slice(0, k)
        : [t];
  return names.filter((n) => isNameLike(n, site));
}

/** A name is one to six words, without digits, not a URL or an address, and not the site's own name. */
function isNameLike(n: string, site: string | undefined): boolean {
  const w = wordTokens(n).length;
  if (w === 0 || w > 6 || /\d/.test(n) || /^https?:|@|www\./i.test(n)) return false;
  // a domain ("example.net") is a site, not a person
  if (/^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|net|org|io|co|ai|app|dev|info|news)$/iu.test(n.trim()))
    return false;
  return !(site && n.toLowerCase() === site.toLowerCase());
}

/** Names of the JSON-LD author value: strings, Person objects, and `@id` references to Person nodes of the graph. */
function ldAuthorNames(
  value: Json | undefined,
  ld: Array<Record<string, Json>>,
  personsOnly = false,
): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => ldAuthorNames(v, ld, personsOnly));
  if (typeof value === 'string') return personsOnly ? [] : [value];
  if (typeof value !== 'object') return [];
  let node: Record<string, Json> = value;
  if (!node['name'] && typeof node['@id'] === 'string')
    node = ld.find((o) => o['@id'] === value['@id'] && o !== value) ?? node;
  const type = node['@type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.some((t) => typeof t === 'string' && /Organization|Corporation|NewsMediaOrganization/.test(t)))
    return [];
  if (personsOnly && !types.includes('Person')) return [];
  const name = node['name'];
  return typeof name === 'string' ? [name] : [];
}

/**
 * Sources that say outright the name is a person's: a JSON-LD Person, a "Written by" label. Their name is kept even
 * when it is also the site's name (a personal site: "Ann Lee" writing on "Ann Lee"'s blog).
 */
const EXPLICIT_PERSON = new Set(['json-ld-person', 'written-by', 'written-by-text']);

/**
 * Words of an organisation's name, not a person's: a site that declares itself the writer under such a name ("Bridge
 * Store", "Cleveland Clinic") is still the site, never the author.
 */
const ORGANISATION_WORD =
  /\b(?:store|shop|team|staff|inc|llc|ltd|gmbh|co|corp|company|group|media|news|blog|studio|agency|magazine|press|editors?|editorial|official|online|university|college|school|clinic|hospital|foundation|institute|association|society|council|department|services?|solutions|labs?|digital|global|international)\b/i;

/** <meta> names that may be repeated, one per author. */
const AUTHOR_LIST_META = ['citation_author', 'citation_authors', 'author', 'article:author'];

/** A login name rather than a person's name ("jdoe", "ann.lee", "writer_12"): no space, with a dot, underscore or digit. */
const LOGIN = /^[^\s]*[._\d][^\s]*$/;

/** The `twitter:dataN` value whose `twitter:labelN` says "Written by" / "Author" (SEO plugins write bylines there). */
function twitterLabelledAuthor(doc: DomDocument): string | undefined {
  for (let n = 1; n <= 4; n++) {
    const label = metaContent(doc, [`twitter:label${n}`]);
    if (label && /^(?:written\s+by|author|by)$/i.test(label)) return metaContent(doc, [`twitter:data${n}`]);
  }
  return undefined;
}

/** Names from header bylines, with the words that never occur in names (counts, labels, navigation) refused. */
function bylineNames(lines: string[], site: string | undefined): string[] {
  for (const line of lines) {
    const names = splitAuthors(line, site).filter(
      (n) => !HEADER_RULES.notAName.test(n) && /^\p{Lu}/u.test(n),
    );
    if (names.length) return names;
  }
  return [];
}

/**
 * Authors in order of evidence: JSON-LD, author meta tags (a login name only when nothing better is found),
 * microdata, the byline in the article header, then byline class names anywhere.
 */
function readAuthors(
  doc: DomDocument,
  ld: Array<Record<string, Json>>,
  article: Record<string, Json> | undefined,
  site: string | undefined,
  header: DomElement[],
  fromScripts: ScriptMetadata,
  trace?: MetadataTrace,
): string[] {
  const candidates: Array<[string, string[]]> = [];
  const late: Array<[string, string[]]> = [];
  // a login name ("ann.lee") in the JSON-LD author waits, like one in the author tag, for a name written out
  const ldNames = ldAuthorNames(article?.['author'], ld);
  (ldNames.length && ldNames.every((n) => LOGIN.test(n.trim())) ? late : candidates).push([
    'json-ld',
    ldNames,
  ]);
  // scholarly pages list every author in a tag of its own; several "author" tags are several authors too
  for (const key of AUTHOR_LIST_META) {
    const all = metaAll(doc, key);
    if (all.length > 1 || (all.length === 1 && key.startsWith('citation')))
      candidates.push(['meta-list', all]);
  }
  const metaAuthor = metaContent(doc, [
    'author',
    'article:author',
    'byl',
    'dc.creator',
    'dcterms.creator',
    'sailthru.author',
    'parsely-author',
  ]);
  if (metaAuthor) (LOGIN.test(metaAuthor) ? late : candidates).push(['meta', [metaAuthor]]);
  const labelled = twitterLabelledAuthor(doc);
  if (labelled) (LOGIN.test(labelled) ? late : candidates).push(['twitter-label', [labelled]]);
  const named = doc.querySelectorAll('[itemprop="author"] [itemprop="name"]');
  const fromItemprop: string[] = [];
  for (let i = 0; i < named.length; i++) {
    const el = named[i];
    const v = el?.getAttribute('content') ?? el?.textContent ?? '';
    if (v.trim()) fromItemprop.push(v);
  }
  candidates.push(['itemprop', fromItemprop]);
  // after the header's byline: a site that names itself as the author is a personal site only when nothing else
  // names a person
  const explicit: Array<[string, string[]]> = [
    ['json-ld-person', ldAuthorNames(article?.['author'], ld, true)],
  ];
  if (labelled && !LOGIN.test(labelled)) explicit.push(['written-by', [labelled]]);
  // "Written by Ann Lee" on Ann Lee's own site: the label says the name is the writer's
  explicit.push(['written-by-text', writtenByName(doc, undefined)]);
  const pick = (list: Array<[string, string[]]>): string[] => {
    for (const [source, c] of list) {
      // one name per tag ("Lee, Ann" is one author written surname first)
      const own = EXPLICIT_PERSON.has(source) ? undefined : site;
      const split = (x: string): string[] =>
        source === 'meta-list' ? (isNameLike(x, own) ? [x] : []) : splitAuthors(x, own);
      const names = [...new Set(c.flatMap(split))].filter(
        (n) =>
          // a site declared as the writer is kept only under a person's name, never an organisation's
          !(
            EXPLICIT_PERSON.has(source) &&
            site &&
            letters(n) === letters(site) &&
            ORGANISATION_WORD.test(n)
          ) &&
          // a byline class holds a name, not a topic label ("Personal finance")
          (source !== 'byline-class' ||
            n.split(/\s+/).every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.test(w))),
      );
      if (names.length) {
        if (trace) trace.author = source;
        return names;
      }
    }
    return [];
  };
  const structured = pick(candidates);
  if (structured.length) return structured;
  // the page's own record in its script data (framework state, data layer): structured, after the tags
  const scripted = pick([['script', fromScripts.authors ?? []]]);
  if (scripted.length) return scripted;
  const fromHeader = bylineNames(headerBylines(header), site);
  if (fromHeader.length) {
    if (trace) trace.author = 'header';
    return fromHeader;
  }
  const writtenBy = writtenByName(doc, site);
  if (writtenBy.length) {
    if (trace) trace.author = 'written-by-text';
    return writtenBy;
  }
  const besideDate = nameBesideDate(header, site);
  if (besideDate) {
    if (trace) trace.author = 'header-beside-date';
    return [besideDate];
  }
  const declared = pick(explicit);
  if (declared.length) return declared;
  const el = doc.querySelector(
    '[itemprop="author"], [rel="author"], .byline__name, .author-name, .author__name, .post-author, .entry-author, .byline, .author',
  );
  if (el) {
    const t = normaliseInline(el.getAttribute('content') ?? el.textContent ?? '');
    if (t && wordTokens(t).length <= 10) late.unshift(['byline-class', [t]]);
  }
  const pictured = picturedName(doc, site);
  if (pictured) late.unshift(['photo-card', [pictured]]);
  const marked = markedAuthorNames(doc, site);
  if (marked.length) late.unshift(['author-box', marked]);
  return pick(late);
}

/** Separators between the parts of a meta line ("Ann Lee | Senior Writer | July 2, 2025", "2025-12-17 · Ann Lee"). */
const META_LINE_SEPARATOR = /\s*[|•·⋅]\s*/;

/**
 * A byline without a label: a short header line of two to five parts, one of them a date, another a person's name
 * written out ("Ann Lee | Senior Writer | July 2, 2025"): the first part that is a name.
 */
function nameBesideDate(header: DomElement[], site: string | undefined): string | undefined {
  const isDate = (x: string): boolean => Boolean(findDateInText(x) ?? numericDate(x));
  const textOf = (el: DomElement): string => normaliseInline(decodeEntities(el.textContent ?? ''));
  for (const el of header) {
    const text = textOf(el);
    if (!text || text.length > HEADER_RULES.maxChars || !META_LINE_SEPARATOR.test(text)) continue;
    // the innermost element that holds the whole line (not the header around the headline and the line)
    if (Array.from(el.children).some((c) => META_LINE_SEPARATOR.test(textOf(c)) && findDateInText(textOf(c))))
      continue;
    const parts = text
      .split(META_LINE_SEPARATOR)
      .map((x) => dropTail(x.replace(BYLINE_PREFIX, '').trim()))
      .filter(Boolean);
    if (parts.length < 2 || parts.length > 5 || !parts.some(isDate)) continue;
    const name = parts.find((x) => !isDate(x) && looksLikePersonName(x, site));
    if (name) return name;
  }
  return undefined;
}

/** The element before `el` and the two after it, under the same parent. */
function siblingsAround(el: DomElement): DomElement[] {
  const kids = el.parentElement ? Array.from(el.parentElement.children) : [];
  const at = kids.indexOf(el);
  return at < 0 ? [] : [kids[at - 1], kids[at + 1], kids[at + 2]].filter((x): x is DomElement => Boolean(x));
}

/** A photo of a person: an avatar, a profile or author picture, a headshot, a round crop. */
const PORTRAIT = /avatar|author|profile|headshot|portrait|gravatar|rounded-full|circle|bio\b/i;

/**
 * An author card without a label: a photo whose alt text is a person's name, beside an element (within three levels
 * up) whose whole text is that name ("<img alt="Ann Lee"><p><strong>Ann Lee</strong></p>"), outside comments. The
 * name as written in the element.
 */
function picturedName(doc: DomDocument, site: string | undefined): string | undefined {
  const imgs = doc.querySelectorAll('img[alt]');
  for (let i = 0; i < Math.min(imgs.length, 200); i++) {
    const img = imgs[i];
    const alt = normaliseInline(decodeEntities(img?.getAttribute('alt') ?? ''));
    if (
      !img ||
      !looksLikePersonName(
        alt.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
        site,
      )
    )
      continue;
    if (!PORTRAIT.test(`${img.getAttribute('class') ?? ''} ${img.getAttribute('src') ?? ''}`)) continue;
    if (inComments(img)) continue;
    // the elements next to the photo and to its parents, three levels up, with what they hold
    let at: DomElement | null = img;
    for (let up = 0; at && up < 3; up++, at = at.parentElement) {
      for (const sib of siblingsAround(at)) {
        for (const el of [sib, ...Array.from(sib.querySelectorAll('*')).slice(0, 20)]) {
          const text = normaliseInline(decodeEntities(el.textContent ?? ''));
          if (text.toLowerCase() === alt.toLowerCase() && looksLikePersonName(text, site)) return text;
        }
      }
    }
  }
  return undefined;
}

/** A byline that says outright whose the text is: "Written by Ann Lee", "Authored by Ann Lee and Bo Chen". */
const WRITTEN_BY = /^(?:(?:written|authored)\s+by\s*:?|authors?\s*:)\s+(.{3,100})$/i;

function inComments(el: DomElement): boolean {
  for (let p: DomElement | null = el; p; p = p.parentElement)
    if (/comment/i.test(`${p.getAttribute('class') ?? ''} ${p.getAttribute('id') ?? ''}`)) return true;
  return false;
}

/**
 * Names from a "Written by …" line anywhere on the page (outside comments), for bylines the header walk does not
 * reach (below the article, in a sidebar card): the innermost short element whose text starts with the label.
 */
function writtenByName(doc: DomDocument, site: string | undefined): string[] {
  const body = doc.body ?? doc.documentElement;
  if (!body || !/written\s+by|authored\s+by|authors?\s*:/i.test(body.textContent ?? '')) return [];
  const els = body.querySelectorAll('p, span, div, li, address, small, em, strong, section, header, footer');
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    if (!el) continue;
    const text = normaliseInline(decodeEntities(el.textContent ?? ''));
    const m = text.length <= 120 ? WRITTEN_BY.exec(text) : null;
    if (!m?.[1]) continue;
    if (inComments(el)) continue;
    const names = splitAuthors(m[1], site).filter(
      (n) => !HEADER_RULES.notAName.test(n) && /^\p{Lu}/u.test(n),
    );
    if (names.length) return names;
  }
  return [];
}

/** Elements marked as holding an author (author boxes, bylines, links to author pages); comments' authors are not. */
const AUTHOR_MARKED =
  '[class*="author" i], [id*="author" i], [class*="byline" i], [rel="author"], [itemprop="author"], a[href*="/author/"]';

/** Lower-case words that occur inside personal names ("Erik van Vulpen", "Maria de la Cruz"). */
const NAME_PARTICLES = /^(?:van|von|der|den|de|la|le|da|di|du|del|dos|bin|al|ter|ten)$/;

/** A person's name written out: two to four capitalised words (name particles allowed), no label or navigation word. */
export function looksLikePersonName(text: string, site?: string): boolean {
  const t = text.trim();
  if (t.length < 5 || t.length > 40 || !isNameLike(t, site) || HEADER_RULES.notAName.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 4) return false;
  return words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w) || NAME_PARTICLES.test(w));
}

/**
 * Last resort: the first person's name written out inside an element marked as an author box or byline, anywhere on
 * the page ("<div class="post-author-box"><img><p>Ann Lee</p><p>Ann writes about …</p></div>").
 */
function markedAuthorNames(doc: DomDocument, site: string | undefined): string[] {
  const boxes = doc.querySelectorAll(AUTHOR_MARKED);
  for (let i = 0; i < Math.min(boxes.length, 40); i++) {
    const box = boxes[i];
    if (!box || /comment/i.test(`${box.getAttribute('class') ?? ''} ${box.getAttribute('id') ?? ''}`))
      continue;
    const els = [box, ...Array.from(box.querySelectorAll('*'))];
    for (const el of els) {
      const text = normaliseInline(decodeEntities(el.textContent ?? '')).replace(BYLINE_PREFIX, '');
      if (text.length > 60) continue;
      if (looksLikePersonName(text, site)) return [text, ...coAuthors(box, el, text, site)];
    }
  }
  return [];
}

/** A link to an author's page ("/author/ann-lee", "/authors/ann-lee"). */
const AUTHOR_PAGE = /\/(?:authors?|writers?|contributors?|people|staff)\//i;

/**
 * The other authors of a box whose name links to an author page: the other links to author pages in the same box
 * whose text is a person's name ("Written by <a>Ann Lee</a>, 4+ years …<a>Bo Chen</a>, senior editor").
 */
function coAuthors(box: DomElement, named: DomElement, name: string, site: string | undefined): string[] {
  let own: DomElement | null = named.querySelector('a');
  for (let p: DomElement | null = named; p && p !== box.parentElement && !own; p = p.parentElement)
    if (p.localName === 'a') own = p;
  const href = own?.getAttribute('href') ?? '';
  if (!AUTHOR_PAGE.test(href)) return [];
  const out: string[] = [];
  const links = box.querySelectorAll('a[href]');
  for (let i = 0; i < Math.min(links.length, 12); i++) {
    const a = links[i];
    if (!a || !AUTHOR_PAGE.test(a.getAttribute('href') ?? '')) continue;
    const t = normaliseInline(decodeEntities(a.textContent ?? ''));
    if (t !== name && !out.includes(t) && looksLikePersonName(t, site)) out.push(t);
  }
  return out;
}

const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})$/;

/**
 * A structured date: a timestamp written with the publisher's UTC offset keeps it ("2025-06-25T20:57:54-04:00"), so
 * the calendar day stays the one the publisher printed (converting to UTC moved evening posts to the next day);
 * anything else goes through {@link parseAnyDate} (UTC).
 */
export function structuredDate(raw: string | undefined, receivedAt?: string): string | undefined {
  const m = raw ? WITH_OFFSET.exec(raw.trim()) : null;
  const day = m?.[1];
  if (m && day && parseAnyDate(raw) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) {
    const [, , hm, sec, sign, oh, om] = m;
    return `${day}T${hm}:${sec ?? '00'}.000${oh === '00' && om === '00' ? 'Z' : `${sign}${oh}:${om}`}`;
  }
  return parseAnyDate(raw, receivedAt);
}

/** A date in the URL path ("/2025/03/04/", "-2025-03-04-"): the day the page was published under that address. */
export function urlDate(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /(?:^|[/_-])((?:19|20)\d{2})[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?=$|[/_+.-])/.exec(
    path,
  );
  return m ? `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z` : undefined;
}

const PUBLISHED_META = [
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
  // Google Scholar tags of journals and repositories ("2023 Jan 7", "2023/01/07")
  'citation_publication_date',
  'citation_date',
  'citation_online_date',
];

const MODIFIED_META = [
  'article:modified_time',
  'og:updated_time',
  'dateModified',
  'last-modified',
  'dcterms.modified',
];

/** A visible dateline ("Updated 10:30 GMT, July 4, 2025") in a short date-classed element near the top. */
function datelineDate(doc: DomDocument): string | undefined {
  const cands = doc.querySelectorAll(
    '.date, .dateline, .timestamp, .published, .article-date, .post-date, [class*="date"], [class*="time"]',
  );
  for (let i = 0; i < Math.min(cands.length, 20); i++) {
    const t = cands[i]?.textContent ?? '';
    if (t.length > 120) continue;
    const d = findDateInText(t);
    if (d) return d;
  }
  return undefined;
}

/** The first source, in order of evidence, that gives a value: its name and the value. */
function firstSource<T>(sources: Array<[string, () => T | undefined]>): [string, T] | undefined {
  for (const [name, read] of sources) {
    const v = read();
    if (v !== undefined) return [name, v];
  }
  return undefined;
}

/** Which source each metadata field was read from (for tuning aids and debugging). */
export interface MetadataTrace {
  title?: string;
  author?: string;
  published?: string;
}

/** Reads title, author, dates, canonical URL, site name, language and lead image from head, JSON-LD and markup. */
export function readMetadata(
  doc: DomDocument,
  pageUrl: string | undefined,
  receivedAt: string,
  trace?: MetadataTrace,
  /** texts of the page's data scripts ({@link dataScripts} of the raw HTML): framework state, data layers */
  scripts?: string[],
): HtmlMetadata {
  const ld = jsonLdObjects(doc);
  const nodes = articleNodes(ld);
  // each field from the best node that has it (an Article's author before the WebPage's)
  // (the headline stays the first article-like node's: tried from the Article node first, titles fell 0.883 -> 0.881
  // on the tune part, the Article's headline being an SEO variant as often as the WebPage's name is)
  const article: Record<string, Json> | undefined = nodes.length
    ? Object.fromEntries(
        [['headline', ld.find(isArticleType)?.['headline'] ?? null] as [string, Json]].concat(
          ['author', 'publisher', 'datePublished', 'dateModified', 'image'].map((k): [string, Json] => [
            k,
            articleField(nodes, k) ?? null,
          ]),
        ),
      )
    : undefined;
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
  const named =
    metaContent(doc, ['og:site_name', 'application-name', 'twitter:site']) ?? jsonString(publisher);
  meta.source = named ?? host;
  if (named === undefined && host !== undefined) meta.sourceIsHost = true;
  if (meta.source?.startsWith('@')) meta.source = meta.source.slice(1);
  const h1 = doc.querySelector('article h1, main h1, h1');
  const metaTitles = [
    jsonString(article?.['headline']),
    metaContent(doc, ['og:title', 'twitter:title']),
    doc.title,
  ]
    .map((t) => cleanTitle(t ? decodeEntities(t) : undefined, meta.source, host))
    .filter((x): x is string => Boolean(x));
  // a logo <h1> holding the site name (its letters are those of the site name or of the host) is never the headline
  const hostLabel = host?.split('.').slice(-2, -1)[0];
  const isSiteName = (t: string): boolean =>
    (meta.source !== undefined && letters(t) === letters(meta.source)) ||
    (hostLabel !== undefined && letters(t) === letters(hostLabel));
  const h1Fallback = h1 ? cleanTitle(h1.textContent ?? '', meta.source, host) : undefined;
  const titled = firstSource<string>([
    ['json-ld', () => cleanTitle(jsonString(article?.['headline']), meta.source, host)],
    ['meta', () => cleanTitle(metaContent(doc, ['og:title', 'twitter:title']), meta.source, host)],
    ['h1', () => (h1Fallback && !isSiteName(h1Fallback) ? h1Fallback : undefined)],
    ['doc-title', () => cleanTitle(doc.title, meta.source, host)],
  ]);
  meta.title = titled?.[1];
  let titleSource = titled?.[0];
  // the visible headline (the article's <h1>, or the page's only <h1>) is the title as readers see it, without the
  // site-name prefixes and SEO suffixes of the meta titles; it wins when at least {@link H1_SHARE} of its words are in a
  // meta title (compared without the site-name parts): pages often give the meta title an SEO wording of their own
  // ("Top 11 SEO Strategies for 2025" over the h1 "11 SEO Strategies for 2025 to Boost Rankings and Stay Ahead")
  const h1s = doc.querySelectorAll('h1');
  const inArticle = doc.querySelector('article h1, main h1, [itemprop="articleBody"] h1');
  const visible = inArticle ?? (h1s.length === 1 ? h1s[0] : undefined);
  const h1Text = visible ? headlineText(visible.textContent ?? '', metaTitles) : undefined;
  if (h1Text && h1Text.length >= 8 && h1Text.length <= 250 && meta.title && !isSiteName(h1Text)) {
    if (metaTitles.some((t) => wordShare(h1Text, t) >= H1_SHARE)) {
      meta.title = h1Text;
      titleSource = 'visible-h1';
    }
  }
  if (trace && titleSource) trace.title = titleSource;
  if (meta.title) meta.title = cleanTitle(decodeEntities(meta.title), meta.source, host) ?? meta.title;
  // a headline cut at a length limit ("… (Including", "… and more…"): the meta title that goes on from it is whole
  const cut = meta.title ? truncatedStem(meta.title) : undefined;
  const whole = cut
    ? metaTitles.find((t) => t.length > cut.length && t.startsWith(cut) && !truncatedStem(t))
    : undefined;
  if (whole) {
    meta.title = whole;
    if (trace) trace.title = 'meta-whole';
  }

  const headline = findHeadline(doc, meta.title);
  const header = headerElements(doc, headline);
  // the title matched another heading than the page's <h1> (a related-article list, a hidden copy): the <h1>'s
  // header region is read too, after the first
  const second = pageHeading(doc, headline);
  if (second) header.push(...headerElements(doc, second).filter((el) => !header.includes(el)));
  const fromScripts = scriptMetadata(scripts, meta.title);
  const authors = readAuthors(doc, ld, article, meta.source, header, fromScripts, trace);
  if (authors.length) {
    meta.authors = authors;
    meta.author = authors.join(', ');
  }

  const timeEl = doc.querySelector('time[datetime]');
  const published = firstSource<string>([
    ['json-ld', () => structuredDate(jsonString(article?.['datePublished']))],
    ['meta', () => structuredDate(metaContent(doc, PUBLISHED_META))],
    ['itemprop', () => structuredDate(attr(doc.querySelector('[itemprop="datePublished"]'), 'datetime'))],
    ['header', () => headerPublishedDate(header)],
    ['labelled', () => labelledPublishedDate(doc)],
    ['script', () => structuredDate(fromScripts.published)],
    // the canonical URL first; a canonical that cannot be parsed leaves the page's own address
    ['url', () => urlDate(meta.url) ?? urlDate(pageUrl)],
    ['time', () => parseAnyDate(attr(timeEl, 'datetime'))],
    ['time-text', () => parseAnyDate(timeEl?.textContent, receivedAt)],
    ['dateline', () => datelineDate(doc)],
  ]);
  meta.updatedAt =
    structuredDate(jsonString(article?.['dateModified'])) ??
    structuredDate(metaContent(doc, MODIFIED_META)) ??
    parseAnyDate(attr(doc.querySelector('[itemprop="dateModified"]'), 'datetime')) ??
    structuredDate(fromScripts.modified);
  meta.publishedAt = published?.[1];
  if (trace && published) trace.published = published[0];
  // a structured published date equal to the modified one is a stamp of the last save (page builders write both at
  // once): a dateline the header shows for an earlier day, not labelled updated, is the original publication
  const stamped =
    published && /^(?:json-ld|meta|itemprop)$/.test(published[0]) && meta.updatedAt !== undefined
      ? published[1]
      : undefined;
  if (stamped && meta.updatedAt && Date.parse(stamped) === Date.parse(meta.updatedAt)) {
    const dates = headerDates(header);
    const shown = dates.find((d) => !d.updated)?.iso ?? labelledPublishedDate(doc);
    // the header showing the stamp's own day as well: the page gives that day as its date
    const showsStamp = dates.some((d) => d.iso.slice(0, 10) === stamped.slice(0, 10));
    if (shown && !showsStamp && shown.slice(0, 10) < stamped.slice(0, 10)) {
      meta.publishedAt = shown;
      if (trace) trace.published = 'header-before-stamp';
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
