/**
 * Topic scores of a labelled set for the evaluation: accuracy and macro-F1 of the top class, and the
 * same when the classifier may answer NO_TOPIC ("other"): an abstention is a miss for its gold class
 * (recall) but a false positive for no class (precision), so it costs less than a wrong class.
 */
import { macroF1, NO_TOPIC, type TopicClassifier } from '../../../libs/enrich/src/index.js';

export interface ScoredSet {
  n: number;
  /** Classes with at least one gold text. */
  present: string[];
  /** Top class always answered. */
  acc: number;
  macroF1: number;
  /** With abstention (decide()): share answered, accuracy of the answered, macro-F1 over all. */
  answered: number;
  answeredAcc: number;
  abstainMacroF1: number;
  /** Rows gold, columns predicted (classes, then NO_TOPIC) of the abstaining decisions. */
  confusion: number[][];
}

/** Scores `set` with one classifier (title = first line of the text it predicts on). */
export function scoreTopics(
  clf: TopicClassifier,
  set: ReadonlyArray<{ label: string; title: string; body: string }>,
): ScoredSet {
  const classes = [...clf.classes];
  const top: Array<[string, string]> = [];
  const dec: Array<[string, string]> = [];
  for (const a of set) {
    const p = clf.predict(`${a.title}\n${a.body}`);
    const best = classes.reduce((b, c) => ((p[c] ?? 0) > (p[b] ?? 0) ? c : b), classes[0] ?? '');
    top.push([a.label, best]);
    dec.push([a.label, clf.decide(p)]);
  }
  const present = classes.filter((c) => set.some((a) => a.label === c));
  const cols = [...classes, NO_TOPIC];
  const confusion = classes.map((g) => cols.map((c) => dec.filter(([x, y]) => x === g && y === c).length));
  const answered = dec.filter(([, p]) => p !== NO_TOPIC);
  return {
    n: set.length,
    present,
    acc: set.length ? top.filter(([g, p]) => g === p).length / set.length : 0,
    macroF1: macroF1(top, present),
    answered: set.length ? answered.length / set.length : 0,
    answeredAcc: answered.length ? answered.filter(([g, p]) => g === p).length / answered.length : 0,
    abstainMacroF1: macroF1(dec, present),
    confusion,
  };
}
