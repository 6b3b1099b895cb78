import { RAW_TOPIC, type RawDocument } from '@newsflow/contracts';
import { parseAnyDate, type ResolveResult } from '@newsflow/extract';
import { jsonMessage, type OutboundMessage } from '@newsflow/messaging';

type Resolved = Extract<ResolveResult, { ok: true }>;

export interface RawDocumentContext {
  dumpId: string;
  receivedAt: string;
  fetchedAt: string;
  source?: string | undefined;
  /** URL of the page the documents came from, for documents that name none. */
  pageUrl?: string | undefined;
  /** Added to each document's position (URL documents come after the dump's inline ones). */
  docIndexBase?: number;
  headers: Record<string, string>;
}

/**
 * A `news.raw.v1` message of a document; `validation: 'zod'` skips the raw topic's compiled check (for A/B and specs).
 * The document's keys are in the schema's order and hold no undefined value, so the fast path writes what zod's copy
 * would.
 */
export function rawDocumentMessage(
  doc: RawDocument,
  key: string,
  headers: Record<string, string>,
  validation: 'fast' | 'zod' = 'fast',
): OutboundMessage {
  return jsonMessage(RAW_TOPIC, key, doc, headers, { fastCheck: validation === 'fast' });
}

/** One `news.raw.v1` message per non-empty document of a resolved dump or fetched page. */
export function rawDocumentMessages(
  res: Resolved,
  ctx: RawDocumentContext,
  validation: 'fast' | 'zod' = 'fast',
): OutboundMessage[] {
  return res.documents
    .filter((d) => d.body.trim())
    .map((d) => {
      // Keys in the schema's order; optional ones only when set (an undefined value sends the check to zod).
      const doc: RawDocument = {
        schemaVersion: 1,
        dumpId: ctx.dumpId,
        docIndex: (ctx.docIndexBase ?? 0) + d.index,
        format: res.innerFormat ?? res.format,
        contentType: d.contentType,
        charset: d.charset,
      } as RawDocument;
      if (d.replacements) doc.replacements = d.replacements;
      doc.body = d.body;
      const url = d.url ?? ctx.pageUrl;
      if (url !== undefined) doc.url = url;
      const source = d.source ?? ctx.source;
      if (source !== undefined) doc.source = source;
      if (d.title !== undefined) doc.title = d.title;
      if (d.author !== undefined) doc.author = d.author;
      const publishedAt = parseAnyDate(d.publishedAt, ctx.receivedAt);
      if (publishedAt !== undefined) doc.publishedAt = publishedAt;
      doc.receivedAt = ctx.receivedAt;
      doc.fetchedAt = ctx.fetchedAt;
      return rawDocumentMessage(doc, ctx.dumpId, ctx.headers, validation);
    });
}
