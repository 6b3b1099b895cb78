import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EnrichedArticle, Enrichment } from '@newsflow/contracts';
import { REPO_ROOT } from './bench-env.js';
import { pick } from '../../support/seeded-random.js';

/** One base article: its topic folder, headline and paragraphs. */
export interface BaseArticle {
  category: string;
  title: string;
  paragraphs: string[];
}

export interface Corpus {
  origin: 'bbc' | 'synthetic';
  articles: BaseArticle[];
  paragraphs: Array<{ category: string; text: string }>;
  /** Paragraph texts of each topic folder. */
  byCategory: Map<string, string[]>;
}

/** Where real article texts are read from at run time (never copied into the repository). */
export const BBC_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'topics-bbc-train');

function decode(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  // One file of the set is Latin-1 (a raw pound sign): fall back when UTF-8 decoding produced replacement chars.
  return utf8.includes('\ufffd') ? bytes.toString('latin1') : utf8;
}

/**
 * The BBC topic corpus (headline on line 1, then paragraphs) when `../shared/data/topics-bbc-train` exists,
 * else a synthetic corpus of the same shape, so the benchmarks run anywhere.
 */
export function loadCorpus(): Corpus {
  const articles: BaseArticle[] = [];
  if (existsSync(BBC_DIR)) {
    for (const category of readdirSync(BBC_DIR).sort()) {
      const dir = join(BBC_DIR, category);
      let files: string[];
      try {
        files = readdirSync(dir)
          .filter((f) => f.endsWith('.txt'))
          .sort();
      } catch {
        continue;
      }
      for (const f of files) {
        const text = decode(readFileSync(join(dir, f))).replace(/\r\n?/g, '\n');
        const [title = '', ...rest] = text.split('\n');
        const paragraphs = rest
          .join('\n')
          .split(/\n\s*\n|\n/)
          .map((p) => p.replace(/\s+/g, ' ').trim())
          .filter((p) => p.length > 40);
        if (title.trim() && paragraphs.length) articles.push({ category, title: title.trim(), paragraphs });
      }
    }
  }
  const origin = articles.length >= 100 ? 'bbc' : 'synthetic';
  const base = origin === 'bbc' ? articles : syntheticArticles(1500);
  const byCategory = new Map<string, string[]>();
  for (const a of base) byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), ...a.paragraphs]);
  return {
    origin,
    articles: base,
    paragraphs: base.flatMap((a) => a.paragraphs.map((text) => ({ category: a.category, text }))),
    byCategory,
  };
}

const SYNTH_WORDS = (
  'market government minister economy growth election council report police court company shares profit ' +
  'football match season player coach league film music award festival album actor technology software ' +
  'internet mobile phone security network data research energy climate water health hospital school ' +
  'university budget tax trade export import bank interest rate inflation union strike talks agreement'
).split(' ');

