import { describe, expect, it } from 'vitest';
import { buildCharsetSamples } from './charset-detectors.eval.js';
import { decodeText, decodeWithCharset, declaredCharset, normaliseCharset } from './decode-text.js';
import { resolveDump } from './resolve-dump.js';

const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const utf16 = (s: string, be: boolean): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  if (be) le.swap16();
  return new Uint8Array(le);
};

describe('decodeText', () => {
  it('strips a UTF-8 byte order mark and reports utf-8 with full confidence', () => {
    const r = decodeText(concat(Uint8Array.of(0xef, 0xbb, 0xbf), Buffer.from('Grüße')));
    expect(r).toEqual({ ok: true, text: 'Grüße', charset: 'utf-8', replacements: 0, confidence: 1 });
  });

  it('decodes UTF-16LE and UTF-16BE announced by a byte order mark', () => {
    const le = decodeText(concat(Uint8Array.of(0xff, 0xfe), utf16('Ça va? 東京', false)));
    const be = decodeText(concat(Uint8Array.of(0xfe, 0xff), utf16('Ça va? 東京', true)));
    expect(le).toMatchObject({ ok: true, text: 'Ça va? 東京', charset: 'utf-16le' });
    expect(be).toMatchObject({ ok: true, text: 'Ça va? 東京', charset: 'utf-16be' });
  });

  it('recognises UTF-16 without a byte order mark from its NUL byte pattern', () => {
    const text = 'Le président a parlé mercredi devant les députés.';
    expect(decodeText(utf16(text, false))).toMatchObject({ ok: true, text, charset: 'utf-16le' });
    expect(decodeText(utf16(text, true))).toMatchObject({ ok: true, text, charset: 'utf-16be' });
  });

  it('follows the charset of the HTTP Content-Type before anything in the document', () => {
    const bytes = latin1('<meta charset="utf-8"><p>caf\u00e9</p>');
    const r = decodeText(bytes, { contentType: 'text/html; charset=ISO-8859-1' });
    expect(r).toMatchObject({ ok: true, text: '<meta charset="utf-8"><p>café</p>', charset: 'windows-1252' });
  });

  it('follows <meta charset>, <meta http-equiv> and the XML prolog', () => {
    const body = latin1('<p>na\u00efve r\u00e9sum\u00e9</p>');
    const meta = decodeText(concat(latin1('<meta charset="windows-1252">'), body));
    const equiv = decodeText(
      concat(latin1('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'), body),
    );
    const xml = decodeText(concat(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss>'), body));
    for (const r of [meta, equiv, xml]) expect(r).toMatchObject({ ok: true, charset: 'windows-1252' });
    expect(meta.ok && meta.text.endsWith('<p>naïve résumé</p>')).toBe(true);
  });

  it('decodes Windows-1252 punctuation in 0x80-0x9F per WHATWG, which Node 20 TextDecoder gets wrong', () => {
    const bytes = Uint8Array.of(0x93, 0x48, 0x69, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x85);
    expect(decodeWithCharset(bytes, 'windows-1252')).toBe('\u201cHi\u201d \u20ac5 \u2013 \u2026');
    expect(decodeWithCharset(bytes, 'latin1')).toBe('\u201cHi\u201d \u20ac5 \u2013 \u2026');
  });

  it('takes valid UTF-8 as UTF-8 when nothing is declared', () => {
    expect(decodeText(Buffer.from('Zürich – 東京'))).toMatchObject({
      ok: true,
      text: 'Zürich – 東京',
      charset: 'utf-8',
    });
  });

  it('ignores a declared UTF-8 that is not valid UTF-8 and detects the real charset', () => {
    const text = 'Les élèves ont célébré la fin de l’année à Montréal avec leurs professeurs préférés.';
    const bytes = concat(latin1('<meta charset="utf-8">'), buildCp1252(text));
    const r = decodeText(bytes);
    expect(r.ok).toBe(true);
    expect(r.ok && r.text).toBe(`<meta charset="utf-8">${text}`);
  });

  it('detects every Latin-1, Windows-1252 and BOM-less UTF-16 sample of the charset evaluation', () => {
    for (const s of buildCharsetSamples()) {
      const r = decodeText(s.bytes);
      expect(r.ok && r.text, s.name).toBe(s.text);
    }
  });

  it.each([
    ['PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), /PNG image/],
    ['JPEG', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46), /JPEG image/],
    ['PDF', latin1('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), /PDF document/],
    ['ZIP', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0), /ZIP archive/],
  ])('refuses a %s file as binary naming the format', (_name, bytes, message) => {
    const r = decodeText(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('binary');
    expect(!r.ok && r.message).toMatch(message);
  });

  it('refuses NUL bytes without UTF-16 shape as binary, naming the offset', () => {
    const r = decodeText(concat(latin1('hello world'), Uint8Array.of(0, 1, 2, 0, 0xff, 0x10, 0, 0)));
    expect(r).toMatchObject({ ok: false, reason: 'binary' });
    expect(!r.ok && r.message).toMatch(/NUL bytes \(first at offset 11\)/);
  });

  it('refuses input made mostly of control characters as binary', () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x41 : (i % 30) + 1));
    const r = decodeText(bytes);
    expect(r).toMatchObject({ ok: false, reason: 'binary' });
    expect(!r.ok && r.message).toMatch(/control characters/);
  });

  it('refuses bytes that decode into many replacement characters in their declared charset as undecodable', () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i % 2 ? 0xd8 : 0x41)); // lone surrogates in UTF-16LE
    const r = decodeText(concat(Uint8Array.of(0xff, 0xfe), bytes));
    expect(r).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(!r.ok && r.message).toMatch(/utf-16le \(byte order mark\) left \d+\.\d% replacement characters/);
  });

  it('decodes empty input to the empty string', () => {
    expect(decodeText(new Uint8Array())).toMatchObject({ ok: true, text: '' });
  });
});

