import { applyInlineRules, matchLineRule, type RuleSet } from '../boilerplate-rules.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import type { PageType } from '../extract.types.js';
import type { Block } from './blocks.js';
import { isInside } from './candidates.js';
import { PAGE_TYPE_RULES } from './page-type.js';
import { normaliseInline, wordTokens } from '../normalise.js';

/**
 * Listing and collection pages (section fronts, blog indexes, category and search pages) are sources of links and
 * teasers, not articles: their main content is the list itself (item titles, teaser lines, bylines, prices), which
 * the article scorer drops as link text. The rules, as data.
 */
export const LISTING_RULES = {
  /** Page types whose main content is their list of items. */
  types: new Set<PageType>(['listing', 'collection']),
  /** A block that is mostly link text is kept as a teaser title only from this length (menus are shorter). */
  minLinkedChars: 20,
  /** A link-free block is kept from this length (labels, prices and counters are shorter). */
  minPlainChars: 12,
  /** The `<main>` element bounds the list when it holds at least this share of the page's text. */
  mainShare: 0.3,
  /**
   * A listing is read as a source of links (see `listingSource`) from this many article links (or `maxLinks` when
   * lower): one or two links are as likely an article's "related" box, and such a page loses nothing as an article.
   * On the WCXB tune pages, declared listings with one link were 1 of the 4 article pages taken for sources of links.
   */
  minLinks: 3,
  /**
   * A paragraph of at least this many words is prose, not a teaser (teaser snippets are one or two sentences). A page
   * with at least as many prose paragraphs as article links holds more text of its own than teasers, and stays an
   * article so that text is not lost (on the WCXB tune pages: an essay filed under a `/collection/` path, with three
   * links to other essays; category pages with long descriptions stay articles of their type too).
   */
  proseWords: 40,
};

/** The page's `<main>` element when it holds a fair share of the page's text (the list lives there), else undefined. */
function listingScope(doc: DomDocument, blocks: Block[]): Set<DomElement> | undefined {
  const mains = doc.querySelectorAll('main, [role="main"]');
  if (mains.length !== 1 || !mains[0]) return undefined;
  const total = blocks.reduce((n, b) => n + b.chars, 0);
  const main = new Set<DomElement>([mains[0]]);
  const inMain = blocks.filter((b) => isInside(b.owner, main)).reduce((n, b) => n + b.chars, 0);
  return inMain >= LISTING_RULES.mainShare * total ? main : undefined;
}

/**
 * The teaser text of a listing or collection page: the blocks left after page furniture was removed (navigation,
 * header, footer, asides: see cleanDom) and boilerplate lines were matched, inside `<main>` when the page has one that
 * holds a fair share of its text; menu-length link blocks and label-length fragments are dropped.
 */
export function listingText(
  doc: DomDocument,
  blocks: Block[],
  rules: RuleSet,
  pageType: PageType | undefined,
): string[] | undefined {
  if (!pageType || !LISTING_RULES.types.has(pageType)) return undefined;
  return scopedText(doc, blocks, rules);
}

/**
 * The text blocks of the page's list or main region (see {@link listingText}), whatever the page type; with `own`, only
 * the page's own text (see below; the page-text rule, page-text.ts).
 */
export function scopedText(doc: DomDocument, blocks: Block[], rules: RuleSet, own = false): string[] {
  const scope = listingScope(doc, blocks);
  const out: string[] = [];
  for (const b of blocks) {
    if (scope && !isInside(b.owner, scope)) continue;
    // the page's own text (`own`): nothing after a section end ("Related articles"), no product furniture, no block
    // that is mostly link text (teasers of other pages: on news pages without metadata they outweighed the article)
    if (own && b.ruleId) continue;
    // a "Latest news" / "Most read" heading does not end a list the way it ends an article: only the block's own
    // boilerplate match counts here
    if (b.ruleId && b.chars < 200 && matchLineRule(rules, b.text)) continue;
    const linked = b.linkChars > 0.5 * b.chars;
    if (own && linked) continue;
    if (b.chars < (linked ? LISTING_RULES.minLinkedChars : LISTING_RULES.minPlainChars)) continue;
    for (const para of b.text.split('\n\n')) {
      const t = applyInlineRules(rules, para);
      if (t) out.push(t);
    }
  }
  return out;
}

/** One article link of a listing page: the absolute URL (no fragment) and the teaser title that links to it. */
export interface ListingLink {
  url: string;
  title: string;
}

