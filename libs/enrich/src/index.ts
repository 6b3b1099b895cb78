export { Enricher, COARSE_TOPICS, analysedText, leadSummary } from './enricher.js';
export type { EnrichInput, Enrichment, Entity } from './enricher.js';
export type { EntityType, EntityResult } from './entities/entity-extractor.js';
export { EntityExtractor } from './entities/entity-extractor.js';
export { Gazetteer } from './gazetteer/gazetteer.js';
export type { GazetteerEntry, GazetteerKind } from './gazetteer/gazetteer.js';
export { EntityTagger } from './ner/entity-tagger.js';
export { parseConll, conllDocuments, toBio, toIob1, bioSpans, scoreSpans } from './ner/conll.js';
export type { ConllLine, ConllToken, ConllDocument, SpanScores } from './ner/conll.js';
export { densify, NO_TOPIC, TopicClassifier } from './topics/topic-classifier.js';
export type { TopicCalibration, TopicModel } from './topics/topic-classifier.js';
export { lightStem } from './topics/hashed-features.js';
export { macroF1 } from './topics/calibration.js';
export { TAG_RULES, newsTags, tagHits, tagStrengths } from './topics/news-tags.js';
export {
  IPTC_MEDIA_TOPICS,
  COARSE_TO_IPTC,
  TAG_TO_IPTC,
  ADDED_IPTC_TOPICS,
  iptcLabel,
  iptcTopics,
} from './taxonomy/iptc.js';
export type { IptcTopic } from './taxonomy/iptc.js';
export { applyWorldRule, DEFAULT_WORLD_OPTIONS } from './topics/world-rule.js';
export { KeywordExtractor } from './keywords/keyword-extractor.js';
export { SentimentScorer } from './sentiment/sentiment-scorer.js';
export { tokenize, sentences, sentenceSpans, words } from './text/tokenize.js';
export type { Token } from './text/tokenize.js';
export { EnricherPool, EnricherWorkerError, type EnricherPoolOptions } from './enricher-pool.js';
