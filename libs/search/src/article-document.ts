import type { EnrichedArticle } from '@newsflow/contracts';
import { storyKeyOf } from './story-key.js';

/** The document stored in OpenSearch for an enriched article (flattened for filters and facets). */
export interface ArticleDocument {
  id: string;
  dumpId: string;
  title: string;
  body: string;
  summary: string;
  source?: string | undefined;
  url?: string | undefined;
  author?: string | undefined;
  publishedAt?: string | undefined;
  receivedAt: string;
  cleanedAt: string;
  enrichedAt: string;
  indexedAt: string;
  language?: string | undefined;
  leadImageUrl?: string | undefined;
  /** Kind of page (`article`, `listing`, ...) when the article came from an HTML page. */
  pageType?: string | undefined;
  contentHash: string;
  simhash: string;
  storyId: string;
  /** {@link storyKeyOf} the storyId: what the story total counts. */
  storyKey: number;
  duplicateOf?: string | undefined;
  topic: string;
  topicTags: string[];
  topicScores: Record<string, number>;
  /** IPTC Media Topics top-level codes (`medtop:04000000`) and their labels, from enrichment.topics.iptc. */
  iptcCodes: string[];
  iptcLabels: string[];
  people: string[];
  places: string[];
  organisations: string[];
  entityNames: string[];
  entities: EnrichedArticle['enrichment']['entities'];
  countries: string[];
  keywords: string[];
  keywordWeights: Record<string, number>;
  sentimentScore: number;
  sentimentLabel: string;
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function toArticleDocument(a: EnrichedArticle, indexedAt: Date = new Date()): ArticleDocument {
  const e = a.enrichment;
  const byType = (t: 'person' | 'place' | 'organisation') =>
    uniq(e.entities.filter((x) => x.type === t).map((x) => x.canonical));
  return {
    id: a.id,
    dumpId: a.dumpId,
    title: a.title,
    body: a.body,
    summary: e.summary,
    source: a.source,
    url: a.url,
    author: a.author,
    publishedAt: a.publishedAt,
    receivedAt: a.receivedAt,
    cleanedAt: a.cleanedAt,
    enrichedAt: a.enrichedAt,
    indexedAt: indexedAt.toISOString(),
    language: a.language,
    leadImageUrl: a.leadImageUrl,
    pageType: a.pageType,
    contentHash: a.contentHash,
    simhash: a.simhash,
    storyId: a.storyId,
    storyKey: storyKeyOf(a.storyId),
    duplicateOf: a.duplicateOf,
    topic: e.topics.primary,
    topicTags: e.topics.tags,
    topicScores: e.topics.scores,
    iptcCodes: uniq((e.topics.iptc ?? []).map((t) => t.code)),
    iptcLabels: uniq((e.topics.iptc ?? []).map((t) => t.label)),
    people: byType('person'),
    places: byType('place'),
    organisations: byType('organisation'),
    entityNames: uniq(e.entities.map((x) => x.canonical)),
    entities: e.entities,
    countries: e.countries,
    keywords: e.keywords.map((k) => k.term),
    keywordWeights: Object.fromEntries(e.keywords.map((k) => [k.term, k.weight])),
    sentimentScore: e.sentiment.score,
    sentimentLabel: e.sentiment.label,
  };
}
