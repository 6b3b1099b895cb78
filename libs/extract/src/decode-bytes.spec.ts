import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeDocumentBytes } from './decode-bytes.js';

// decodeDocumentBytes is the pipeline's decoder (decodeText, specified in formats/decode-text.spec.ts) behind gzip.
describe('decodeDocumentBytes', () => {
  it('decodes valid UTF-8 as UTF-8', () => {
    expect(decodeDocumentBytes(Buffer.from('café “quoted”', 'utf8'))).toEqual({
      text: 'café “quoted”',
      charset: 'utf-8',
    });
  });

  it('reads Windows-1252 text (curly quotes, euro) as Windows-1252', () => {
    const s = 'The price rose to “5 €” per kilo — café owners in Zürich said the rise was “unacceptable”.';
    expect(decodeDocumentBytes(iconv.encode(s, 'windows-1252'))).toEqual({
      text: s,
      charset: 'windows-1252',
    });
  });

  it('honours a BOM and a declared charset, and inflates gzip', () => {
    expect(decodeDocumentBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])).text).toBe('A');
    const koi8 = Buffer.concat([Buffer.from('<meta charset="koi8-r"><p>'), Buffer.from([0xf0, 0xd2, 0xc9])]);
    expect(decodeDocumentBytes(koi8).text).toContain('При');
    expect(decodeDocumentBytes(gzipSync(Buffer.from('<p>zipped</p>'))).text).toBe('<p>zipped</p>');
  });

  it('keeps mostly-UTF-8 text with one invalid byte as UTF-8, with U+FFFD and a count instead of mojibake', () => {
    const good = 'Zürich café owners say “prices rose” by 5 € — déjà vu.\n';
    const bytes = Buffer.concat([Buffer.from(good.repeat(4)), Buffer.from([0xff]), Buffer.from(good)]);
    expect(decodeDocumentBytes(bytes)).toEqual({
      text: `${good.repeat(4)}\uFFFD${good}`,
      charset: 'utf-8',
      replacements: 1,
    });
  });

  it('refuses bytes that are not text, with the reason', () => {
    expect(() =>
      decodeDocumentBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
    ).toThrow(/^binary: input is a PNG/);
  });
});
