/**
 * Structural rules of the HTML extractor, as data: which elements are never text, which start a text block, which do
 * not count towards nesting depth, and the jusText-style thresholds of block classification.
 */

/** Elements whose content is never article text. */
export const SKIP = new Set([
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
]); /** Elements that start a new text block. */
export const BLOCK = new Set([
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
export const HEADING = /^h[1-6]$/;

/** Elements that are void or whose end tag is routinely omitted: they do not count towards nesting depth. */
export const NO_DEPTH = new Set([
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

// jusText thresholds (Pomikálek, 2011).
export const LENGTH_LOW = 70;
export const LENGTH_HIGH = 200;
// jusText uses 0.30 / 0.32 with its ~300-word stop list; this library's shorter list gives lower densities, and the
// development set (test/eval/extract/RESULTS.md) put the best split at 0.18 / 0.22.
export const STOP_LOW = 0.18;
export const STOP_HIGH = 0.22;
export const MAX_LINK_DENSITY = 0.2;
export const MAX_LINK_DENSITY_PROSE = 0.45;

/**
 * Elements whose text is article text when it sits between kept blocks of the article container, whatever its
 * stop-word density: subheads, list items, table rows and cells, definition terms, code, quotes and captions.
 */
export const STRUCTURAL = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'tr',
  'td',
  'th',
  'dt',
  'dd',
  'pre',
  'blockquote',
  'figcaption',
  'caption',
]);

/**
 * A weak negative class rule (furniture names such as "widget", "promo", "footer") does not remove an element when every
 * class name of it that the rule matches is carried by at least this many elements of the page: page builders give
 * such names to every paragraph and heading wrapper ("elementor-widget-container"), furniture names a few boxes.
 * 0 turns the exception off.
 */
export const LAYOUT_CLASS_COUNT = 10;

/**
 * Structural blocks after the article's last kept block (see extract-html.ts): inside the container, a run of
 * structural blocks (STRUCTURAL) with at most `linkDensity` link text, and short link-free lines among them, is the
 * article's structured ending (a table, a reference list, closing steps); the run stops at the first other block or
 * form, and ends on its last block that is not a heading or a label ending in ':'. 0 turns the rule off.
 */
export const STRUCTURAL_TAIL = {
  linkDensity: 0.3,
  /** Only after an article of at least this many kept words (a short scored text is often not the article). */
  minWords: 100,
  /**
   * Blocks that end the run: a citation (a URL, an access date, a footnote back-link: reference lists are not main
   * text); a table row with an empty cell (cells are joined by " | ": a pager, a form or a layout grid, not data); a
   * reporting credit or a contact line.
   */
  stop: [
    /https?:\/\/|\bwww\.|\b(?:accessed|retrieved|consulted)\b|[\u21a9\u2191]/i,
    /^\s*\||\|\s*\||\|\s*$/,
    /^(?:with |additional )?reporting by\b|^(?:whatsapp|e-?mail|tel|phone|sms|text)\s*:/i,
  ],
};

/**
 * Rules of product pages (page type 'product' as declared, see page-type.ts), as data: class / id names of the parts of
 * a product page that are not the product's own text (customer reviews and ratings, shipping, delivery and returns
 * terms). An element so named that does not hold the product heading is dropped from the text of a product page only.
 * Plural names only: a singular "review" names an editorial review (buying guides declared as products), which is the
 * text (WCXB article tune 0.946 -> 0.944 with it).
 */
export const PRODUCT_FURNITURE: RegExp[] = [/reviews|ratings|testimonials|shipping|delivery|returns/i];

/**
 * Rules of forum threads (page type 'forum' as declared: schema.org type, or the URL path, see page-type.ts), as data.
 * A thread is a run of posts, sibling elements with the same tag and class names; the article scorer picks the
 * wordiest post (and siblings holding a good share of its text), so short replies were lost. Keeping short link-free
 * lines inside the posts as on product pages was tried and dropped (WCXB forum tune 0.741 -> 0.733).
 */
export const FORUM_RULES = {
  /** A run of at least this many same-tag, same-class siblings is the thread's posts. */
  minPosts: 3,
  /** How many levels above the scored container the post element may be. */
  maxClimb: 3,
};

/**
 * The Readability second opinion (extract-html.ts): below `otherWords` words on a page not read as an article
 * (product, forum, documentation, service; listing and collection pages keep their teaser list), Readability over linkedom is run and its text wins
 * when it is at least `ratio` times longer and holds at least `cover` of the words found first (it extends the same
 * text rather than picking another part of the page). Articles use `secondOpinionWords` (default 0: off).
 * Off by default (otherWords 0): measured with `{"secondOpinionOtherWords":600,"secondOpinionRatio":2}` (chosen on the
 * WCXB tune part), documentation tune 0.894 -> 0.913 but check 0.834 -> 0.834, product check 0.605 -> 0.598, forum
 * check 0.809 -> 0.816, service unchanged: no check gain over the four types (0.745 -> 0.745), so not kept (session 8).
 * Readability over linkedom costs ~1.9x newsflow's whole extraction of the same page.
 */
export const SECOND_OPINION = {
  otherWords: 0,
  ratio: 1.5,
  cover: 0.8,
};

/**
 * The page-text rules (page-text.ts), as data. The article scorer keeps the wordiest part of a page; on pages made of
 * many short sections (landing, service, product and documentation pages: hero lines, feature grids, cards, FAQs,
 * API entries) or of teasers (front pages, category pages the page type did not catch) that part is a small share of
 * the page's text, and the page's text is the text. Two rules, on the text the scorer found:
 *
 * - `share`: on a page with no article signal (no schema.org article type, no `og:type` article, no publication date)
 *   whose text is not its teaser list, the page's own text (its link-poor blocks, nothing after a section end, no
 *   product furniture) replaces the scored text when that holds under `share` of its words;
 * - `listShare` / `listSignalShare`: when the scored text is not article prose (`prose`: at least `paragraphs`
 *   sentence-ending paragraphs of at least `words` words holding `share` of its words) and holds under this share of
 *   the whole page text (teaser titles included; `listSignalShare` on a page with an article signal), the whole page
 *   text replaces it. The prose test keeps news articles whose page is mostly link lists (extraction-dev's 2009
 *   pages carry no metadata) to their article.
 *
 * Session 9 measured the own-text rule alone at share 0.3 (WCXB check all types 0.820 -> 0.826, articles 0.940 ->
 * 0.939, products 0.605 -> 0.600) and left it off; session 10 chose these values on the WCXB tune part (see
 * BENCHMARKS.md, "Extraction session 10").
 */
export const PAGE_TEXT = {
  share: 0.5,
  listShare: 0.2,
  listSignalShare: 0.3,
  prose: { words: 10, paragraphs: 3, share: 0.7 },
};
