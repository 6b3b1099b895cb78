import { parseHTML } from 'linkedom';
import { applyInlineRules, loadRuleSet, type RuleSet } from '../boilerplate-rules.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import type { PageType, RemovedSpan } from '../extract.types.js';
import { normaliseInline, wordTokens } from '../normalise.js';
import { classifyBlocks, collectBlocks, type Block } from './blocks.js';
import {
  ancestors,
  cutAfterSectionEnd,
  densestRegion,
  goodChars,
  isInside,
  pickContainer,
  textChars,
} from './candidates.js';
import { classAndId, cleanDom } from './clean-dom.js';
import { jsonLdTypes, readMetadata } from './metadata.js';
import { dataScripts } from './meta-scripts.js';
import { LISTING_RULES, listingLinks, listingText, type ListingLink } from './listing.js';
import { pageText } from './page-text.js';
import { classifyPageType, hasArticleSignal } from './page-type.js';
import {
  htmlNestingDepth,
  pickRoot,
  dropBogusCdata,
  resolveNoscript,
  revealCollapsedPanels,
  revealStreamedBoundaries,
  stripScripts,
} from './prepare.js';
import { readabilityFallback } from './readability.js';
import {
  FORUM_RULES,
  LAYOUT_CLASS_COUNT,
  PRODUCT_FURNITURE,
  SECOND_OPINION,
  STRUCTURAL,
  STRUCTURAL_TAIL,
} from './structure.js';
import type { HtmlExtractOptions, HtmlExtraction } from './types.js';

/** A page guessed to be a listing (by link text alone) keeps its teaser list only when the article scorer found fewer
 * words than this (see extractHtml). */
export const GUESSED_LISTING_MAX_WORDS = 50;

/** Nesting depth beyond which {@link listingSource} does not read a page (the clean stage's MAX_HTML_DEPTH). */
const MAX_LISTING_HTML_DEPTH = 2000;

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
 * On a product page, the blocks inside an element whose class or id is named by {@link PRODUCT_FURNITURE} (reviews,
 * ratings, shipping and returns terms) are not the product's text, unless that element also holds the product heading (the first `h1`).
 */
function dropProductFurniture(blocks: Block[], root: DomElement, removed: RemovedSpan[] | undefined): void {
  const h1 = root.querySelector('h1');
  const holdsHeading = new Set(h1 ? ancestors(h1, 1000) : []);
  const verdict = new Map<DomElement, boolean>();
  const named = (el: DomElement): boolean => {
    let v = verdict.get(el);
    if (v === undefined) {
      const names = classAndId(el);
      v = names !== '' && PRODUCT_FURNITURE.some((re) => re.test(names)) && !holdsHeading.has(el);
      verdict.set(el, v);
    }
    return v;
  };
  for (const b of blocks) {
    if (b.ruleId) continue;
    for (let el: DomElement | null = b.owner; el && el !== root; el = el.parentElement) {
      if (!named(el)) continue;
      if (removed && b.cls === 'good')
        removed.push({ ruleId: 'html.product-furniture', text: b.text.slice(0, 300) });
      b.cls = 'bad';
      b.init = 'bad';
      b.ruleId = 'html.product-furniture';
      break;
    }
  }
}

/** The signature of an element as a repeated item: its tag and class names ('' when it has no class). */
function itemSignature(el: DomElement): string {
  const cls = (el.getAttribute('class') ?? '').trim().split(/\s+/).sort().join(' ');
  return cls ? `${el.localName}.${cls}` : '';
}

/**
 * The repeated items around `container`: from the container up at most `FORUM_RULES.maxClimb` levels (never to
 * `root`), the first element whose parent holds at least `FORUM_RULES.minPosts` children with its tag and class names
 * gives those children (the posts of a thread, whichever one the scorer picked). Empty when there is no such run.
 */
export function repeatedPeers(container: DomElement, root: DomElement): DomElement[] {
  let el: DomElement | null = container;
  for (let up = 0; el && el !== root && up <= FORUM_RULES.maxClimb; up++, el = el.parentElement) {
    const parent: DomElement | null = el.parentElement;
    const sig = itemSignature(el);
    if (!parent || !sig) continue;
    const peers: DomElement[] = [];
    for (let i = 0; i < parent.children.length; i++) {
      const k = parent.children[i];
      if (k && itemSignature(k) === sig) peers.push(k);
    }
    if (peers.length >= FORUM_RULES.minPosts) return peers;
  }
  return [];
}

