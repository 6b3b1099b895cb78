import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  HEADER_CONTENT_TYPE,
  HEADER_DUMP_ID,
  HEADER_LINK_DEPTH,
  HEADER_SOURCE,
  HEADER_TRACE_ID,
  dumpIdFromBytes,
  isValidDumpId,
  readLinkDepth,
  stageTimestampHeader,
} from '@newsflow/contracts';
import {
  checkEnvelope,
  parseEnvelope,
  resolveDump,
  type DumpEnvelope,
  type DumpFormat,
  type FallbackDocument,
} from '@newsflow/extract';
import { rawDocumentMessages } from '../shared/raw-documents.js';
import {
  PermanentError,
  deadLetterFor,
  type InboundMessage,
  type OutboundMessage,
} from '@newsflow/messaging';

/** A URL to download, handed to the BullMQ fetch queue; the page comes back as a raw document later. */
export interface UrlJob {
  url: string;
  dumpId: string;
  traceId: string;
  ingestTs: number;
  receivedAt: string;
  docIndex: number;
  source?: string | undefined;
  /** Link hops from the pushed dump (the message's `newsflow-link-depth`; 0 for URLs a dump names). */
  depth?: number | undefined;
  /** The dump's inline version of the page (a feed item's description), published if the download fails. */
  fallback?: { format: DumpFormat; document: FallbackDocument } | undefined;
}

export interface UrlQueue {
  enqueue(jobs: UrlJob[]): Promise<void>;
}

/** What fetch knows about a dump before resolving it. */
export interface DumpContext {
  dumpId: string;
  traceId: string;
  ingestTs: number;
  receivedAt: string;
  source?: string | undefined;
  /** Link hops from the pushed dump: 0, or one more than the listing page whose links this dump lists. */
  depth: number;
}

function decodeEnvelopeBody(env: DumpEnvelope): Uint8Array | undefined {
  if (env.body === undefined) return undefined;
  try {
    switch (env.bodyEncoding ?? 'utf8') {
      case 'utf8':
        return Buffer.from(env.body, 'utf8');
      case 'base64':
        return Buffer.from(env.body, 'base64');
      case 'gzip+base64':
        return gunzipSync(Buffer.from(env.body, 'base64'), { maxOutputLength: 100 * 1024 * 1024 });
    }
  } catch (err) {
    throw new PermanentError(
      'invalid_envelope',
      `envelope body could not be decoded as ${env.bodyEncoding}: ${(err as Error).message}`,
    );
  }
}

/**
 * Resolves one dump from `news.ingest.v1` (raw bytes of any supported format, or a JSON envelope) into raw
 * documents on `news.raw.v1`, and URLs into download jobs. Unreadable dumps fail permanently with the reason;
 * recoverable problems inside a dump (e.g. bad NDJSON lines) are dead-lettered alongside the good documents.
 */