function syntheticArticles(n: number): BaseArticle[] {
  const cats = ['business', 'entertainment', 'politics', 'sport', 'tech'];
  let seed = 7;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sentence = () => {
    const words = Array.from({ length: 12 + Math.floor(r() * 12) }, () => pick(SYNTH_WORDS, r));
    const s = words.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  return Array.from({ length: n }, (_, i) => ({
    category: cats[i % cats.length] ?? 'business',
    title: sentence().slice(0, 70).replace(/\.$/, ''),
    paragraphs: Array.from({ length: 6 + Math.floor(r() * 6) }, () =>
      Array.from({ length: 2 + Math.floor(r() * 3) }, sentence).join(' '),
    ),
  }));
}

export const SOURCES = [
  'BBC News',
  'Reuters',
  'Associated Press',
  'The Guardian',
  'Financial Times',
  'Bloomberg',
  'CNN',
  'Al Jazeera',
  'Deutsche Welle',
  'France 24',
  'The Times',
  'The Independent',
  'Sky News',
  'NPR',
  'The Hindu',
  'Times of India',
  'South China Morning Post',
  'ABC News',
  'CBC News',
  'Irish Times',
  'Le Monde',
  'El Pais',
  'Japan Times',
  'Straits Times',
  'Daily Telegraph',
];
export const COUNTRIES = [
  'GB',
  'US',
  'FR',
  'DE',
  'CN',
  'IN',
  'JP',
  'RU',
  'UA',
  'IT',
  'ES',
  'IE',
  'BR',
  'CA',
  'AU',
  'ZA',
  'NG',
  'KE',
  'EG',
  'IL',
  'IR',
  'SA',
  'TR',
  'PK',
  'KR',
  'MX',
  'AR',
  'PL',
  'NL',
  'BE',
  'SE',
  'NO',
  'CH',
  'AT',
  'GR',
];
const PEOPLE = [
  'Tony Blair',
  'Gordon Brown',
  'George Bush',
  'Alan Greenspan',
  'Michael Howard',
  'Charles Kennedy',
  'Jacques Chirac',
  'Gerhard Schroeder',
  'Vladimir Putin',
  'Kofi Annan',
  'Bill Gates',
  'Steve Jobs',
  'Jose Mourinho',
  'Arsene Wenger',
  'Roger Federer',
  'Andy Roddick',
  'Paula Radcliffe',
  'Kelly Holmes',
];
const ORGANISATIONS = [
  'European Union',
  'United Nations',
  'Federal Reserve',
  'Bank of England',
  'Microsoft',
  'Google',
  'Apple',
  'Sony',
  'Nintendo',
  'Chelsea',
  'Arsenal',
  'Manchester United',
  'Labour',
  'Conservatives',
  'WTO',
  'IMF',
];
const PLACES = [
  'London',
  'New York',
  'Paris',
  'Berlin',
  'Brussels',
  'Washington',
  'Tokyo',
  'Beijing',
  'Moscow',
];

/** Top-up of a base article to about `targetChars` of body with paragraphs of following articles. */
export function bodyOf(corpus: Corpus, index: number, targetChars: number): string {
  const main = corpus.articles[index % corpus.articles.length];
  if (!main) throw new Error('empty corpus');
  const parts = [...main.paragraphs];
  let len = parts.join('\n\n').length;
  for (let k = 1; len < targetChars && k < corpus.articles.length; k += 1) {
    for (const p of corpus.articles[(index + k * 7) % corpus.articles.length]?.paragraphs ?? []) {
      if (len >= targetChars) break;
      parts.push(p);
      len += p.length + 2;
    }
  }
  const body = parts.join('\n\n');
  return body.length <= targetChars + 400 ? body : body.slice(0, targetChars).replace(/\s+\S*$/, '');
}

/** A body assembled from 3-6 random paragraphs, mostly of one topic, so that texts vary across 100k documents. */
export function recombinedBody(corpus: Corpus, category: string, r: () => number): string {
  const n = 3 + Math.floor(r() * 4);
  const same = corpus.byCategory.get(category) ?? [];
  const paras: string[] = [];
  for (let i = 0; i < n; i += 1)
    paras.push(r() < 0.7 && same.length ? pick(same, r) : pick(corpus.paragraphs, r).text);
  return paras.join('\n\n');
}

const hex = (s: string, len: number) => createHash('sha256').update(s).digest('hex').slice(0, len);

export function weighted<T>(xs: readonly T[], r: () => number): T {
  // Zipf-like: early entries are much more frequent, as real sources and countries are.
  return pick(xs, () => r() ** 2);
}

/** A plausible fake enrichment (topics, entities, countries, keywords, sentiment, summary) drawn with `r`. */
export function fakeEnrichment(title: string, body: string, category: string, r: () => number): Enrichment {
  const entities: Enrichment['entities'] = [];
  const add = (type: 'person' | 'place' | 'organisation', names: readonly string[], count: number) => {
    for (let i = 0; i < count; i += 1) {
      const canonical = weighted(names, r);
      entities.push({ type, text: canonical, canonical, start: 0, end: canonical.length, confidence: 0.9 });
    }
  };
  add('person', PEOPLE, Math.floor(r() * 3));
  add('organisation', ORGANISATIONS, Math.floor(r() * 3));
  add('place', PLACES, Math.floor(r() * 2));
  const countries = [...new Set(Array.from({ length: Math.floor(r() * 3) }, () => weighted(COUNTRIES, r)))];
  const words = [...new Set(title.toLowerCase().match(/[a-z]{5,}/g) ?? [])].slice(0, 5);
  const score = Math.round((r() * 2 - 1) * 100) / 100;
  return {
    topics: {
      primary: category,
      scores: { [category]: 0.8, other: 0.2 },
      tags: [category, `${category}/${pick(['general', 'analysis', 'breaking', 'feature'], r)}`],
    },
    entities,
    countries,
    keywords: words.map((term, i) => ({ term, weight: 1 - i * 0.1 })),
    sentiment: { score, label: score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral' },
    summary: body.slice(0, 200).replace(/\s+\S*$/, ''),
  };
}

/** An enriched article (the index stage's input) with the given text and a fake enrichment. */
export function enrichedArticle(opts: {
  id: string;
  dumpId: string;
  title: string;
  body: string;
  category: string;
  source: string;
  publishedAt: string;
  language?: string;
  r: () => number;
}): EnrichedArticle {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1,
    id: opts.id,
    dumpId: opts.dumpId,
    title: opts.title,
    body: opts.body,
    source: opts.source,
    url: `https://bench.example.com/${opts.id}`,
    publishedAt: opts.publishedAt,
    language: opts.language ?? 'en',
    contentHash: hex(opts.body, 64),
    simhash: hex(opts.title, 16),
    storyId: opts.id,
    receivedAt: now,
    cleanedAt: now,
    enrichedAt: now,
    enrichment: fakeEnrichment(opts.title, opts.body, opts.category, opts.r),
  };
}
