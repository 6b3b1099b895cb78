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
