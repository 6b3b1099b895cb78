/**
 * Finer, multi-label news-desk tags decided by lexicon rules (no trained model: there is no labelled
 * data for them). Each tag has a word list matched on lower-cased word tokens (a trailing * matches a
 * prefix). A tag is set when its lexicon has at least `minHits` matches AND at least `minDistinct`
 * distinct terms, and the matches make at least `minPer1000` per thousand words; so one passing
 * mention ("a war of words") does not tag an article.
 */
export interface TagRule {
  tag: string;
  terms: string[];
  minHits: number;
  minDistinct: number;
  minPer1000: number;
}

/** The tag taxonomy and its rules. */
export const TAG_RULES: readonly TagRule[] = [
  {
    tag: 'conflict',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 4,
    terms: [
      'war',
      'wars',
      'invasion',
      'invade*',
      'attack*',
      'airstrike*',
      'shelling',
      'missile*',
      'drone*',
      'troops',
      'soldier*',
      'fighting',
      'ceasefire',
      'insurgen*',
      'militant*',
      'rebel*',
      'killed',
      'casualt*',
      'frontline',
      'hostilit*',
      'bomb*',
      'conflict',
      'aggression',
      'air strike',
      'air strikes',
      'armed forces',
      'shelled',
    ],
  },
  {
    tag: 'defence',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'military',
      'militar*',
      'defence',
      'defense',
      'army',
      'navy',
      'air force',
      'armed',
      'troops',
      'weapon*',
      'arms',
      'nato',
      'pentagon',
      'missile*',
      'warship*',
      'drills',
      'exercises',
      'generals',
      'admiral*',
      'nuclear',
    ],
  },
  {
    tag: 'diplomacy',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'diplomat*',
      'ambassador*',
      'embassy',
      'summit*',
      'talks',
      'negotiat*',
      'bilateral',
      'ties',
      'foreign ministry',
      'foreign minister',
      'foreign secretary',
      'treaty',
      'treaties',
      'envoy*',
      'sanction*',
      'partnership',
      'cooperation',
      'state visit',
      'relations',
      'alliance*',
      'allies',
      'un',
      'united nations',
    ],
  },
  {
    tag: 'trade',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'trade',
      'tariff*',
      'export*',
      'import*',
      'wto',
      'trade deal',
      'free trade',
      'customs',
      'quota*',
      'supply chain*',
      'protectionis*',
      'dumping',
      'trading partner*',
      'usmca',
    ],
  },
  {
    tag: 'economy',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 4,
    terms: [
      'economy',
      'economic*',
      'gdp',
      'growth',
      'inflation',
      'interest rate*',
      'recession',
      'unemployment',
      'jobs',
      'deficit',
      'budget',
      'central bank',
      'investment*',
      'investor*',
      'market*',
      'prices',
      'spending',
      'fiscal',
      'monetary',
      'debt',
      'currency',
      'dollar',
      'euro',
      'economist*',
    ],
  },
  {
    tag: 'elections',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'election*',
      'vote*',
      'voters',
      'voting',
      'ballot*',
      'poll*',
      'campaign*',
      'candidate*',
      'polling',
      'referendum',
      'constituenc*',
      'manifesto',
      'electoral',
      'seats',
      'majority',
      'turnout',
    ],
  },
  {
    tag: 'energy',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'energy',
      'oil',
      'gas',
      'opec',
      'pipeline*',
      'electricity',
      'power station*',
      'nuclear power',
      'renewable*',
      'solar',
      'wind farm*',
      'coal',
      'fuel*',
      'barrel*',
      'crude',
      'petrol',
      'lng',
    ],
  },
  {
    tag: 'health',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'health',
      'hospital*',
      'patient*',
      'doctor*',
      'nurse*',
      'disease*',
      'vaccine*',
      'cancer',
      'nhs',
      'medical',
      'medicine*',
      'outbreak*',
      'pandemic',
      'epidemic',
      'flu',
      'obesity',
      'clinic*',
      'medical treatment',
      'illness*',
      'infection*',
      'diagnos*',
    ],
  },
  {
    tag: 'science',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'scientist*',
      'science',
      'scientific',
      'laboratory',
      'experiment*',
      'space',
      'nasa',
      'astronom*',
      'physic*',
      'biolog*',
      'genetic*',
      'dna',
      'species',
      'telescope',
      'planet*',
      'researchers',
      'research team',
    ],
  },
  {
    tag: 'crime',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'police',
      'arrest*',
      'crime*',
      'criminal*',
      'court',
      'trial',
      'jail*',
      'prison*',
      'convicted',
      'guilty',
      'murder*',
      'fraud',
      'theft',
      'charged',
      'prosecut*',
      'judge',
      'sentenced',
      'offence*',
      'suspect*',
      'criminal investigation',
      'police investigation',
    ],
  },
  {
    tag: 'climate',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'climate',
      'global warming',
      'emission*',
      'carbon',
      'greenhouse',
      'warming',
      'kyoto',
      'fossil fuel*',
      'net zero',
      'environment*',
      'pollution',
      'renewable*',
      'deforestation',
      'temperatures',
    ],
  },
  {
    tag: 'environment',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 3,
    terms: [
      'pollut*',
      'conservation*',
      'conservationist*',
      'wildlife',
      'endangered',
      'extinct*',
      'habitat*',
      'biodiversity',
      'ecosystem*',
      'deforestation',
      'emission*',
      'recycl*',
      'coral',
      'reef*',
      'climate',
      'carbon',
      'contaminat*',
      'environmental',
      'environmentalist*',
    ],
  },
  {
    tag: 'disaster',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 4,
    terms: [
      'disaster*',
      'earthquake*',
      'quake*',
      'tsunami*',
      'flood*',
      'wildfire*',
      'bushfire*',
      'landslide*',
      'mudslide*',
      'avalanche*',
      'eruption*',
      'volcano*',
      'hurricane*',
      'typhoon*',
      'cyclone*',
      'tornado*',
      'derail*',
      'collision',
      'explosion*',
      'blaze',
      'firefighter*',
      'rescuers',
      'evacuat*',
      'survivor*',
      'death toll',
      'emergency services',
      'injured',
      'victims',
      'capsiz*',
      'accident*',
      'debris',
      'famine',
      'crashed',
      'plane crash',
      'car crash',
      'train crash',
      'rescue workers',
      'relief effort',
      'disaster relief',
    ],
  },
  {
    tag: 'weather',
    minHits: 3,
    minDistinct: 2,
    minPer1000: 4,
    terms: [
      'weather',
      'forecast*',
      'forecaster*',
      'meteorolog*',
      'met office',
      'rain',
      'rains',
      'rainfall',
      'snow',
      'snowfall',
      'storm',
      'storms',
      'wind',
      'winds',
      'windy',
      'gust*',
      'temperature*',
      'celsius',
      'fahrenheit',
      'heatwave*',
      'heat wave',
      'drought*',
      'frost',
      'hurricane*',
      'typhoon*',
      'cyclone*',
      'tornado*',
      'thunderstorm*',
      'blizzard*',
      'humidity',
      'showers',
      'sunshine',
    ],
  },
];

