/** Kafka header names carried by every newsflow message. Metadata travels here, never inside payloads. */
export const HEADER_TRACE_ID = 'newsflow-trace-id';
export const HEADER_DUMP_ID = 'newsflow-dump-id';
/** Attempt number of the message that produced this one (DLQ records and retries). */
export const HEADER_ATTEMPT = 'newsflow-attempt';
/** Original content type of a raw dump, when a producer knows it (optional; fetch sniffs anyway). */
export const HEADER_CONTENT_TYPE = 'newsflow-content-type';
/** Source label of a raw dump (optional). */
export const HEADER_SOURCE = 'newsflow-source';

/**
 * Link hops between a document and the dump that was pushed: absent or 0 for what a dump holds or names, 1 for a page
 * fetched because a feed or a listing page linked to it (clean sends a listing page's article links back to
 * `news.ingest.v1` as a URL list with this header one higher). Fetch carries it to the URL jobs and their raw
 * documents; clean follows a listing's links only below its maximum depth, so nothing loops.
 */
export const HEADER_LINK_DEPTH = 'newsflow-link-depth';

/** The link depth of a message's headers (0 when absent or not a non-negative integer). */
export function readLinkDepth(headers: Record<string, string | undefined>): number {
  const raw = headers[HEADER_LINK_DEPTH];
  if (raw === undefined || !/^\d{1,3}$/.test(raw.trim())) return 0;
  return Number(raw.trim());
}

export const PIPELINE_STAGES = ['ingest', 'fetch', 'clean', 'classify', 'index'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Header holding the epoch-millisecond time at which a stage emitted its output, e.g. `newsflow-ts-clean`. */
export function stageTimestampHeader(stage: PipelineStage): string {
  return `newsflow-ts-${stage}`;
}

/** Reads all stage timestamps from a header map (string values), ignoring malformed ones. */
export function readStageTimestamps(
  headers: Record<string, string | undefined>,
): Partial<Record<PipelineStage, number>> {
  const out: Partial<Record<PipelineStage, number>> = {};
  for (const stage of PIPELINE_STAGES) {
    const raw = headers[stageTimestampHeader(stage)];
    if (raw === undefined) continue;
    const ms = Number(raw);
    if (Number.isFinite(ms) && ms > 0) out[stage] = ms;
  }
  return out;
}

/** The headers a producer of ours (CLI, gateway) puts on a dump it pushes to `news.ingest.v1`. */
export function ingestHeaders(h: {
  traceId: string;
  dumpId: string;
  ingestedAt: number;
  contentType?: string | undefined;
  source?: string | undefined;
}): Record<string, string> {
  return {
    [HEADER_TRACE_ID]: h.traceId,
    [HEADER_DUMP_ID]: h.dumpId,
    [stageTimestampHeader('ingest')]: String(h.ingestedAt),
    ...(h.contentType ? { [HEADER_CONTENT_TYPE]: h.contentType } : {}),
    ...(h.source ? { [HEADER_SOURCE]: h.source } : {}),
  };
}
