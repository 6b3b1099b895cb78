import type { IHeaders } from 'kafkajs';
import {
  HEADER_DUMP_ID,
  HEADER_TRACE_ID,
  stageTimestampHeader,
  type PipelineStage,
} from '@newsflow/contracts';

/** Kafka headers as plain strings (the first value wins when a header repeats). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first === undefined) continue;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * Headers of an output message: the trace id, dump id and earlier stage timestamps of its input,
 * plus this stage's timestamp. Explicit output headers win.
 */
export function propagateHeaders(
  inbound: Record<string, string>,
  outbound: Record<string, string>,
  stage: PipelineStage,
  now: number = Date.now(),
): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const [k, v] of Object.entries(inbound)) {
    if (k === HEADER_TRACE_ID || k === HEADER_DUMP_ID || k.startsWith('newsflow-ts-')) carried[k] = v;
  }
  return { ...carried, [stageTimestampHeader(stage)]: String(now), ...outbound };
}
