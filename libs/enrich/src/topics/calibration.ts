/**
 * Fitting helpers for the topic model's cross-source calibration and source-specific feature pruning
 * (used by training/train-topics.ts; pure functions, no I/O).
 */

export interface FittedCalibration {
  bias: number[];
  temperature: number;
  /** Class-balanced mean log-loss on the fitting data, before and after. */
  lossBefore: number;
  lossAfter: number;
}

function balancedLoss(
  logits: readonly number[][],
  labels: readonly number[],
  weights: readonly number[],
  bias: readonly number[],
  T: number,
  gradBias?: number[],
  grad?: { logT: number },
): number {
  let loss = 0;
  let wsum = 0;
  logits.forEach((l, i) => {
    const y = labels[i] ?? 0;
    const w = weights[i] ?? 0;
    const z = l.map((v, c) => (v + (bias[c] ?? 0)) / T);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    loss -= w * ((z[y] ?? 0) - m - Math.log(s));
    wsum += w;
    if (gradBias && grad) {
      // d/dz_c = p_c - [c = y]; z_c = (l_c + b_c) / T, so d/db_c = (p_c - y_c) / T and d/dlogT = -sum (p_c - y_c) z_c.
      e.forEach((v, c) => {
        const g = w * (v / s - (c === y ? 1 : 0));
        gradBias[c] = (gradBias[c] ?? 0) + g / T;
        grad.logT -= g * (z[c] ?? 0);
      });
    }
  });
  return loss / (wsum || 1);
}

/**
 * Class biases and a temperature that minimise the class-balanced log-loss of `logits` (every class
 * present weighs the same in total, so the fit corrects systematic confusions rather than learning the
 * mix of classes the labelled texts happen to have), with an L2 penalty `l2` on the biases. Classes
 * without a labelled text keep bias 0 and the biases are centred on the labelled classes.
 */
export function fitCalibration(
  logits: readonly number[][],
  labels: readonly number[],
  classes: number,
  opts: { l2?: number; steps?: number; rate?: number } = {},
): FittedCalibration {
  const l2 = opts.l2 ?? 0.01;
  const count = new Array<number>(classes).fill(0);
  for (const y of labels) count[y] = (count[y] ?? 0) + 1;
  const present = count.filter((n) => n > 0).length;
  const weights = labels.map((y) => labels.length / (present * (count[y] || 1)));
  const bias = new Array<number>(classes).fill(0);
  let logT = 0;
  const lossBefore = balancedLoss(logits, labels, weights, bias, 1);
  const rate = opts.rate ?? 0.5;
  const wsum = weights.reduce((a, b) => a + b, 0) || 1;
  for (let step = 0; step < (opts.steps ?? 2000); step++) {
    const gb = new Array<number>(classes).fill(0);
    const gt = { logT: 0 };
    balancedLoss(logits, labels, weights, bias, Math.exp(logT), gb, gt);
    for (let c = 0; c < classes; c++)
      if ((count[c] ?? 0) > 0)
        bias[c] = (bias[c] ?? 0) - rate * ((gb[c] ?? 0) / wsum + 2 * l2 * (bias[c] ?? 0));
    logT -= rate * 0.2 * (gt.logT / wsum);
    logT = Math.max(-3, Math.min(3, logT));
  }
  const labelled = bias.filter((_, c) => (count[c] ?? 0) > 0);
  const mean = labelled.reduce((a, b) => a + b, 0) / (labelled.length || 1);
  const centred = bias.map((b, c) => ((count[c] ?? 0) > 0 ? b - mean : 0));
  const T = Math.exp(logT);
  return {
    bias: centred,
    temperature: T,
    lossBefore,
    lossAfter: balancedLoss(logits, labels, weights, centred, T),
  };
}

/**
 * Macro-F1 over the `present` classes from (gold, predicted) pairs; a prediction that is no class (an
 * abstention) is a miss of its gold class and nobody's false positive.
 */
export function macroF1<T>(pairs: ReadonlyArray<readonly [T, T]>, present: readonly T[]): number {
  let sum = 0;
  for (const c of present) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [g, p] of pairs) {
      if (p === c && g === c) tp++;
      else if (p === c) fp++;
      else if (g === c) fn++;
    }
    const pr = tp + fp ? tp / (tp + fp) : 0;
    const rc = tp + fn ? tp / (tp + fn) : 0;
    sum += pr + rc ? (2 * pr * rc) / (pr + rc) : 0;
  }
  return present.length ? sum / present.length : 0;
}

/**
 * The abstention threshold: the probability in `grid` that maximises macro-F1 (over the classes with a
 * labelled text) when the top class is answered only at or above it, an abstention counting as a miss
 * of its gold class and as nobody's false positive. Ties go to the lowest threshold (answer more).
 */
export function chooseMinConfidence(
  probs: readonly number[][],
  labels: readonly number[],
  grid: readonly number[],
): { minConfidence: number; macroF1: number; answered: number } {
  let best = { minConfidence: grid[0] ?? 0, macroF1: -1, answered: 0 };
  const present = [...new Set(labels)];
  for (const t of grid) {
    const pred = probs.map((p) => {
      const m = Math.max(...p);
      return m >= t ? p.indexOf(m) : -1;
    });
    const f = macroF1(
      pred.map((p, i) => [labels[i] ?? -1, p] as const),
      present,
    );
    if (f > best.macroF1 + 1e-12)
      best = {
        minConfidence: t,
        macroF1: f,
        answered: pred.filter((p) => p >= 0).length / (pred.length || 1),
      };
  }
  return best;
}

/**
 * Source-specific features: indices whose document rate in the training source is at least `minRate`
 * and at least `ratio` times their (add-one smoothed) rate in a background corpus of other outlets,
 * i.e. the source's own boilerplate and house vocabulary, which carry its labels' priors to texts where
 * they never occur.
 */
export function sourceSpecific(
  dfSource: ArrayLike<number>,
  nSource: number,
  dfBackground: ArrayLike<number>,
  nBackground: number,
  opts: { minRate?: number; ratio?: number } = {},
): number[] {
  const minRate = opts.minRate ?? 0.01;
  const ratio = opts.ratio ?? 20;
  const out: number[] = [];
  for (let k = 0; k < dfSource.length; k++) {
    const rs = (dfSource[k] ?? 0) / nSource;
    if (rs < minRate) continue;
    const rb = ((dfBackground[k] ?? 0) + 1) / (nBackground + 1);
    if (rs >= ratio * rb) out.push(k);
  }
  return out;
}
