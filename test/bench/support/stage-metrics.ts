/** Counters a stage service exposes on /metrics that say how long its handler takes per message. */
export interface StageCounters {
  messagesIn: number;
  processingSecondsSum: number;
  processingCount: number;
  batchSizeSum: number;
  batchCount: number;
  /** V8 heap in use and reserved, and memory outside the V8 heap (buffers, wasm), from prom-client's defaults. */
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

export interface StageTiming {
  messagesIn: number;
  /** Mean wall time of the handler per message (for the index stage: its bulk chunk's time / chunk length). */
  handlerMsPerMessage: number;
  /** Mean number of messages per consumed Kafka batch. */
  meanBatchSize: number;
  /** At the end: V8 heap used / reserved and external memory, MiB (RSS minus these is code, stacks, allocator slack). */
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
}

/** Sum of every sample of a metric (all label sets) in a Prometheus text exposition. */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m?.[1] === name && m[3]) {
      const v = Number(m[3]);
      if (Number.isFinite(v)) sum += v;
    }
  }
  return sum;
}

/** Reads a stage service's /metrics; undefined when it does not answer. */
export async function scrapeStage(port: number): Promise<StageCounters | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    return {
      messagesIn: metricSum(text, 'newsflow_messages_in_total'),
      processingSecondsSum: metricSum(text, 'newsflow_processing_seconds_sum'),
      processingCount: metricSum(text, 'newsflow_processing_seconds_count'),
      batchSizeSum: metricSum(text, 'newsflow_batch_size_sum'),
      batchCount: metricSum(text, 'newsflow_batch_size_count'),
      heapUsedBytes: metricSum(text, 'newsflow_nodejs_heap_size_used_bytes'),
      heapTotalBytes: metricSum(text, 'newsflow_nodejs_heap_size_total_bytes'),
      externalBytes: metricSum(text, 'newsflow_nodejs_external_memory_bytes'),
    };
  } catch {
    return undefined;
  }
}

/** What happened between two scrapes of the same service. */
export function stageTiming(before: StageCounters, after: StageCounters): StageTiming {
  const n = after.processingCount - before.processingCount;
  const batches = after.batchCount - before.batchCount;
  return {
    messagesIn: after.messagesIn - before.messagesIn,
    handlerMsPerMessage:
      n > 0 ? Math.round(((after.processingSecondsSum - before.processingSecondsSum) / n) * 1e5) / 100 : NaN,
    meanBatchSize:
      batches > 0 ? Math.round(((after.batchSizeSum - before.batchSizeSum) / batches) * 10) / 10 : NaN,
    heapUsedMiB: Math.round(after.heapUsedBytes / 2 ** 20),
    heapTotalMiB: Math.round(after.heapTotalBytes / 2 ** 20),
    externalMiB: Math.round(after.externalBytes / 2 ** 20),
  };
}
