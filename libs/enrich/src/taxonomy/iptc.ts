/**
 * IPTC Media Topics (NewsCodes, CC BY 4.0, https://cv.iptc.org/newscodes/mediatopic/): the 17
 * top-level subjects, code -> English label, and how newsflow's coarse topics and desk tags map onto
 * them. Only top-level codes are used.
 */
export const IPTC_MEDIA_TOPICS: Readonly<Record<string, string>> = Object.freeze({
  'medtop:01000000': 'arts, culture, entertainment and media',
  'medtop:02000000': 'crime, law and justice',
  'medtop:03000000': 'disaster, accident and emergency incident',
  'medtop:04000000': 'economy, business and finance',
  'medtop:05000000': 'education',
  'medtop:06000000': 'environment',
  'medtop:07000000': 'health',
  'medtop:08000000': 'human interest',
  'medtop:09000000': 'labour',
  'medtop:10000000': 'lifestyle and leisure',
  'medtop:11000000': 'politics and government',
  'medtop:12000000': 'religion',
  'medtop:13000000': 'science and technology',
  'medtop:14000000': 'society',
  'medtop:15000000': 'sport',
  'medtop:16000000': 'conflict, war and peace',
  'medtop:17000000': 'weather',
});

/** One IPTC top-level topic of an article, with a score in 0..1. */
export interface IptcTopic {
  code: string;
  label: string;
  score: number;
}

/**
 * Coarse topic -> IPTC top-level code. Every coarse topic maps to exactly one code ("world", the
 * international-affairs rule, is politics: IPTC files international relations under it).
 */
export const COARSE_TO_IPTC: Readonly<Record<string, string>> = Object.freeze({
  business: 'medtop:04000000',
  entertainment: 'medtop:01000000',
  politics: 'medtop:11000000',
  sport: 'medtop:15000000',
  tech: 'medtop:13000000',
  world: 'medtop:11000000',
});

/**
 * Desk tag -> IPTC code, for the topics the coarse classes do not cover (the "added" topics: crime,
 * disaster, health, environment, science, conflict, weather) and for tags that confirm a coarse
 * topic (economy, trade, energy, elections). defence and diplomacy carry no code of their own: they
 * are facets of conflict or politics, which other rules already decide.
 */
export const TAG_TO_IPTC: Readonly<Record<string, string>> = Object.freeze({
  crime: 'medtop:02000000',
  disaster: 'medtop:03000000',
  health: 'medtop:07000000',
  climate: 'medtop:06000000',
  environment: 'medtop:06000000',
  science: 'medtop:13000000',
  conflict: 'medtop:16000000',
  weather: 'medtop:17000000',
  economy: 'medtop:04000000',
  trade: 'medtop:04000000',
  energy: 'medtop:04000000',
  elections: 'medtop:11000000',
});

/** The IPTC topics decided by tag rules alone (not by the trained classifier), with their tag. */
export const ADDED_IPTC_TOPICS: ReadonlyArray<{ code: string; tags: readonly string[] }> = [
  { code: 'medtop:02000000', tags: ['crime'] },
  { code: 'medtop:03000000', tags: ['disaster'] },
  { code: 'medtop:06000000', tags: ['climate', 'environment'] },
  { code: 'medtop:07000000', tags: ['health'] },
  { code: 'medtop:13000000', tags: ['science'] },
  { code: 'medtop:16000000', tags: ['conflict'] },
  { code: 'medtop:17000000', tags: ['weather'] },
];

/** Label of a top-level code; throws on an unknown code (a programming error, not bad input). */
export function iptcLabel(code: string): string {
  const label = IPTC_MEDIA_TOPICS[code];
  if (label === undefined) throw new Error(`unknown IPTC media topic code ${code}`);
  return label;
}

/**
 * IPTC topics of an article: the code of the primary coarse topic (score = its probability), of any
 * other coarse topic with probability >= 0.35, and of every fired desk tag (score = tagStrength, see
 * news-tags.ts). One entry per code with the highest score, highest score first.
 */
export function iptcTopics(
  coarseScores: Readonly<Record<string, number>>,
  primary: string,
  tagStrengths: ReadonlyMap<string, number>,
): IptcTopic[] {
  const best = new Map<string, number>();
  const add = (code: string | undefined, score: number): void => {
    if (code === undefined) return;
    best.set(code, Math.max(best.get(code) ?? 0, score));
  };
  for (const [topic, p] of Object.entries(coarseScores))
    if (topic === primary || p >= 0.35) add(COARSE_TO_IPTC[topic], p);
  for (const [tag, s] of tagStrengths) add(TAG_TO_IPTC[tag], s);
  return [...best]
    .map(([code, score]) => ({ code, label: iptcLabel(code), score: Math.round(score * 1e4) / 1e4 }))
    .sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
}
