/**
 * Throughput of resolveDump on synthetic dumps (NDJSON, gzip NDJSON, WARC, RSS, Windows-1252 HTML).
 * Run: `npx tsx libs/extract/src/formats/resolve-dump.eval.ts` (a few seconds of one core).
 */
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { resolveDump } from './resolve-dump.js';

const PARA =
  'The central bank held interest rates steady on Thursday, citing persistent inflation in services and a labour market that remains tight. ';

function article(i: number): string {
  return JSON.stringify({
    title: `Story ${i}`,
    body: PARA.repeat(12),
    url: `https://news.example/${i}`,
    source: 'Wire',
    publishedAt: '2026-11-27T08:00:00Z',
  });
}

async function warc(n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const rec = WARCRecord.create(
      {
        url: `https://news.example/${i}`,
        type: 'response',
        httpHeaders: { 'Content-Type': 'text/html; charset=utf-8' },
        statusline: 'HTTP/1.1 200 OK',
      },
      [
        new TextEncoder().encode(
          `<html><head><title>Story ${i}</title></head><body><p>${PARA.repeat(12)}</p></body></html>`,
        ),
      ],
    );
    parts.push(await WARCSerializer.serialize(rec, { gzip: true }));
  }
  return new Uint8Array(Buffer.concat(parts));
}

function rss(n: number): Uint8Array {
  const items = Array.from(
    { length: n },
    (_, i) =>
      `<item><title>Story ${i}</title><link>https://news.example/${i}</link><content:encoded><![CDATA[<p>${PARA.repeat(12)}</p>]]></content:encoded></item>`,
  ).join('');
  return new TextEncoder().encode(
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>${items}</channel></rss>`,
  );
}

async function measure(name: string, bytes: Uint8Array, runs = 3): Promise<void> {
  let best = Infinity;
  let docs = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const res = await resolveDump(bytes);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!res.ok) throw new Error(`${name}: ${res.reason} ${res.message}`);
    docs = res.documents.length;
    best = Math.min(best, ms);
  }
  const mb = bytes.length / 1024 / 1024;
  console.log(
    `${name.padEnd(22)} ${mb.toFixed(2).padStart(6)} MB  ${String(docs).padStart(6)} docs  best of ${runs}: ${best.toFixed(0).padStart(5)} ms  ${(docs / (best / 1000)).toFixed(0).padStart(7)} docs/s  ${(mb / (best / 1000)).toFixed(1).padStart(6)} MB/s`,
  );
}

async function main(): Promise<void> {
  const ndjson = new TextEncoder().encode(Array.from({ length: 5000 }, (_, i) => article(i)).join('\n'));
  await measure('ndjson', ndjson);
  await measure('ndjson.gz', gzipSync(ndjson));
  await measure('warc.gz', await warc(2000));
  await measure('rss', rss(2000));
  const cp1252 = Buffer.from(`<html><body>${'caf\u00e9 '.repeat(400_000)}</body></html>`, 'latin1');
  await measure('html windows-1252', new Uint8Array(cp1252));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
