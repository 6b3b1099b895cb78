import type { EnrichedArticle } from '@newsflow/contracts';

/** A 32-hex-digit article id made from a number (the fixtures' ids). */
export const hexId = (n: number): string => n.toString(16).padStart(32, '0');

/** What a test says about an enriched article; the rest is derived (url, hashes) or fixed (English, neutral). */
export interface ArticleFixture {
  id: string;
  dumpId: string;
  title: string;
  body: string;
  source: string;
  /** receivedAt, cleanedAt and enrichedAt. */
  at: string;
  /** Left out: the article has no publication date (clean could not find one). */
  publishedAt?: string;
  /** Default: the article's own id (a story of one). */
  storyId?: string;
  duplicateOf?: string;
  /** Primary topic and only tag (default `society`). */
  topic?: string;
  /** The topic's score; without it the scores are empty. */
  topicScore?: number;
  countries?: string[];
  /** Person entities (confidence 0.9). */
  people?: string[];
  /** Default: the first 80 characters of the body. */
  summary?: string;
}

/** The enriched article (as the index stage receives it) the integration tests index or publish. */
export function enrichedArticle(f: ArticleFixture): EnrichedArticle {
  const topic = f.topic ?? 'society';
  return {
    schemaVersion: 1,
    id: f.id,
    dumpId: f.dumpId,
    title: f.title,
    body: f.body,
    source: f.source,
    url: `https://example.org/${f.id}`,
    publishedAt: f.publishedAt,
    language: 'en',
    contentHash: f.id.repeat(2),
    simhash: f.id.slice(0, 16),
    storyId: f.storyId ?? f.id,
    duplicateOf: f.duplicateOf,
    receivedAt: f.at,
    cleanedAt: f.at,
    enrichedAt: f.at,
    enrichment: {
      topics: {
        primary: topic,
        scores: f.topicScore === undefined ? {} : { [topic]: f.topicScore },
        tags: [topic],
      },
      entities: (f.people ?? []).map((p) => ({
        type: 'person' as const,
        text: p,
        canonical: p,
        start: 0,
        end: p.length,
        confidence: 0.9,
      })),
      countries: f.countries ?? [],
      keywords: [],
      sentiment: { score: 0, label: 'neutral' },
      summary: f.summary ?? f.body.slice(0, 80),
    },
  };
}
