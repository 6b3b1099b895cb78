import { WARCParser } from 'warcio';
import { decodeText } from './decode-text.js';
import type { DumpDocument } from './dump-format.types.js';
import { htmlTitle } from './html-snippets.js';

const TEXT_MIME = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Result of {@link parseWarc}: documents already decoded (each with its own charset). */
export interface WarcPart {
  documents: Array<Omit<DumpDocument, 'index'>>;
  warnings: string[];
  /** Records of type response/resource seen. */
  candidates: number;
}

/**
 * Reads an uncompressed WARC (gzip is undone by the caller, members and all) and emits one document per
 * `response` (HTTP 2xx) or `resource` record whose payload is HTML or plain text. The URL is WARC-Target-URI;
 * the charset comes from the HTTP Content-Type, then the payload itself. Other records are counted in warnings.
 */
export async function parseWarc(bytes: Uint8Array): Promise<WarcPart | { error: string }> {
  const part: WarcPart = { documents: [], warnings: [], candidates: 0 };
  const skipped = new Map<string, number>();
  const skip = (why: string): void => {
    skipped.set(why, (skipped.get(why) ?? 0) + 1);
  };
  let records = 0;
  let typed = 0;
  try {
    for await (const record of WARCParser.iterRecords([bytes])) {
      records++;
      const type = record.warcType as string | null | undefined;
      if (type) typed++;
      if (type !== 'response' && type !== 'resource') {
        await record.skipFully();
        continue;
      }
      part.candidates++;
      let contentType: string | undefined;
      if (type === 'response') {
        const info = record.getResponseInfo();
        const status = Number(info?.status);
        if (!info || !(status >= 200 && status < 300)) {
          skip(`HTTP status ${Number.isFinite(status) ? status : 'missing'}`);
          await record.skipFully();
          continue;
        }
        contentType = info.headers.get('content-type') ?? undefined;
      } else {
        contentType = record.warcContentType ?? undefined;
      }
      if (!contentType || !TEXT_MIME.test(contentType)) {
        skip(`content type ${contentType?.split(';')[0] ?? 'missing'}`);
        await record.skipFully();
        continue;
      }
      // readFully(true) undoes chunked transfer and Content-Encoding of the stored HTTP payload.
      const payload = await record.readFully(true);
      const decoded = decodeText(payload, { contentType });
      const uri = record.warcTargetURI ?? undefined;
      if (!decoded.ok) {
        part.warnings.push(`record ${records} (${uri ?? 'no URI'}): ${decoded.reason}: ${decoded.message}`);
        continue;
      }
      const isHtml = !/^text\/plain/i.test(contentType);
      const doc: WarcPart['documents'][number] = {
        body: decoded.text,
        contentType: isHtml ? 'text/html' : 'text/plain',
        charset: decoded.charset,
      };
      if (decoded.replacements > 0) doc.replacements = decoded.replacements;
      if (uri) doc.url = uri;
      const title = isHtml ? htmlTitle(decoded.text) : undefined;
      if (title) doc.title = title;
      part.documents.push(doc);
    }
  } catch (err) {
    const message = `WARC record ${records + 1}: ${err instanceof Error ? err.message : String(err)}`;
    if (records === 0 || part.documents.length === 0) return { error: message };
    part.warnings.push(`${message}; the rest of the file was not read`);
  }
  // warcio yields a record for any header block; one without WARC-Type means the file is not a WARC.
  if (typed === 0) return { error: 'no WARC record could be read' };
  for (const [why, n] of skipped) part.warnings.push(`skipped ${n} record(s): ${why}`);
  return part;
}
