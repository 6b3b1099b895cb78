export * from './formats/index.js';
export type {
  ExtractInput,
  ExtractedArticle,
  ExtractResult,
  ExtractFailureReason,
  RemovedSpan,
  PageType,
} from './extract.types.js';
export { PAGE_TYPES } from './extract.types.js';
export { extractArticles, sniffMarkup, hostOf, MAX_INPUT_BYTES } from './extract-articles.js';
export { articlesOfDocument, type DocumentInput } from './document-articles.js';
export {
  initExtract,
  detectLanguage,
  languageModelLoadMs,
  isLanguageModelReady,
} from './language.adapter.js';
export { hammingDistance, simhash, contentHash } from './fingerprint.js';
export {
  configureBoilerplateRules,
  loadRuleSet,
  BUILTIN_RULE_FILE,
  BoilerplateRuleError,
} from './boilerplate-rules.js';
export type { BoilerplateRuleFile, BoilerplateRuleSpec, RuleSet } from './boilerplate-rules.js';
export { normaliseText, normaliseInline, decodeEntities } from './normalise.js';
export { parseTimeExpression, parseAnyDate } from './dates.js';
export { segmentTextDump } from './text-dump.js';
export { extractHtml, listingSource, type ListingSourceResult } from './html/extract-html.js';
export { isArticleLikeUrl, LISTING_LINK_RULES, type ListingLink } from './html/listing.js';
export { readMetadata } from './html/metadata.js';
export { classifyPageType, PAGE_TYPE_RULES } from './html/page-type.js';
export type { HtmlExtractOptions, HtmlMetadata } from './html/types.js';
export { decodeDocumentBytes } from './decode-bytes.js';
export {
  minhashSignature,
  estimateJaccard,
  minhashBands,
  encodeSignature,
  decodeSignature,
  MINHASH_BANDS,
  MINHASH_PERMUTATIONS,
  STORY_JACCARD,
} from './minhash.js';