interface CompiledRule {
  rule: TagRule;
  exact: Set<string>;
  prefixes: string[];
  phrases: string[][];
}

const COMPILED: CompiledRule[] = TAG_RULES.map((rule) => {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const phrases: string[][] = [];
  for (const t of rule.terms) {
    if (t.includes(' ')) phrases.push(t.split(' '));
    else if (t.endsWith('*')) prefixes.push(t.slice(0, -1));
    else exact.add(t);
  }
  return { rule, exact, prefixes, phrases };
});

const PHRASES_BY_FIRST = new Map<string, Array<{ rule: number; words: string[] }>>();
COMPILED.forEach((c, r) => {
  for (const ph of c.phrases) {
    const first = ph[0] ?? '';
    const list = PHRASES_BY_FIRST.get(first) ?? [];
    list.push({ rule: r, words: ph });
    PHRASES_BY_FIRST.set(first, list);
  }
});
/** Bound of the tag word cache (cleared when full; see TOPIC_WORD_CACHE for why). */
export const TAG_WORD_CACHE = 60_000;
/** The shared answer for the many words that match no tag term: no array per such word. */
const NO_MATCHES: ReadonlyArray<readonly [number, string]> = Object.freeze([]);
/** Word -> [rule index, matched term] pairs for single-word terms; cached because news vocabulary repeats. */
const WORD_CACHE = new Map<string, ReadonlyArray<readonly [number, string]>>();
function wordMatches(w: string): ReadonlyArray<readonly [number, string]> {
  const m = WORD_CACHE.get(w);
  if (m) return m;
  const found: Array<[number, string]> = [];
  COMPILED.forEach((c, r) => {
    if (c.exact.has(w)) found.push([r, w]);
    else {
      const p = c.prefixes.find((x) => w.startsWith(x));
      if (p !== undefined) found.push([r, p]);
    }
  });
  const kept = found.length ? found : NO_MATCHES;
  if (WORD_CACHE.size >= TAG_WORD_CACHE) WORD_CACHE.clear();
  WORD_CACHE.set(w, kept);
  return kept;
}

