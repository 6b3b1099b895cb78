/**
 * The one seeded random generator for tests, benchmarks and evaluations: mulberry32, a small 32-bit PRNG, so generated
 * corpora, query sets and fixtures are the same on every run. Not for anything that needs unpredictability.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen with the given generator. */
export function pick<T>(xs: readonly T[], random: () => number): T {
  const x = xs[Math.floor(random() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}
