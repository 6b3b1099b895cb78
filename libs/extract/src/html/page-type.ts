import type { DomDocument } from '../dom.types.js';
import type { PageType } from '../extract.types.js';

/**
 * Page-type signals, as data. The first matching signal wins, in this order: schema.org types declared in JSON-LD or
 * microdata, `og:type`, then the URL path; a page with none of them is an article when it has article markup or
 * enough prose, and a listing when most of its text is link text.
 */
export const PAGE_TYPE_RULES: {
  schemaTypes: Array<[RegExp, PageType]>;
  ogTypes: Array<[RegExp, PageType]>;
  paths: Array<[RegExp, PageType]>;
  faq: { page: RegExp; items: RegExp };
} = {
  schemaTypes: [
    [
      /^(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|LiveBlogPosting|Report|ScholarlyArticle)$/,
      'article',
    ],
    [/^(?:DiscussionForumPosting|QAPage|Question)$/, 'forum'],
    [/^(?:TechArticle|APIReference)$/, 'documentation'],
    [/^(?:Product|ProductGroup|IndividualProduct)$/, 'product'],
    [/^(?:CollectionPage|ItemList|OfferCatalog)$/, 'collection'],
    [/^(?:SearchResultsPage)$/, 'listing'],
    [/^(?:Service|FinancialProduct|SoftwareApplication|WebApplication)$/, 'service'],
  ],
  ogTypes: [
    [/^article$/i, 'article'],
    [/^(?:product|og:product|product\.item)$/i, 'product'],
  ],
  paths: [
    [/\/(?:t|thread|threads|topic|forum|forums|community|questions|discussion|discussions)\//i, 'forum'],
    [/\/(?:docs?|documentation|reference|api|manual|guides?\/api)\//i, 'documentation'],
    [/\/(?:products?|p|dp|item|shop)\/[^/]+/i, 'product'],
    [/\/(?:collections?|category|categories|tags?|topics?)\/[^/]*\/?$/i, 'collection'],
    [/\/(?:news|blog|articles|latest|archive|page\/\d+)\/?$/i, 'listing'],
  ],
  // an FAQ block (schema.org FAQPage) declares its entries as Question / Answer: they say nothing of the page's type
  faq: { page: /^FAQPage$/, items: /^(?:Question|Answer)$/ },
};

function schemaTypes(doc: DomDocument, ldTypes: string[]): string[] {
  const out = [...ldTypes];
  const items = doc.querySelectorAll('[itemtype]');
  for (let i = 0; i < Math.min(items.length, 50); i++) {
    const t = items[i]?.getAttribute('itemtype') ?? '';
    const m = /schema\.org\/(\w+)/.exec(t);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

/**
 * Classifies an HTML page as article or not (listing, collection, product, forum, documentation, service) from its
 * declared types, URL and the share of link text in its extracted text.
 */
export function classifyPageType(
  doc: DomDocument,
  input: { url?: string; ldTypes: string[]; linkShare: number; words: number },
): PageType {
  const declared = schemaTypes(doc, input.ldTypes);
  const faq = declared.some((t) => PAGE_TYPE_RULES.faq.page.test(t));
  const types = faq ? declared.filter((t) => !PAGE_TYPE_RULES.faq.items.test(t)) : declared;
  // the main entity decides: a forum thread or product page often also declares a generic Article or WebPage
  for (const kind of [
    'forum',
    'product',
    'documentation',
    'article',
    'collection',
    'listing',
    'service',
  ] as const)
    for (const [re, type] of PAGE_TYPE_RULES.schemaTypes)
      if (type === kind && types.some((t) => re.test(t))) return type;
  const og = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim() ?? '';
  for (const [re, type] of PAGE_TYPE_RULES.ogTypes) if (re.test(og)) return type;
  let path = '';
  try {
    path = input.url ? new URL(input.url).pathname : '';
  } catch {
    path = '';
  }
  for (const [re, type] of PAGE_TYPE_RULES.paths) if (re.test(path)) return type;
  if (input.linkShare > 0.5 && input.words < 400) return 'listing';
  return 'article';
}

/**
 * Whether the page says it is an article: a schema.org article type in JSON-LD (PAGE_TYPE_RULES.schemaTypes), an
 * `og:type` of article (PAGE_TYPE_RULES.ogTypes), or a publication date found by the metadata reader.
 */
export function hasArticleSignal(doc: DomDocument, ldTypes: string[], dated: boolean): boolean {
  if (dated) return true;
  for (const [re, type] of PAGE_TYPE_RULES.schemaTypes)
    if (type === 'article' && ldTypes.some((t) => re.test(t))) return true;
  const og = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim() ?? '';
  for (const [re, type] of PAGE_TYPE_RULES.ogTypes) if (type === 'article' && re.test(og)) return true;
  return false;
}