describe('decodeText: invalid UTF-8 inside good text', () => {
  const good = 'Zürich: naïve café owners say “prices rose” by 5 € — déjà vu.\n';
  const withBad = (bad: number[]) =>
    Buffer.concat([Buffer.from(good.repeat(3), 'utf8'), Buffer.from(bad), Buffer.from(good, 'utf8')]);

  it('decodes as UTF-8 with U+FFFD for the bad bytes and counts them, instead of mojibake', () => {
    const r = decodeText(withBad([0xff, 0xc3]));
    expect(r).toMatchObject({ ok: true, charset: 'utf-8', replacements: 2 });
    if (!r.ok) return;
    expect(r.text).toContain('Zürich: naïve café');
    expect(r.text).not.toContain('Ã');
    expect(r.text.split('\uFFFD')).toHaveLength(3);
  });

  it('ignores a declared UTF-8 charset only when the bytes are mostly not UTF-8', () => {
    expect(decodeText(withBad([0x80]), { contentType: 'text/plain; charset=utf-8' })).toMatchObject({
      ok: true,
      charset: 'utf-8',
      replacements: 1,
    });
    const latin1 = Buffer.from('Zürich café déjà vu, naïve owners said.', 'latin1');
    expect(decodeText(latin1, { contentType: 'text/plain; charset=utf-8' })).toMatchObject({
      ok: true,
      text: 'Zürich café déjà vu, naïve owners said.',
      replacements: 0,
    });
  });

  it('does not count a U+FFFD that the input itself contains', () => {
    expect(decodeText(Buffer.from('a \uFFFD b ü', 'utf8'))).toMatchObject({ ok: true, replacements: 0 });
  });

  it('puts the count on the resolved document', async () => {
    const r = await resolveDump(withBad([0xff]));
    expect(r.ok && r.documents[0]).toMatchObject({ charset: 'utf-8', replacements: 1 });
  });
});

describe('charset helpers', () => {
  it('normalises labels to WHATWG names and rejects unknown ones', () => {
    expect(normaliseCharset('UTF8')).toBe('utf-8');
    expect(normaliseCharset('"latin1"')).toBe('windows-1252');
    expect(normaliseCharset('no-such-charset')).toBeUndefined();
  });

  it('finds no declaration in a document without one', () => {
    expect(declaredCharset(latin1('<html><head><title>x</title></head></html>'))).toBeUndefined();
  });
});

function buildCp1252(text: string): Uint8Array {
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decodeWithCharset(Uint8Array.of(b), 'windows-1252'), b);
  return Uint8Array.from([...text].map((c) => table.get(c)!));
}
