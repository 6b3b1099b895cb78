import type { RawHit } from '../adapters/opensearch.adapter.js';

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
  countries: string[];
  people: string[];
  places: string[];
  organisations: string[];
  summary: string | null;
  highlights: { title?: string; body?: string[] };
  score: number | null;
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
    countries: strs(s.countries),
    people: strs(s.people),
    places: strs(s.places),
    organisations: strs(s.organisations),
    summary: str(s.summary),
    highlights,
    score: typeof hit._score === 'number' ? hit._score : null,
  };
}
