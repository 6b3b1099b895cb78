import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INGEST_TOPIC, dumpIdFromBytes, ingestHeaders } from '@newsflow/contracts';
import { KafkaProducerAdapter, type OutboundMessage } from '@newsflow/messaging';
import type { Kafka } from 'kafkajs';

/** A dump to push: bytes from a file or stdin, or a URL for fetch to download. */
export type IngestItem =
  { kind: 'bytes'; name: string; bytes: Buffer } | { kind: 'url'; name: string; url: string };

export interface IngestedDump {
  name: string;
  dumpIds: string[];
  bytes: number;
  parts: number;
  compressed: boolean;
}

export interface IngestFailure {
  name: string;
  reason: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.txt': 'text/plain',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.json': 'application/json',
  '.warc': 'application/warc',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
};

/** Expands files, folders (recursively, skipping dot-files) and URLs into ingest items, in a stable order. */
export function collectItems(
  inputs: readonly string[],
  readStdin: () => Buffer,
): { items: IngestItem[]; failures: IngestFailure[] } {
  const items: IngestItem[] = [];
  const failures: IngestFailure[] = [];
  const walk = (path: string, root: string) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) walk(join(path, entry), root);
    } else if (st.isFile()) {
      items.push({
        kind: 'bytes',
        name: root === path ? path : join(root, relative(root, path)),
        bytes: readFileSync(path),
      });
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      items.push({ kind: 'bytes', name: '(stdin)', bytes: readStdin() });
    } else if (/^https?:\/\//i.test(input)) {
      items.push({ kind: 'url', name: input, url: input });
    } else {
      try {
        walk(input, input);
      } catch (err) {
        failures.push({
          name: input,
          reason:
            (err as NodeJS.ErrnoException).code === 'ENOENT'
              ? 'no such file or folder'
              : (err as Error).message,
        });
      }
    }
  }
  return { items, failures };
}

/**
 * Splits a text dump at line boundaries into parts of at most `maxBytes` each. Used only for line-oriented
 * formats (NDJSON, URL lists), where each line stands alone; returns undefined when a single line is too big.
 */
export function splitLines(bytes: Buffer, maxBytes: number): Buffer[] | undefined {
  const parts: Buffer[] = [];
  let start = 0;
  let lastBreak = -1;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0x0a) lastBreak = i;
    if (i - start + 1 > maxBytes) {
      if (lastBreak < start) return undefined;
      parts.push(bytes.subarray(start, lastBreak + 1));
      start = lastBreak + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

function looksLineOriented(name: string, bytes: Buffer): boolean {
  const ext = extname(name).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return true;
  const head = bytes.subarray(0, 4096).toString('utf8');
  const lines = head.split('\n').filter((l) => l.trim());
  return (
    lines.length > 1 &&
    (lines.every((l) => /^\s*\{/.test(l)) || lines.every((l) => /^(https?:\/\/\S+|#.*)$/.test(l.trim())))
  );
}

/**
 * Turns an item into the Kafka messages of its dump(s). Dumps over the broker's limit are gzip-compressed
 * (fetch gunzips by magic number); line-oriented dumps still too big are split at line boundaries into
 * several dumps; anything else too big is refused with the reason.
 */
export function messagesFor(
  item: IngestItem,
  opts: { maxMessageBytes: number; source?: string | undefined; now?: number },
): { messages: OutboundMessage[]; dump: IngestedDump } {
  const now = opts.now ?? Date.now();
  const headersFor = (dumpId: string, contentType?: string): Record<string, string> =>
    ingestHeaders({ traceId: randomUUID(), dumpId, ingestedAt: now, contentType, source: opts.source });
  if (item.kind === 'url') {
    const value = Buffer.from(
      JSON.stringify({ url: item.url, ...(opts.source ? { source: opts.source } : {}) }),
    );
    const dumpId = dumpIdFromBytes(Buffer.from(item.url));
    return {
      messages: [{ topic: INGEST_TOPIC, key: dumpId, value, headers: headersFor(dumpId) }],
      dump: { name: item.name, dumpIds: [dumpId], bytes: value.length, parts: 1, compressed: false },
    };
  }
  if (item.bytes.length === 0) throw new Error('file is empty (0 bytes)');
  const contentType = CONTENT_TYPES[extname(item.name).toLowerCase()];
  const limit = opts.maxMessageBytes;
  let payloads: Buffer[] = [item.bytes];
  let compressed = false;
  if (item.bytes.length > limit) {
    const gz = gzipSync(item.bytes);
    if (gz.length <= limit) {
      payloads = [gz];
      compressed = true;
    } else if (looksLineOriented(item.name, item.bytes)) {
      const parts = splitLines(item.bytes, limit);
      if (!parts) throw new Error(`a single line is larger than the ${limit}-byte message limit`);
      payloads = parts;
    } else {
      throw new Error(
        `${item.bytes.length} bytes (${gz.length} gzip-compressed) exceed the ${limit}-byte message limit and the format cannot be split; split the dump`,
      );
    }
  }
  const messages = payloads.map((p) => {
    const dumpId = dumpIdFromBytes(p);
    return {
      topic: INGEST_TOPIC,
      key: dumpId,
      value: p,
      headers: headersFor(dumpId, compressed ? undefined : contentType),
    };
  });
  return {
    messages,
    dump: {
      name: item.name,
      dumpIds: messages.map((m) => m.key ?? ''),
      bytes: item.bytes.length,
      parts: messages.length,
      compressed,
    },
  };
}

export interface IngestProgress {
  done: number;
  total: number;
  bytes: number;
  failed: number;
}

/** Pushes items to the ingest topic, one acknowledged send per dump, reporting progress after each. */
export async function ingestItems(
  kafka: Kafka,
  prefix: string,
  items: readonly IngestItem[],
  opts: { maxMessageBytes: number; source?: string | undefined; onProgress?: (p: IngestProgress) => void },
): Promise<{ dumps: IngestedDump[]; failures: IngestFailure[] }> {
  const producer = new KafkaProducerAdapter(kafka, prefix);
  await producer.connect();
  const dumps: IngestedDump[] = [];
  const failures: IngestFailure[] = [];
  let bytes = 0;
  try {
    for (const item of items) {
      try {
        const { messages, dump } = messagesFor(item, opts);
        await producer.send(messages);
        dumps.push(dump);
        bytes += dump.bytes;
      } catch (err) {
        failures.push({ name: item.name, reason: (err as Error).message });
      }
      opts.onProgress?.({
        done: dumps.length + failures.length,
        total: items.length,
        bytes,
        failed: failures.length,
      });
    }
  } finally {
    await producer.disconnect();
  }
  return { dumps, failures };
}