/** Per-tag hit counts for lower-cased word tokens (exposed for evaluation and the world rule). */
export function tagHits(tokens: readonly string[]): Map<string, { hits: number; distinct: number }> {
  const hits = COMPILED.map(() => 0);
  const seen = COMPILED.map(() => new Set<string>());
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i] ?? '';
    const single = wordMatches(w);
    for (const [r, term] of single) {
      hits[r] = (hits[r] ?? 0) + 1;
      seen[r]?.add(term);
    }
    const phrases = PHRASES_BY_FIRST.get(w);
    if (phrases === undefined) continue;
    const matched = new Set<number>(single.map(([r]) => r));
    for (const ph of phrases) {
      if (matched.has(ph.rule) || !ph.words.every((y, k) => tokens[i + k] === y)) continue;
      hits[ph.rule] = (hits[ph.rule] ?? 0) + 1;
      seen[ph.rule]?.add(ph.words.join(' '));
      matched.add(ph.rule);
    }
  }
  const out = new Map<string, { hits: number; distinct: number }>();
  COMPILED.forEach((c, r) => out.set(c.rule.tag, { hits: hits[r] ?? 0, distinct: seen[r]?.size ?? 0 }));
  return out;
}

/** Words at the start of the body that count as the lead (with the title) for the lead condition. */
export const LEAD_WORDS = 50;

/**
 * Tags whose rule fires for these lower-cased word tokens. With `leadHits` (tagHits of the title and
 * the first LEAD_WORDS body words), a tag also needs a match there: the subject is in the lead, not only
 * in a passing paragraph.
 */
export function newsTags(
  tokens: readonly string[],
  hits = tagHits(tokens),
  leadHits?: ReadonlyMap<string, { hits: number; distinct: number }>,
): string[] {
  const n = Math.max(tokens.length, 1);
  return TAG_RULES.filter((r) => {
    const h = hits.get(r.tag);
    return (
      h !== undefined &&
      (leadHits === undefined || (leadHits.get(r.tag)?.hits ?? 0) > 0) &&
      h.hits >= r.minHits &&
      h.distinct >= r.minDistinct &&
      (h.hits * 1000) / n >= r.minPer1000
    );
  }).map((r) => r.tag);
}

/**
 * Strength (0.5..0.95) of each fired tag: 0.5 at the rule's density threshold, rising with the match
 * density (0.75 at twice the threshold, 0.9 at five times). Used as the score of a tag's IPTC topic.
 */
export function tagStrengths(
  tokens: readonly string[],
  hits = tagHits(tokens),
  fired: readonly string[] = newsTags(tokens, hits),
): Map<string, number> {
  const n = Math.max(tokens.length, 1);
  const out = new Map<string, number>();
  for (const r of TAG_RULES) {
    if (!fired.includes(r.tag)) continue;
    const per1000 = ((hits.get(r.tag)?.hits ?? 0) * 1000) / n;
    out.set(r.tag, Math.min(0.95, Math.max(0.5, 1 - (0.5 * r.minPer1000) / per1000)));
  }
  return out;
}
