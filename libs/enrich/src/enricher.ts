import { type Entity, EntityExtractor } from './entities/entity-extractor.js';
import { Gazetteer } from './gazetteer/gazetteer.js';
import { KeywordExtractor } from './keywords/keyword-extractor.js';
import { EntityTagger } from './ner/entity-tagger.js';
import { SentimentScorer } from './sentiment/sentiment-scorer.js';
import { sentenceSpans, type Token, tokenize } from './text/tokenize.js';
import { type IptcTopic, iptcTopics } from './taxonomy/iptc.js';
import { LEAD_WORDS, newsTags, tagHits, tagStrengths } from './topics/news-tags.js';
import { NO_TOPIC, TopicClassifier } from './topics/topic-classifier.js';
import { applyWorldRule } from './topics/world-rule.js';

export type { Entity } from './entities/entity-extractor.js';

/** An article to enrich. */
export interface EnrichInput {
  title: string;
  body: string;
  language?: string;
}

/** Coarse topic classes, in score order of the public taxonomy. */
export const COARSE_TOPICS = ['business', 'entertainment', 'politics', 'sport', 'tech', 'world'] as const;

/** Everything the enricher adds to an article. */
export interface Enrichment {
  topics: {
    /**
     * The top coarse topic, or NO_TOPIC ("other") when the calibrated classifier is not confident enough
     * in any class (its top probability is below the model's minConfidence) and the world rule did not fire.
     */
    primary: string;
    /** Calibrated probabilities over COARSE_TOPICS, summing to 1. */
    scores: Record<string, number>;
    /** Finer multi-label desk tags (see news-tags.ts). */
    tags: string[];
    /** IPTC Media Topics top-level codes with labels (see taxonomy/iptc.ts), highest score first. */
    iptc: IptcTopic[];
  };
  entities: Entity[];
  /** ISO 3166-1 alpha-2, deduplicated, most salient first. */
  countries: string[];
  keywords: Array<{ term: string; weight: number }>;
  sentiment: { score: number; label: 'negative' | 'neutral' | 'positive' };
  /** Lead sentences of the body (about two). */
  summary: string;
}

/** Text layout used for entity offsets: title, blank line, body. */
export function analysedText(input: EnrichInput): string {
  return `${input.title ?? ''}\n\n${input.body ?? ''}`;
}

const WORDLIKE = /^[\p{L}\p{M}\p{N}]/u;

/** Starts with a letter or digit (ASCII fast path before the Unicode regex). */
function isWordLike(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return WORDLIKE.test(s);
}

const EMPTY: Enrichment = {
  topics: { primary: 'world', scores: {}, tags: [], iptc: [] },
  entities: [],
  countries: [],
  keywords: [],
  sentiment: { score: 0, label: 'neutral' },
  summary: '',
};

/**
 * Article enrichment: topics (trained classifier + world rule + lexicon tags), entities (trained
 * tagger + gazetteers), countries, keywords, sentiment and a lead summary. Pure and synchronous;
 * load once and reuse.
 */
export class Enricher {
  private readonly entities: EntityExtractor;

  constructor(
    private readonly topics: TopicClassifier,
    tagger: EntityTagger,
    gazetteer: Gazetteer,
    private readonly keywords: KeywordExtractor,
    private readonly sentiment: SentimentScorer,
  ) {
    this.entities = new EntityExtractor(tagger, gazetteer);
  }

  /** Loads every shipped model from libs/enrich/models, synchronously. */
  static load(): Enricher {
    const gazetteer = Gazetteer.load();
    return new Enricher(
      TopicClassifier.load(),
      EntityTagger.load(gazetteer),
      gazetteer,
      KeywordExtractor.load(),
      SentimentScorer.load(),
    );
  }

  /** Enriches one article. Never throws: odd input yields an empty enrichment. */
  enrich(input: EnrichInput): Enrichment {
    try {
      return this.enrichUnsafe({ title: String(input?.title ?? ''), body: String(input?.body ?? '') });
    } catch {
      return {
        ...EMPTY,
        topics: {
          ...EMPTY.topics,
          scores: Object.fromEntries(COARSE_TOPICS.map((t) => [t, 1 / COARSE_TOPICS.length])),
        },
      };
    }
  }

