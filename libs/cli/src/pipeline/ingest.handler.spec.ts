import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dumpIdFromBytes } from '@newsflow/contracts';
import { collectItems, messagesFor, splitLines } from './ingest.handler.js';

describe('collectItems', () => {
  it('walks folders recursively in a stable order, skips dot-files, keeps URLs and stdin, and reports missing paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-ingest-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.txt'), 'b');
    writeFileSync(join(dir, 'a.html'), 'a');
    writeFileSync(join(dir, 'sub', 'c.ndjson'), 'c');
    writeFileSync(join(dir, '.hidden'), 'x');
    const { items, failures } = collectItems([dir, 'https://example.com/x', '-', join(dir, 'missing')], () =>
      Buffer.from('stdin'),
    );
    expect(items.map((i) => i.name)).toEqual([
      join(dir, 'a.html'),
      join(dir, 'b.txt'),
      join(dir, 'sub', 'c.ndjson'),
      'https://example.com/x',
      '(stdin)',
    ]);
    expect(failures).toEqual([{ name: join(dir, 'missing'), reason: 'no such file or folder' }]);
  });
});

describe('messagesFor', () => {
  it('sends a small file as one message keyed by its content-derived dump id, with ingest headers', () => {
    const bytes = Buffer.from('<html>hello</html>');
    const { messages, dump } = messagesFor(
      { kind: 'bytes', name: 'x.html', bytes },
      { maxMessageBytes: 1000, source: 'Wire', now: 42 },
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.key).toBe(dumpIdFromBytes(bytes));
    expect(messages[0]!.headers).toMatchObject({
      'newsflow-ts-ingest': '42',
      'newsflow-content-type': 'text/html',
      'newsflow-source': 'Wire',
    });
    expect(dump).toMatchObject({ parts: 1, compressed: false, bytes: bytes.length });
  });

  it('gzips a dump over the limit when that is enough', () => {
    const bytes = Buffer.from('the same sentence again. '.repeat(400));
    const { messages, dump } = messagesFor(
      { kind: 'bytes', name: 'big.txt', bytes },
      { maxMessageBytes: 2000 },
    );
    expect(dump.compressed).toBe(true);
    expect(gunzipSync(messages[0]!.value as Buffer)).toEqual(bytes);
  });

  it('splits a line-oriented dump that stays too big at line boundaries', () => {
    // Random bytes as base64 do not compress below the limit, so the splitter (not gzip) must handle this dump.
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ title: `t${i}`, body: randomBytes(60).toString('base64') }),
    );
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const { messages, dump } = messagesFor(
      { kind: 'bytes', name: 'a.ndjson', bytes },
      { maxMessageBytes: 4000 },
    );
    expect(dump.compressed).toBe(false);
    expect(dump.parts).toBeGreaterThan(1);
    expect(Buffer.concat(messages.map((m) => m.value as Buffer))).toEqual(bytes);
    for (const m of messages) expect((m.value as Buffer).length).toBeLessThanOrEqual(4000);
  });

  it('refuses an empty file and an unsplittable oversize dump with the reason', () => {
    expect(() =>
      messagesFor({ kind: 'bytes', name: 'e.txt', bytes: Buffer.alloc(0) }, { maxMessageBytes: 100 }),
    ).toThrow(/empty/);
    const random = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(Math.random() * 256)));
    expect(() =>
      messagesFor({ kind: 'bytes', name: 'x.bin', bytes: random }, { maxMessageBytes: 1000 }),
    ).toThrow(/exceed the 1000-byte message limit/);
  });

  it('wraps a URL in a url-only envelope', () => {
    const { messages } = messagesFor(
      { kind: 'url', name: 'u', url: 'https://example.com/a' },
      { maxMessageBytes: 1000 },
    );
    expect(JSON.parse(String(messages[0]!.value))).toEqual({ url: 'https://example.com/a' });
  });
});

describe('splitLines', () => {
  it('gives up when a single line exceeds the limit', () => {
    expect(splitLines(Buffer.from('short\n' + 'x'.repeat(50) + '\n'), 20)).toBeUndefined();
  });
});
