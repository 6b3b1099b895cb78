import { describe, expect, it } from 'vitest';
import { chooseMinConfidence, fitCalibration, sourceSpecific } from './calibration.js';

describe('fitCalibration', () => {
  it('learns a bias that undoes a constant shift towards one class, centred on the labelled classes', () => {
    // Class 0 gets +2 on every text; the true class has +3 over the others.
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const logits = labels.map((y) => [0, 1, 2].map((c) => (c === y ? 3 : 0) + (c === 0 ? 2 : 0)));
    const cal = fitCalibration(logits, labels, 3, { l2: 0 });
    expect(cal.lossAfter).toBeLessThan(cal.lossBefore);
    expect((cal.bias[0] ?? 0) - (cal.bias[1] ?? 0)).toBeLessThan(-1);
    expect(cal.bias.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    expect(cal.temperature).toBeGreaterThan(0);
  });

  it('leaves classes without a labelled text at bias 0', () => {
    const cal = fitCalibration(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [0, 1],
      3,
    );
    expect(cal.bias[2]).toBe(0);
  });

  it('weighs classes equally, so a majority class does not pull the biases towards itself', () => {
    // 9 texts of class 0 and 1 of class 1, all with the same uninformative logits.
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const cal = fitCalibration(
      labels.map(() => [0, 0]),
      labels,
      2,
      { l2: 0 },
    );
    expect(Math.abs((cal.bias[0] ?? 0) - (cal.bias[1] ?? 0))).toBeLessThan(1e-6);
  });
});

describe('chooseMinConfidence', () => {
  it('picks the threshold that abstains on the unsure wrong answers and keeps the sure right ones', () => {
    const probs = [
      [0.9, 0.1],
      [0.1, 0.9],
      [0.55, 0.45], // gold 1: wrong and unsure
      [0.45, 0.55], // gold 0: wrong and unsure
    ];
    const r = chooseMinConfidence(probs, [0, 1, 1, 0], [0, 0.6, 0.95]);
    expect(r.minConfidence).toBe(0.6);
    expect(r.answered).toBe(0.5);
    expect(r.macroF1).toBeCloseTo(2 / 3, 9);
  });

  it('prefers the lowest threshold on ties', () => {
    const r = chooseMinConfidence([[0.9, 0.1]], [0], [0.2, 0.5, 0.8]);
    expect(r.minConfidence).toBe(0.2);
  });
});

describe('sourceSpecific', () => {
  it('returns features frequent in the source and much rarer in the background, not rare or shared ones', () => {
    const dfSource = [50, 50, 1, 0];
    const dfBackground = [0, 40, 0, 30];
    expect(sourceSpecific(dfSource, 100, dfBackground, 100)).toEqual([0]);
  });
});
