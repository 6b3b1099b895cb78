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

/** One `news.raw.v1` message per non-empty document of a resolved dump or fetched page. */
export function rawDocumentMessages(res: Resolved, ctx: RawDocumentContext): OutboundMessage[] {
  return res.documents
    .filter((d) => d.body.trim())
    .map((d) => {
      const doc: RawDocument = {
        schemaVersion: 1,
        dumpId: ctx.dumpId,
        docIndex: (ctx.docIndexBase ?? 0) + d.index,
        format: res.innerFormat ?? res.format,
        contentType: d.contentType,
        charset: d.charset,
        ...(d.replacements ? { replacements: d.replacements } : {}),
        body: d.body,
        url: d.url ?? ctx.pageUrl,
        source: d.source ?? ctx.source,
        title: d.title,
        author: d.author,
        publishedAt: parseAnyDate(d.publishedAt, ctx.receivedAt),
        receivedAt: ctx.receivedAt,
        fetchedAt: ctx.fetchedAt,
      };
      return jsonMessage(RAW_TOPIC, ctx.dumpId, doc, ctx.headers);
    });
}
