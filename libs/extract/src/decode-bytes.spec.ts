import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeDocumentBytes } from './decode-bytes.js';

describe('decodeDocumentBytes', () => {
  it('decodes valid UTF-8 as UTF-8', () => {
    expect(decodeDocumentBytes(Buffer.from('café “quoted”', 'utf8'))).toEqual({
      text: 'café “quoted”',
      charset: 'utf-8',
    });
  });

  it('falls back to Windows-1252 (curly quotes, euro) when the bytes are not UTF-8', () => {
    const bytes = Uint8Array.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x80, 0x35, 0x20, 0xe9]);
    expect(decodeDocumentBytes(bytes)).toEqual({ text: '“Hi” €5 é', charset: 'windows-1252' });
  });

  it('honours a BOM and a declared charset, and inflates gzip', () => {
    expect(decodeDocumentBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])).text).toBe('A');
    const koi8 = Buffer.concat([Buffer.from('<meta charset="koi8-r"><p>'), Buffer.from([0xf0, 0xd2, 0xc9])]);
    expect(decodeDocumentBytes(koi8).text).toContain('При');
    expect(decodeDocumentBytes(gzipSync(Buffer.from('<p>zipped</p>'))).text).toBe('<p>zipped</p>');
  });

  it('keeps mostly-UTF-8 text with one invalid byte as UTF-8, with U+FFFD and a count instead of mojibake', () => {
    const bytes = Buffer.concat([
      Buffer.from('Zürich café ', 'utf8'),
      Buffer.from([0xff]),
      Buffer.from(' €5'),
    ]);
    expect(decodeDocumentBytes(bytes)).toEqual({
      text: 'Zürich café \uFFFD €5',
      charset: 'utf-8',
      replacements: 1,
    });
  });
});
