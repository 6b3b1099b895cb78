import { createHash } from 'node:crypto';
import { seededRandom } from '../../support/seeded-random.js';

const SUBJECTS = [
  'the harbour authority',
  'the regional council',
  'a coalition of farmers',
  'the energy minister',
  'the national railway',
  'a group of nurses',
  'the central bank',
  'the city mayor',
  'a panel of judges',
  'the weather service',
  'the trade union',
  'a team of engineers',
  'the school board',
  'the fishing cooperative',
  'the airport operator',
  'the water company',
];
const VERBS = [
  'announced',
  'rejected',
  'postponed',
  'approved',
  'questioned',
  'defended',
  'reviewed',
  'criticised',
  'welcomed',
  'extended',
  'cancelled',
  'funded',
];
const OBJECTS = [
  'a plan to rebuild the northern bridge',
  'new rules for night trains',
  'the budget for rural clinics',
  'a tariff on imported steel',
  'the expansion of the wind farm',
  'a study of coastal erosion',
  'the contract for school meals',
  'a proposal to widen the canal',
  'the schedule of summer flights',
  'a reform of pension payments',
  'the price of drinking water',
  'a new vaccine campaign',
  'the repair of flood defences',
  'a ban on plastic packaging',
  'the sale of the old harbour',
  'a scheme to plant city trees',
];
const TAILS = [
  'after weeks of talks',
  'despite strong protests',
  'on Tuesday evening',
  'ahead of the election',
  'following a heated debate',
  'citing rising costs',
  'in a surprise move',
  'after a long review',
];

/** The seeded generator, seeded from the article's key, so every run builds the same corpus. */
function prng(key: string): () => number {
  return seededRandom(createHash('sha256').update(key).digest().readUInt32LE(0));
}

export interface GeneratedArticle {
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly source: string;
}

/** Marker carried in every title: `<batch>-n<number>`, how the verifier maps an indexed document back to its article. */
export function articleKey(batch: string, n: number): string {
  return `${batch}-n${String(n).padStart(5, '0')}`;
}

/** Finds the article key in an indexed title, or undefined for a document the suite did not send. */
export function keyInTitle(title: string): string | undefined {
  return /\b([a-z0-9]+-n\d{5})\b/.exec(title)?.[1];
}

/**
 * A unique, deterministic English article (~150 words): distinct title and body per key, so each one has its own
 * article id and content hash, and the bodies differ enough not to be near-duplicates of each other.
 */
export function article(batch: string, n: number): GeneratedArticle {
  const key = articleKey(batch, n);
  const rnd = prng(key);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const sentences: string[] = [];
  for (let i = 0; i < 9; i += 1) {
    sentences.push(
      `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}, and ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}.`,
    );
  }
  const body = sentences.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join(' ');
  return {
    key,
    title: `Reliability dispatch ${key}: ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}`,
    body: `${body} Reference ${key}.`,
    source: 'Reliability Wire',
  };
}

/** One NDJSON dump of articles [from, to) of a batch. */
export function ndjsonDump(batch: string, from: number, to: number): string {
  const lines: string[] = [];
  for (let n = from; n < to; n += 1) {
    const a = article(batch, n);
    lines.push(JSON.stringify({ title: a.title, body: a.body, source: a.source }));
  }
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The same article as a web page, for the URL-fetching path. */
export function articlePage(batch: string, n: number): string {
  const a = article(batch, n);
  const paragraphs = a.body
    .split(/(?<=\.) /)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(a.title)}</title></head><body>`,
    '<nav><a href="/">Home</a> <a href="/world">World</a></nav>',
    `<main><article><h1>${escapeHtml(a.title)}</h1>`,
    paragraphs,
    '</article></main><footer>Reliability Wire</footer></body></html>',
  ].join('\n');
}
