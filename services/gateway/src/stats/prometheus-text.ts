/**
 * Sums the samples of each metric in Prometheus text exposition format over all label sets
 * (`newsflow_messages_in_total{stage="clean",topic="x"} 12` -> `{ newsflow_messages_in_total: 12 }`).
 * Comment lines and unparsable values are skipped.
 */
export function sumPrometheusSamples(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1] as string;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    out[name] = (out[name] ?? 0) + value;
  }
  return out;
}

/** Cumulative bucket counts of a histogram summed over all label sets, sorted by upper bound (`+Inf` last). */
export function histogramBuckets(text: string, name: string): Array<{ le: number; count: number }> {
  const byLe = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{(.*)\\}\\s+(\\S+)`);
  for (const raw of text.split('\n')) {
    const m = re.exec(raw.trim());
    if (!m) continue;
    const le = /(?:^|,)le="([^"]+)"/.exec(m[1] as string)?.[1];
    const count = Number(m[2]);
    if (le === undefined || !Number.isFinite(count)) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    if (Number.isNaN(bound)) continue;
    byLe.set(bound, (byLe.get(bound) ?? 0) + count);
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * Quantile estimate from cumulative buckets, interpolating linearly inside the bucket like Prometheus'
 * histogram_quantile. Undefined without observations; the highest finite bound when the quantile falls in +Inf.
 */
export function histogramQuantile(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      const inBucket = b.count - prevCount;
      return inBucket > 0 ? prevLe + ((b.le - prevLe) * (rank - prevCount)) / inBucket : b.le;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}
