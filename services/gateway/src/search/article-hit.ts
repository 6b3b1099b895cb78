import type { RawHit } from '../adapters/opensearch.adapter.js';

/** The other articles of a collapsed hit's story. */
export interface StorySummary {
  id: string;
  /** Articles of the story that match the query, this hit included. */
  articles: number;
  /** Distinct sources of the story's other matching articles. */
  sources: string[];
  /** Up to five other matching articles, oldest first. */
  others: Array<{
    id: string;
    title: string;
    source: string | null;
    url: string | null;
    publishedAt: string | null;
  }>;
}

/** An article as the search and similar endpoints answer it (no body: clients follow `id` for the full text). */
export interface ArticleHit {
  id: string;
  title: string;
  source: string | null;
  url: string | null;
  author: string | null;
  publishedAt: string | null;
  language: string | null;
  topic: string | null;
  topicTags: string[];
  iptcCodes: string[];
  iptcLabels: string[];
  pageType: string | null;
  countries: string[];
  people: string[];
  places: string[];
  organisations: string[];
  summary: string | null;
  storyId: string | null;
  duplicateOf: string | null;
  highlights: { title?: string; body?: string[] };
  score: number | null;
  /** Present on collapsed searches. */
  story?: StorySummary;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Maps one OpenSearch hit to the public shape; missing optional fields become null, lists become []. */
export function toArticleHit(hit: RawHit): ArticleHit {
  const s = hit._source ?? {};
  const highlights: ArticleHit['highlights'] = {};
  const title = hit.highlight?.title?.[0];
  if (title !== undefined) highlights.title = title;
  if (hit.highlight?.body?.length) highlights.body = hit.highlight.body;
  return {
    id: str(s.id) ?? hit._id,
    title: str(s.title) ?? '',
    source: str(s.source),
    url: str(s.url),
    author: str(s.author),
    publishedAt: str(s.publishedAt),
    language: str(s.language),
    topic: str(s.topic),
    topicTags: strs(s.topicTags),
    iptcCodes: strs(s.iptcCodes),
    iptcLabels: strs(s.iptcLabels),
    pageType: str(s.pageType),
    countries: strs(s.countries),
    people: strs(s.people),
    places: strs(s.places),
    organisations: strs(s.organisations),
    summary: str(s.summary),
    storyId: str(s.storyId),
    duplicateOf: str(s.duplicateOf),
    highlights,
    score: typeof hit._score === 'number' ? hit._score : null,
  };
}

/** A collapsed hit: the story's best article plus the count and sources of its other matching articles. */
export function toStoryHit(hit: RawHit): ArticleHit {
  const out = toArticleHit(hit);
  const inner = hit.inner_hits?.story?.hits;
  const total =
    inner?.total === undefined ? 1 : typeof inner.total === 'number' ? inner.total : inner.total.value;
  const others = (inner?.hits ?? [])
    .filter((h) => h._id !== hit._id)
    .slice(0, 5)
    .map((h) => {
      const s = h._source ?? {};
      return {
        id: str(s.id) ?? h._id,
        title: str(s.title) ?? '',
        source: str(s.source),
        url: str(s.url),
        publishedAt: str(s.publishedAt),
      };
    });
  const sources = [...new Set(others.map((o) => o.source).filter((x): x is string => x !== null))];
  out.story = { id: out.storyId ?? out.id, articles: Math.max(1, total), sources, others };
  return out;
}
