import type { DumpFormat } from '@newsflow/contracts';

/** The formats (`DUMP_FORMATS`) are part of the `news.raw.v1` contract: defined once in libs/contracts. */
export type { DumpFormat };

/**
 * One document found in a dump, already decoded to text. The fetch stage wraps it into a `news.raw.v1` message
 * (`RawDocument` of libs/contracts), which the clean stage takes from there.
 */
export interface DumpDocument {
  /** The decoded document (HTML source or plain text). */
  body: string;
  contentType: 'text/html' | 'text/plain';
  /** WHATWG name of the charset the bytes were decoded from (e.g. `utf-8`, `windows-1252`). */
  charset: string;
  /** Invalid byte sequences of this document decoded as U+FFFD (absent when there were none). */
  replacements?: number;
  url?: string;
  title?: string;
  /** As found in the dump (not normalised: the clean stage parses dates). */
  publishedAt?: string;
  source?: string;
  author?: string;
  /** Position of the document in its dump, from 0. */
  index: number;
}

/**
 * What a dump says inline about a URL it also asks to fetch (a feed item's description): published in place of
 * the page when the download fails, so the item is not lost.
 */
export type FallbackDocument = Omit<DumpDocument, 'index'>;

/** Why a dump could not be resolved into documents. */
export type ResolveFailureReason = 'empty' | 'binary' | 'too_large' | 'undecodable' | 'malformed';

/** Outcome of {@link resolveDump}: documents to clean and URLs to fetch, or a typed failure. */
export type ResolveResult =
  | {
      ok: true;
      format: DumpFormat;
      /** For a JSON envelope, the format of the body it carried (absent when it only carried a URL). */
      innerFormat?: DumpFormat;
      documents: DumpDocument[];
      /** Absolute http(s) URLs the fetch stage should download. */
      urls: string[];
      /** Inline documents keyed by an entry of `urls`, for when that download fails. */
      fallbacks?: Record<string, FallbackDocument>;
      /** Problems that did not stop the dump (bad NDJSON lines, skipped WARC records...), with positions. */
      warnings: string[];
    }
  | { ok: false; reason: ResolveFailureReason; message: string };

/** Hints that travel with a dump (HTTP/Kafka headers, file name, origin URL). */
export interface DumpHints {
  contentType?: string;
  fileName?: string;
  url?: string;
}

/** Limits of {@link resolveDump}. */
export interface ResolveLimits {
  /** Largest accepted input, compressed or not (default 20 MiB). */
  maxBytes?: number;
  /** Largest accepted output of gunzip (default 100 MiB). */
  maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_DUMP_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;