  private enrichUnsafe(input: EnrichInput): Enrichment {
    // Very long inputs are cut: enrichment of the first 60k characters is representative and bounded in time.
    const text = analysedText(input).slice(0, 60_000);
    const tokens = tokenize(text);
    // Lower-cased word tokens per sentence, shared by the topic model, tags, keywords and sentiment.
    const bySentence: string[][] = [];
    let titleWords = 0;
    for (const t of tokens) {
      if (!isWordLike(t.text)) continue;
      if (t.end <= input.title.length) titleWords++;
      const row = bySentence[t.sentence] ?? (bySentence[t.sentence] = []);
      const lower = t.text.toLowerCase();
      row.push(lower.includes('’') ? lower.replace(/’/g, "'") : lower);
    }
    const lower = bySentence.flat();
    const { entities, countries } = this.entities.extract(text, tokens);

    const hits = tagHits(lower);
    const h = (t: string): number => hits.get(t)?.hits ?? 0;
    const classScores = this.topics.predictWords(lower, titleWords);
    const withWorld = applyWorldRule({
      scores: classScores,
      countries,
      words: lower.length,
      foreignAffairsHits: h('diplomacy') + h('conflict') + h('defence'),
      economyHits: h('trade') + h('economy'),
    });
    const scores: Record<string, number> = {};
    for (const t of COARSE_TOPICS) scores[t] = Math.round((withWorld[t] ?? 0) * 1e4) / 1e4;
    const top = Object.entries(withWorld).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'world';
    const primary = top !== 'world' && this.topics.decide(classScores) === NO_TOPIC ? NO_TOPIC : top;

    const tags = newsTags(lower, hits, tagHits(lower.slice(0, titleWords + LEAD_WORDS)));
    const iptc = iptcTopics(withWorld, primary, tagStrengths(lower, hits, tags));

    const sentiment = this.sentiment.scoreWords(bySentence.filter((s) => s !== undefined));

    const phraseCounts = new Map<string, number>();
    for (const e of entities)
      if (e.canonical.includes(' ') || /^\p{Lu}/u.test(e.canonical))
        phraseCounts.set(e.canonical, (phraseCounts.get(e.canonical) ?? 0) + 1);

    return {
      topics: { primary, scores, tags, iptc },
      entities,
      countries: countries.map((c) => c.code),
      keywords: this.keywords.extract(lower, phraseCounts),
      sentiment: { score: sentiment.score, label: sentiment.label },
      summary: input.body.trim()
        ? leadSummaryFromTokens(text, tokens, input.title.length + 2)
        : input.title.trim(),
    };
  }
}

/** As leadSummary, reusing the article's tokens; sentences starting before bodyStart (the title) are skipped. */
function leadSummaryFromTokens(
  text: string,
  tokens: Token[],
  bodyStart: number,
  maxSentences = 2,
  maxChars = 320,
): string {
  // Only the first body sentences are needed: collect sentence spans lazily, a few more than asked
  // for, since fragments under five words are skipped.
  const sents: string[] = [];
  let start = -1;
  let end = -1;
  let id = -1;
  for (const t of tokens) {
    if (t.start < bodyStart) continue;
    if (t.sentence !== id) {
      if (start >= 0) sents.push(text.slice(start, end));
      if (sents.length >= maxSentences + 6) break;
      id = t.sentence;
      start = t.start;
    }
    end = t.end;
  }
  if (start >= 0 && sents.length < maxSentences + 6) sents.push(text.slice(start, end));
  return pickLead(sents, maxSentences, maxChars);
}

function pickLead(sents: string[], maxSentences: number, maxChars: number): string {
  const picked: string[] = [];
  let len = 0;
  for (const raw of sents) {
    const sent = raw.replace(/\s+/g, ' ').trim();
    if (sent.split(' ').length < 5) continue;
    if (picked.length > 0 && len + sent.length > maxChars) break;
    picked.push(sent);
    len += sent.length + 1;
    if (picked.length >= maxSentences) break;
  }
  const out = picked.join(' ');
  return out.length > maxChars * 1.5 ? `${out.slice(0, maxChars).replace(/\s+\S*$/, '')}…` : out;
}

/** The first sentences of a body (skipping fragments under five words) up to two sentences or ~320 characters. */
export function leadSummary(body: string, maxSentences = 2, maxChars = 320): string {
  const text = body.trim();
  return pickLead(
    sentenceSpans(text).map(([s, e]) => text.slice(s, e)),
    maxSentences,
    maxChars,
  );
}
