import { ARTICLES_ALIAS, prefixed } from '@newsflow/contracts';
import { indexLayoutFromEnv, type IndexLayout } from './index-layout.js';
import { STORY_KEY_META } from './story-key.js';

export { indexLayoutFromEnv, LOCAL_INDEX_LAYOUT, type IndexLayout } from './index-layout.js';

/** Write/read alias of the articles index (defined in the topology). Services and users only ever address it. */
export { ARTICLES_ALIAS };

/** The articles alias under a NEWSFLOW_PREFIX (`news-articles`, `test-x.news-articles`). */
export function articlesAliasFor(prefix: string): string {
  return prefixed(prefix, ARTICLES_ALIAS);
}
/** Versioned concrete index behind the alias: a mapping change creates v2 and reindexes, the alias moves. */
export const ARTICLES_INDEX_VERSION = 1;
export const ARTICLES_TEMPLATE = 'news-articles-template';

export function articlesIndexName(
  prefix: string = ARTICLES_ALIAS,
  version: number = ARTICLES_INDEX_VERSION,
): string {
  return `${prefix}-v${version}`;
}

const keyword = { type: 'keyword' } as const;
const englishText = { type: 'text', analyzer: 'news_english' } as const;

/** Mappings of the articles index: English analysis for text, keywords for facets and filters, dates for time. */
export const articleMappings = {
  dynamic: 'strict',
  // Every document of an index created with this mapping has `storyKey` (see story-key.ts).
  _meta: { [STORY_KEY_META]: true },
  properties: {
    id: keyword,
    dumpId: keyword,
    title: { ...englishText, fields: { raw: { type: 'keyword', ignore_above: 512 } } },
    // Offsets in the postings give the unified highlighter what it needs; term vectors (the mapping of indices
    // created before 2026-11-30, which keep them until a reindex) cost more indexing CPU and disk for the same
    // fragments.
    body: { ...englishText, index_options: 'offsets' },
    summary: englishText,
    source: { type: 'keyword', fields: { text: { type: 'text' } } },
    url: { type: 'keyword', ignore_above: 4096 },
    author: { type: 'keyword', fields: { text: { type: 'text' } } },
    publishedAt: { type: 'date' },
    receivedAt: { type: 'date' },
    cleanedAt: { type: 'date' },
    enrichedAt: { type: 'date' },
    indexedAt: { type: 'date' },
    language: keyword,
    leadImageUrl: { type: 'keyword', index: false },
    pageType: keyword,
    contentHash: keyword,
    simhash: keyword,
    storyId: keyword,
    // storyKeyOf(storyId): counted by the story total (cardinality) without keyword ordinals; doc values only.
    storyKey: { type: 'long', index: false },
    duplicateOf: keyword,
    topic: keyword,
    topicTags: keyword,
    topicScores: { type: 'object', enabled: false },
    iptcCodes: keyword,
    iptcLabels: keyword,
    people: keyword,
    places: keyword,
    organisations: keyword,
    entityNames: keyword,
    entities: { type: 'object', enabled: false },
    countries: keyword,
    keywords: keyword,
    keywordWeights: { type: 'object', enabled: false },
    sentimentScore: { type: 'float' },
    sentimentLabel: keyword,
  },
} as const;

export const articleSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  refresh_interval: '1s',
  analysis: {
    filter: {
      english_stop: { type: 'stop', stopwords: '_english_' },
      english_stemmer: { type: 'stemmer', language: 'light_english' },
      english_possessive: { type: 'stemmer', language: 'possessive_english' },
    },
    analyzer: {
      news_english: {
        type: 'custom',
        tokenizer: 'standard',
        char_filter: [],
        filter: ['english_possessive', 'lowercase', 'asciifolding', 'english_stop', 'english_stemmer'],
      },
    },
  },
} as const;

/**
 * Composable index template for every versioned articles index under a prefix. Shards and replicas come from
 * `layout` (default: NEWSFLOW_INDEX_SHARDS / NEWSFLOW_INDEX_REPLICAS, 1 and 0 for the local single node).
 */
export function articlesIndexTemplate(
  prefix: string = ARTICLES_ALIAS,
  layout: IndexLayout = indexLayoutFromEnv(),
): Record<string, unknown> {
  const settings = {
    ...articleSettings,
    number_of_shards: layout.shards,
    number_of_replicas: layout.replicas,
  };
  return {
    index_patterns: [`${prefix}-v*`],
    priority: 100,
    template: { settings, mappings: articleMappings },
    _meta: { managedBy: 'newsflow', version: ARTICLES_INDEX_VERSION },
  };
}