/**
 * What makes a link on a listing page an article link, as data. The link text must read like a teaser title (menus,
 * "Read more" and "Next" are shorter), the link must leave the page, and its URL must look like an article's:
 * no path segment naming a tag, category, author, pagination, search or account page, not a URL the page-type rules
 * call a listing, collection, product, forum or documentation page, and a last segment that is a long slug (four
 * words or more) or carries an id (a run of four digits, or letters mixed with digits under another segment).
 */
export const LISTING_LINK_RULES = {
  /** Shortest teaser title (characters) and fewest words of a link's text. */
  minTitleChars: 15,
  minTitleWords: 3,
  /** A path segment like this names a page of links or a service page, never an article. */
  nonArticleSegment:
    /^(?:tags?|category|categories|topics?|sections?|authors?|page|search|login|log-in|signin|sign-in|signup|sign-up|register|subscribe|subscriptions?|account|profile|about|about-us|contact|contact-us|privacy|privacy-policy|terms|cookies?|feed|feeds|rss|newsletters?|archives?|index|sitemap)$/i,
  /** Query parameters of pagination and search. */
  nonArticleQuery: /(?:^|&)(?:page|p|s|q|query|search|offset)=/i,
  /** Files that are not pages. */
  fileExtension: /\.(?:jpe?g|png|gif|webp|svg|pdf|zip|gz|mp3|mp4|mov|avi|css|js|json|xml|rss|atom)$/i,
  /** Fewest words of a slug (hyphen or underscore separated) that make it an article's. */
  minSlugWords: 4,
};

/** The page-type rules of a URL path that is not an article (see PAGE_TYPE_RULES.paths). */
function nonArticlePath(path: string): boolean {
  return PAGE_TYPE_RULES.paths.some(([re]) => re.test(path));
}

/** Whether a resolved http(s) URL looks like an article page's (see {@link LISTING_LINK_RULES}). */
export function isArticleLikeUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) return false;
  if (segments.some((s) => LISTING_LINK_RULES.nonArticleSegment.test(s))) return false;
  if (LISTING_LINK_RULES.nonArticleQuery.test(url.search.slice(1))) return false;
  if (LISTING_LINK_RULES.fileExtension.test(last)) return false;
  if (nonArticlePath(url.pathname)) return false;
  const slug = last.replace(/\.(?:s?html?|php|aspx?)$/i, '');
  if (slug.split(/[-_]+/).filter(Boolean).length >= LISTING_LINK_RULES.minSlugWords) return true;
  if (/\d{4,}/.test(slug)) return true;
  return segments.length >= 2 && slug.length >= 6 && /[a-z]/i.test(slug) && /\d/.test(slug);
}

/** Elements whose links are page furniture even when cleanDom kept them. */
const FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'menu']);

function inFurniture(el: DomElement): boolean {
  for (let p: DomElement | null = el; p; p = p.parentElement) {
    if (FURNITURE.has(p.localName)) return true;
    const role = p.getAttribute('role');
    if (role === 'navigation' || role === 'banner' || role === 'contentinfo') return true;
  }
  return false;
}

/**
 * The article links of a listing or collection page, in page order: links inside the list (the page's `<main>` when it
 * holds the list, after cleanDom removed navigation, header, footer and asides) whose text reads like a teaser title
 * and whose URL, resolved against the page URL, looks like an article's ({@link isArticleLikeUrl}); the page itself,
 * fragments and repeats are skipped. At most `max` links.
 */
export function listingLinks(
  doc: DomDocument,
  root: DomElement,
  blocks: Block[],
  pageUrl: string | undefined,
  max: number,
): ListingLink[] {
  let base: URL | undefined;
  try {
    base = pageUrl ? new URL(pageUrl) : undefined;
  } catch {
    base = undefined;
  }
  const scope = listingScope(doc, blocks);
  const roots = scope ? [...scope] : [root];
  const self = base ? withoutHash(base) : undefined;
  const seen = new Set<string>();
  const out: ListingLink[] = [];
  for (const r of roots) {
    const anchors = r.querySelectorAll('a[href]');
    for (let i = 0; i < anchors.length && out.length < max; i++) {
      const a = anchors[i];
      if (!a || inFurniture(a)) continue;
      const title = normaliseInline(a.textContent ?? '');
      if (title.length < LISTING_LINK_RULES.minTitleChars) continue;
      if (wordTokens(title).length < LISTING_LINK_RULES.minTitleWords) continue;
      let url: URL;
      try {
        url = new URL((a.getAttribute('href') ?? '').trim(), base);
      } catch {
        continue; // relative link on a page without a URL, or not a URL
      }
      const href = withoutHash(url);
      if (href === self || seen.has(href) || !isArticleLikeUrl(url)) continue;
      seen.add(href);
      out.push({ url: href, title });
    }
  }
  return out;
}

function withoutHash(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  return u.href;
}