/** Share of the words of `first` (as a multiset) that `second` also holds. */
function coverage(first: string[], second: string[]): number {
  const counts = new Map<string, number>();
  for (const p of second)
    for (const w of wordTokens(p.toLowerCase())) counts.set(w, (counts.get(w) ?? 0) + 1);
  let hit = 0;
  let total = 0;
  for (const p of first)
    for (const w of wordTokens(p.toLowerCase())) {
      total++;
      const c = counts.get(w) ?? 0;
      if (c > 0) {
        hit++;
        counts.set(w, c - 1);
      }
    }
  return total ? hit / total : 1;
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
    /** Also collect the article links of a listing or collection page, at most this many (see `listing`). */
    listingLinks?: number;
  },
): HtmlExtraction {
  const warnings: string[] = [];
  const removed: RemovedSpan[] = [];
  const ldScripts = html.match(/<script[^>]+application\/ld\+json[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  // authors and dates pages keep only in framework state / data-layer scripts (request of extract-meta, see meta-scripts.ts)
  const appScripts = dataScripts(html);
  // JSON-LD blocks are kept (metadata); every other script and style is removed before parsing
  // "</html>" / "</body>" in the middle of a page (archives, bad templates) make linkedom drop the rest; browsers
  // ignore them
  const stripped = stripScripts(html);
  const depth = opts.maxDepth !== undefined ? htmlNestingDepth(stripped) : 0;
  if (opts.maxDepth !== undefined && depth > opts.maxDepth) {
    return { tooDeep: depth, title: '', paragraphs: [], meta: {}, method: 'html-scored', removed, warnings };
  }
  // comments, inline SVG and noscript (unless the page serves its content there, see resolveNoscript) never hold
  // article text; dropping them before parsing saves most of the node allocations linkedom would make for them
  const cleaned =
    resolveNoscript(
      dropBogusCdata(stripped.replace(/<!--[\s\S]*?-->/g, '').replace(/<svg\b[\s\S]*?<\/svg>/gi, '')),
    ).replace(/<\/(?:html|body)\s*>/gi, '') +
    (ldScripts.length ? `<div hidden>${ldScripts.join('')}</div>` : '');
  // fragments and plain text given as HTML: linkedom needs a root element
  const rooted = /<html[\s>]/i.test(cleaned) ? cleaned : `<html><body>${cleaned}</body></html>`;
  const { document } = parseHTML(rooted) as unknown as { document: DomDocument };
  const meta = readMetadata(document, opts.url, opts.receivedAt, undefined, appScripts);
  const ldTypes = jsonLdTypes(document);
  let linkChars = 0;
  let allChars = 0;
  let articleSignal = true;
  revealStreamedBoundaries(document);
  if (opts.tuning?.revealPanels ?? true) revealCollapsedPanels(document);
  cleanDom(
    document,
    opts.rules,
    opts.debug ? removed : undefined,
    opts.tuning?.proseChars ?? 200,
    opts.tuning?.layoutClassCount ?? LAYOUT_CLASS_COUNT,
  );
  const root = pickRoot(document);
  const paragraphs: string[] = [];
  let blocks: Block[] = [];
  if (root) {
    blocks = collectBlocks(root);
    for (const b of blocks) {
      linkChars += b.linkChars;
      allChars += b.chars;
    }
    let totalWords = 0;
    let totalStops = 0;
    for (const b of blocks) {
      totalWords += b.words;
      totalStops += b.stopDensity * b.words;
    }
    // pages not in English: stop-word density says nothing, fall back to length and link density
    const stopwordsUsable = totalWords > 0 && totalStops / totalWords >= 0.12;
    classifyBlocks(blocks, opts.rules, stopwordsUsable, opts.tuning);
    const declaredType = classifyPageType(document, {
      url: meta.url ?? opts.url,
      ldTypes,
      linkShare: 0,
      words: 0,
    });
    articleSignal = hasArticleSignal(document, ldTypes, meta.publishedAt !== undefined);
    const declaredProduct = declaredType === 'product';
    const product = declaredProduct && (opts.tuning?.productRegion ?? true);
    const forum = declaredType === 'forum' && (opts.tuning?.forumPosts ?? true);
    if (declaredProduct && (opts.tuning?.productFurniture ?? true))
      dropProductFurniture(blocks, root, opts.debug ? removed : undefined);
    if (opts.tuning?.sectionCut ?? true)
      cutAfterSectionEnd(
        blocks,
        opts.rules,
        meta.title,
        opts.debug ? removed : undefined,
        opts.tuning?.sectionContinuation ?? true,
      );
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
      // a long article split into many section wrappers: the locally best section is only part of it
      const regionPower = tuning.regionPower ?? 2;
      if (regionPower > 0) {
        const tc = textChars(blocks);
        const region = densestRegion(gc, tc, regionPower);
        const rg = region ? (gc.get(region) ?? 0) : 0;
        if (region && rg >= (tuning.regionGain ?? 2) * (gc.get(container) ?? 0)) container = region;
      }
      // a product page: its name (h1), description, feature lists and spec tables sit in sibling sections of one
      // product region, and the scorer picks only the wordiest; the region is the nearest ancestor of the container
      // and the product heading; inside it, short link-free lines (specs, dimensions, prices) are kept. With
      // PRODUCT_FURNITURE: WCXB product tune 0.582 -> 0.636, check 0.566 -> 0.605 (session 7; articles and
      // extraction-dev unchanged, service -0.002 tune / -0.001 check)
      if (product) {
        const h1 = root.querySelector('h1');
        if (h1 && !isInside(h1, new Set([container]))) {
          const up = new Set(ancestors(container, 1000));
          let lca: DomElement | null = h1;
          while (lca && !up.has(lca)) lca = lca.parentElement;
          if (lca) container = lca;
        }
      }
      const roots = new Set<DomElement>([container]);
      // a forum thread: the posts are repeated siblings (same tag and class) and the scorer picks the wordiest; every
      // post of the run joins (see FORUM_RULES)
      if (forum) for (const post of repeatedPeers(container, root)) roots.add(post);
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
        const lenient = product ? (tuning.productLenientChars ?? 15) : (tuning.lenientChars ?? 0);
        if (lenient > 0 && b.chars >= lenient && b.linkChars / b.chars <= 0.1) return true;
        return false;
      });
      if (inclusion === 'short') {
        // short, link-free blocks between kept blocks of the container: subheads, one-line paragraphs, datelines
        const structuralLd = tuning.structuralLinkDensity ?? 0.3;
        let prevKept = -1;
        for (let i = 0; i < blocks.length; i++) {
          if (!keep[i]) continue;
          for (let j = prevKept + 1; prevKept >= 0 && j < i; j++) {
            const b = blocks[j] as Block;
            if (!inside[j] || b.ruleId) continue;
            if (b.init === 'short' && b.linkChars === 0) keep[j] = true;
            // headed sections, lists, tables, definition lists, code and quotes inside the article are article text
            else if (
              structuralLd > 0 &&
              STRUCTURAL.has(b.owner.localName) &&
              b.linkChars <= structuralLd * b.chars
            )
              keep[j] = true;
          }
          prevKept = i;
        }
        // the article's last part is often structured (a table, a reference list, a closing list of steps) and
        // nothing kept follows it to sandwich it: structural blocks after the last kept block of the container are
        // kept too, up to the first block that is neither structural nor short (see STRUCTURAL_TAIL)
        const tail = tuning.structuralTail ?? STRUCTURAL_TAIL.linkDensity;
        const keptWords = blocks.reduce((n, b, i) => (keep[i] ? n + b.words : n), 0);
        if (tail > 0 && prevKept >= 0 && keptWords >= STRUCTURAL_TAIL.minWords) {
          let last = prevKept;
          for (let j = prevKept + 1; j < blocks.length; j++) {
            const b = blocks[j] as Block;
            if (!inside[j]) continue;
            if (b.ruleId || ancestors(b.owner, 1000).some((a) => a.localName === 'form')) break;
            const structural = STRUCTURAL.has(b.owner.localName) && b.linkChars <= tail * b.chars;
            // a list of references, a table row with empty cells, a credit or contact line end the article
            if (structural && STRUCTURAL_TAIL.stop.some((re) => re.test(b.text))) break;
            if (!structural) {
              // a short line among them (a label, a share box) is passed over, not kept
              if (b.init === 'short' && b.linkChars === 0) continue;
              break;
            }
            keep[j] = true;
            if (!b.heading && !/:\s*$/.test(b.text)) last = j;
          }
          // a heading or label with nothing kept after it is the title of what follows the article
          for (let j = last + 1; j < blocks.length; j++) keep[j] = false;
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
  // pages not read as articles (declared type, or most of the text in links) get the second opinion up to a higher
  // word count: their text is spread over blocks the article scorer splits (see SECOND_OPINION)
  const otherMin = opts.tuning?.secondOpinionOtherWords ?? SECOND_OPINION.otherWords;
  const preType =
    otherMin > 0
      ? classifyPageType(document, {
          url: meta.url ?? opts.url,
          ldTypes,
          linkShare: allChars ? linkChars / allChars : 0,
          words,
        })
      : 'article';
  // (listing and collection pages are left to their teaser list: Readability's text would outweigh it)
  const secondMin =
    preType === 'article'
      ? (opts.tuning?.secondOpinionWords ?? 0)
      : LISTING_RULES.types.has(preType)
        ? 0
        : otherMin;
  let out = paragraphs;
  if (words < Math.max(fallbackMin, secondMin)) {
    // Second opinion (Readability over linkedom) when the first result is short. Choice rule: below
    // `fallbackMinWords` the longer result wins; above it, Readability's result wins only when it is at least
    // `secondOpinionRatio` times longer AND contains most (`secondOpinionCover`) of the words found first, i.e. it
    // extends the same article instead of picking another part of the page.
    const r = readabilityFallback(html, opts.rules);
    const rw = r ? r.paragraphs.reduce((n, p) => n + wordTokens(p).length, 0) : 0;
    let take = false;
    if (r && words < fallbackMin) take = rw > words && rw >= 15;
    else if (r && rw >= (opts.tuning?.secondOpinionRatio ?? SECOND_OPINION.ratio) * words)
      take = coverage(paragraphs, r.paragraphs) >= (opts.tuning?.secondOpinionCover ?? SECOND_OPINION.cover);
    if (r && take) {
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
  const outWords = out.reduce((n, p) => n + wordTokens(p).length, 0);
  // the scored text, before a teaser list or the page text replaces it (page-text.ts decides on it)
  const scoredOut = out;
  const pageType = classifyPageType(document, {
    url: meta.url ?? opts.url,
    ldTypes,
    linkShare: allChars ? linkChars / allChars : 0,
    words: outWords,
  });
  // Listing and collection pages keep their teaser list. 'declared' (the default): when the page type is declared
  // (schema.org type, og:type, URL path), or only guessed from the share of link text and the article scorer found
  // fewer than `guessedListingMaxWords` words. Always trusting the guess (true) took link-heavy news articles for
  // listings (extraction-dev tune 0.964 → 0.953); see BENCHMARKS.md.
  const teaserMode = opts.tuning?.listingTeasers ?? 'declared';
  const guessed =
    teaserMode === 'declared' &&
    pageType !== 'article' &&
    classifyPageType(document, { url: meta.url ?? opts.url, ldTypes, linkShare: 0, words: 0 }) === 'article';
  // the scoring extractor's words, before the Readability second opinion: on a page of teasers Readability returns the
  // teasers themselves, which said nothing about whether the page holds an article (WCXB listing tune 0.595 -> 0.631,
  // check 0.573 -> 0.592; extraction-dev unchanged; BENCHMARKS.md)
  const guessWords = (opts.tuning?.guessedListingWords ?? 'scorer') === 'scorer' ? words : outWords;
  const teaserType =
    guessed && guessWords >= (opts.tuning?.guessedListingMaxWords ?? GUESSED_LISTING_MAX_WORDS)
      ? 'article'
      : pageType;
  const listing =
    opts.listingLinks !== undefined && root && LISTING_RULES.types.has(teaserType)
      ? {
          declared: !guessed,
          links: listingLinks(document, root, blocks, meta.url ?? opts.url, opts.listingLinks),
        }
      : undefined;
  let teasers = false;
  if (teaserMode) {
    const list = listingText(document, blocks, opts.rules, teaserType);
    const tw = list ? list.reduce((n, p) => n + wordTokens(p).length, 0) : 0;
    if (list && tw > outWords) {
      teasers = true;
      const seenTeaser = new Set<string>();
      out = list.filter((p) => (p.length < 20 || !seenTeaser.has(p)) && Boolean(seenTeaser.add(p)));
      if (title && out[0] && normaliseInline(out[0]) === title) out = out.slice(1);
      warnings.push(`${pageType} page: kept its teaser list (${tw} words)`);
    }
  }
  // The scored text is only a small part of the page: a landing, service, documentation or product page made of many
  // short sections (feature grids, cards, FAQs, API entries), of which the scorer kept one, or a front page whose
  // teasers the scorer dropped for one story. Its text is the page text (see pageText, PAGE_TEXT in structure.ts).
  if (root) {
    const page = pageText(
      document,
      blocks,
      opts.rules,
      { scored: scoredOut, title, articleSignal, teasers },
      opts.tuning,
    );
    if (page) {
      out = page.paragraphs;
      warnings.push(
        `scored text ${page.scoredWords} of the page's ${page.words} words (${articleSignal ? '' : 'no '}article signal): kept the ${page.kind === 'all' ? 'whole' : 'own'} page text`,
      );
    }
  }
  return {
    title,
    paragraphs: out,
    meta,
    method,
    removed,
    warnings,
    pageType,
    ...(listing ? { listing } : {}),
  };
}

/** What {@link listingSource} found: the page's article links to fetch, or why it stays an article. */
export type ListingSourceResult =
  | { follow: true; pageType: PageType; declared: boolean; links: ListingLink[] }
  | { follow: false; pageType?: PageType | undefined; reason: string };

/**
 * Whether an HTML page is a source of links rather than an article: a listing or collection page (declared, or guessed
 * from its link text with fewer than {@link GUESSED_LISTING_MAX_WORDS} article words) with enough article links
 * (`LISTING_RULES.minLinks`), and those links (at most `maxLinks`). Runs the same
 * extraction as the clean stage's, so the page type is the one the article would carry. An uncertain page is not
 * followed: it stays an article.
 */
export function listingSource(
  html: string,
  opts: { url?: string | undefined; receivedAt: string; maxLinks: number; rules?: RuleSet },
): ListingSourceResult {
  const r = extractHtml(html, {
    ...(opts.url !== undefined ? { url: opts.url } : {}),
    receivedAt: opts.receivedAt,
    rules: opts.rules ?? loadRuleSet(),
    maxDepth: MAX_LISTING_HTML_DEPTH,
    listingLinks: opts.maxLinks,
  });
  if (r.tooDeep !== undefined) return { follow: false, reason: `HTML nesting depth ${r.tooDeep}` };
  if (!r.listing)
    return {
      follow: false,
      pageType: r.pageType,
      reason: `not read as a listing or collection page (page type ${r.pageType ?? 'unknown'})`,
    };
  const need = Math.min(LISTING_RULES.minLinks, opts.maxLinks);
  if (r.listing.links.length < need)
    return {
      follow: false,
      pageType: r.pageType,
      reason: `${r.listing.links.length} article link(s) on a ${r.listing.declared ? 'declared' : 'guessed'} ${r.pageType ?? 'listing'} page (needs ${need})`,
    };
  const prose = r.paragraphs.filter((p) => wordTokens(p).length >= LISTING_RULES.proseWords).length;
  if (prose >= r.listing.links.length)
    return {
      follow: false,
      pageType: r.pageType,
      reason: `${prose} prose paragraph(s) for ${r.listing.links.length} article link(s): more text of its own than teasers`,
    };
  return {
    follow: true,
    pageType: r.pageType ?? 'listing',
    declared: r.listing.declared,
    links: r.listing.links,
  };
}