export class ResolveDumpHandler {
  constructor(
    private readonly urls: UrlQueue,
    private readonly options: { maxDumpBytes: number },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    if (message.value.length === 0) throw new PermanentError('empty', 'dump is empty (0 bytes)');
    const env = this.envelope(message.value);
    const ctx = this.context(message, env);
    const bytes = env ? decodeEnvelopeBody(env) : message.value;
    const outputs: OutboundMessage[] = [];
    const jobs: UrlJob[] = [];

    if (bytes !== undefined && bytes.length > 0) {
      const res = await resolveDump(bytes, {
        contentType: env?.contentType ?? message.headers[HEADER_CONTENT_TYPE],
        url: env?.url,
        maxBytes: this.options.maxDumpBytes,
      });
      if (!res.ok) throw new PermanentError(res.reason, `dump ${ctx.dumpId}: ${res.message}`);
      outputs.push(
        ...rawDocumentMessages(res, {
          ...ctx,
          fetchedAt: this.clock().toISOString(),
          headers: this.headers(ctx),
        }),
      );
      res.urls.forEach((url, i) => {
        const fallback = res.fallbacks?.[url];
        jobs.push({
          url,
          docIndex: res.documents.length + i,
          ...ctx,
          ...(fallback ? { fallback: { format: res.innerFormat ?? res.format, document: fallback } } : {}),
        });
      });
      if (res.warnings.length > 0) {
        // Nothing is dropped silently: the parts of the dump that could not be read go to the DLQ, with the dump.
        const err = new PermanentError(
          'partial_dump',
          `dump ${ctx.dumpId}: ${res.warnings.length} part(s) unreadable: ${res.warnings.join('; ')}`,
        );
        outputs.push(deadLetterFor('fetch', message, err, 1, this.clock()));
      }
    } else if (env?.url) {
      jobs.push({ url: env.url, docIndex: 0, ...ctx });
    } else {
      throw new PermanentError('empty', `dump ${ctx.dumpId}: the envelope has an empty body and no url`);
    }

    if (outputs.length === 0 && jobs.length === 0)
      throw new PermanentError('no_documents', `dump ${ctx.dumpId}: no document or URL found`);
    if (jobs.length > 0) await this.urls.enqueue(jobs);
    return outputs;
  }

  /**
   * The dump's envelope, validated with the contracts schema (`checkEnvelope`). A value that is one JSON object whose keys are all
   * envelope keys is an envelope (see `isEnvelopeShaped`): wrong field types are refused with the field named,
   * never read as an article.
   */
  private envelope(value: Buffer): DumpEnvelope | undefined {
    const candidate = parseEnvelope(value);
    if (!candidate.ok) return undefined;
    const checked = checkEnvelope(candidate.value);
    if (!checked.ok) throw new PermanentError('invalid_envelope', `invalid envelope: ${checked.message}`);
    return checked.envelope;
  }

  private context(message: InboundMessage, env: DumpEnvelope | undefined): DumpContext {
    let dumpId: string;
    if (env?.id !== undefined) {
      if (!isValidDumpId(env.id))
        throw new PermanentError(
          'invalid_envelope',
          `envelope id "${env.id.slice(0, 80)}" is not a short URL-safe id`,
        );
      dumpId = env.id;
    } else if (message.key && isValidDumpId(message.key)) {
      dumpId = message.key;
    } else {
      dumpId = dumpIdFromBytes(message.value);
    }
    const headerTs = Number(message.headers[stageTimestampHeader('ingest')]);
    const kafkaTs = Number(message.timestamp);
    const ingestTs =
      Number.isFinite(headerTs) && headerTs > 0
        ? headerTs
        : Number.isFinite(kafkaTs) && kafkaTs > 0
          ? kafkaTs
          : this.clock().getTime();
    let receivedAt = new Date(ingestTs).toISOString();
    if (env?.receivedAt !== undefined) {
      const parsed = Date.parse(env.receivedAt);
      if (Number.isNaN(parsed))
        throw new PermanentError(
          'invalid_envelope',
          `envelope receivedAt "${env.receivedAt.slice(0, 80)}" is not an ISO date-time`,
        );
      receivedAt = new Date(parsed).toISOString();
    }
    return {
      dumpId,
      traceId: message.headers[HEADER_TRACE_ID] ?? randomUUID(),
      ingestTs,
      receivedAt,
      source: env?.source ?? message.headers[HEADER_SOURCE],
      depth: readLinkDepth(message.headers),
    };
  }

  private headers(ctx: DumpContext): Record<string, string> {
    return {
      [HEADER_TRACE_ID]: ctx.traceId,
      [HEADER_DUMP_ID]: ctx.dumpId,
      [stageTimestampHeader('ingest')]: String(ctx.ingestTs),
      ...(ctx.depth > 0 ? { [HEADER_LINK_DEPTH]: String(ctx.depth) } : {}),
    };
  }
}
