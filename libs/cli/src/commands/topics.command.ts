import { STAGES, STAGE_NAMES, prefixed } from '@newsflow/contracts';
import { createKafka } from '@newsflow/messaging';
import { loadCliEnv } from '../pipeline/cli-env.js';
import { assertKafkaReachable } from './pipeline.command.js';
import { table } from './status.command.js';

export interface TopicRow {
  topic: string;
  partition: number;
  low: number;
  high: number;
  group: string | null;
  committed: number | null;
  lag: number | null;
}

/** Every topic of the topology (stage inputs, outputs, the DLQ), with the group that consumes it, if any. */
export function pipelineTopics(prefix: string): Array<{ topic: string; group: string | null }> {
  const topics = new Map<string, string | null>();
  for (const n of STAGE_NAMES) {
    const s = STAGES[n];
    topics.set(prefixed(prefix, s.input), prefixed(prefix, s.group));
    for (const o of s.outputs) if (!topics.has(prefixed(prefix, o))) topics.set(prefixed(prefix, o), null);
  }
  return [...topics.entries()].map(([topic, group]) => ({ topic, group }));
}

export function renderTopics(rows: readonly TopicRow[], missing: readonly string[]): string {
  const out = [['TOPIC', 'PARTITION', 'LOW', 'HIGH', 'MESSAGES', 'GROUP', 'COMMITTED', 'LAG']];
  for (const r of rows)
    out.push([
      r.topic,
      String(r.partition),
      String(r.low),
      String(r.high),
      String(r.high - r.low),
      r.group ?? '-',
      r.committed === null ? '-' : r.committed < 0 ? 'none' : String(r.committed),
      r.lag === null ? '-' : String(r.lag),
    ]);
  const totals = new Map<string, number>();
  for (const r of rows)
    if (r.group && r.lag !== null) totals.set(r.group, (totals.get(r.group) ?? 0) + r.lag);
  const lines = [table(out)];
  if (totals.size > 0)
    lines.push('', `lag by group: ${[...totals.entries()].map(([g, l]) => `${g} ${l}`).join(', ')}`);
  if (missing.length > 0) lines.push('', `not created yet: ${missing.join(', ')}`);
  return lines.join('\n');
}

/** `newsflow topics` (without --dir): every pipeline topic with partitions, offsets, consuming group and lag. */
export async function listPipelineTopics(): Promise<void> {
  const env = loadCliEnv();
  await assertKafkaReachable(env.KAFKA_BROKERS);
  const admin = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'newsflow-cli', retries: 2 }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const rows: TopicRow[] = [];
    const missing: string[] = [];
    for (const { topic, group } of pipelineTopics(env.NEWSFLOW_PREFIX)) {
      if (!existing.has(topic)) {
        missing.push(topic);
        continue;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      const committed = new Map<number, number>();
      if (group)
        for (const t of await admin.fetchOffsets({ groupId: group, topics: [topic] }))
          for (const p of t.partitions) committed.set(p.partition, Number(p.offset));
      for (const o of offsets.sort((a, b) => a.partition - b.partition)) {
        const low = Number(o.low);
        const high = Number(o.high);
        const c = group ? (committed.get(o.partition) ?? -1) : null;
        rows.push({
          topic,
          partition: o.partition,
          low,
          high,
          group,
          committed: c,
          lag: c === null ? null : Math.max(0, high - (c >= 0 ? c : low)),
        });
      }
    }
    process.stdout.write(`${renderTopics(rows, missing)}\n`);
  } finally {
    await admin.disconnect();
  }
}
