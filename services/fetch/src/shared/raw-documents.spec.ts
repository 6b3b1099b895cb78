import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawDocumentSchema } from '@newsflow/contracts';
import { resolveDump } from '@newsflow/extract';
import { rawDocumentMessages } from './raw-documents.js';

const seed = readFileSync(resolve(__dirname, '../../../../seeds/aggregator-page-dump.txt'), 'utf8');
const ctx = {
  dumpId: 'dump-1',
  receivedAt: '2026-11-27T10:00:00.000Z',
  fetchedAt: '2026-11-27T10:00:01.000Z',
  headers: { 'x-trace': 't' },
};

const lines = [
  {
    title: 'One',
    body: 'Body one, plain.',
    url: 'https://a.example/1',
    source: 'A',
    author: 'X',
    publishedAt: '2 days ago',
  },
  { headline: 'Two', text: 'Body two caf\u00e9 \u201cquoted\u201d.' },
  { title: 'Three', body: '<p>Body <b>three</b></p>', publisher: { name: 'Pub' }, date: '2026-11-01' },
  { body: 'No title at all, only a body long enough.' },
];

describe('rawDocumentMessages: compiled check vs zod', () => {
  it('sends the same bytes for NDJSON, text and invalid-byte dumps, with the optional fields present or absent', async () => {
    const dumps = [
      Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`),
      Buffer.from(seed),
      Buffer.concat([
        Buffer.from('{"title":"Bad","body":"bytes '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(' here"}\n'),
      ]),
    ];
    let checked = 0;
    for (const bytes of dumps) {
      const res = await resolveDump(bytes, {});
      if (!res.ok) throw new Error(res.message);
      for (const extra of [{}, { source: 'ctx-source', pageUrl: 'https://page.example/' }]) {
        const fast = rawDocumentMessages(res, { ...ctx, ...extra }, 'fast');
        const zod = rawDocumentMessages(res, { ...ctx, ...extra }, 'zod');
        expect(fast).toEqual(zod);
        for (const m of fast)
          expect(rawDocumentSchema.safeParse(JSON.parse(String(m.value))).success).toBe(true);
        checked += fast.length;
      }
    }
    expect(checked).toBeGreaterThan(8);
  });

  it('leaves a document the schema refuses to zod, which refuses it with the field named', async () => {
    const res = await resolveDump(Buffer.from('{"title":"T","body":"B"}\n'), {});
    if (!res.ok) throw new Error(res.message);
    expect(() => rawDocumentMessages(res, { ...ctx, receivedAt: 'yesterday' }, 'fast')).toThrow(/receivedAt/);
  });
});
