import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.js';
import { isEnvelopeShaped, parseEnvelope } from './json-envelope.js';
import { sniffText } from './sniff-format.js';

/** parseEnvelope as it was: the whole dump decoded and parsed. */
function referenceParseEnvelope(bytes: Uint8Array) {
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  if (!/^\s*\{/.test(text)) return { ok: false };
  try {
    const value: unknown = JSON.parse(text);
    return isEnvelopeShaped(value) ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

const env = { id: 'd1', contentType: 'text/plain', body: 'hello\nworld' };
const inputs: Array<string | Buffer> = [
  JSON.stringify(env),
  `${JSON.stringify(env)}\n`,
  `${JSON.stringify(env)}\n\r\n  \t\n`,
  JSON.stringify(env, null, 2),
  `\n${JSON.stringify(env)}`,
  `\uFEFF${JSON.stringify(env)}\n`,
  `${JSON.stringify(env)}\n${JSON.stringify(env)}\n`,
  `${JSON.stringify({ title: 'a', body: 'b' })}\n${JSON.stringify({ title: 'c', body: 'd' })}`,
  `{"id":\n"d1", "body": "x"}`,
  `{"id": "d1"}\n\u00a0`,
  `{"id": "d1"}\n]`,
  `{"id": "d1"\n}`,
  `[${JSON.stringify(env)}]\n`,
  `not json\n{"id":"d1"}`,
  Buffer.concat([Buffer.from('{"id":"d'), Buffer.from([0xe2, 0x82]), Buffer.from('"}\n{"id":"e"}')]),
  Buffer.concat([Buffer.from('{"id":"d1"}'), Buffer.from([0x0a, 0xff])]),
];

describe('NDJSON shortcuts give the answers of the whole-text paths', () => {
  it('parseEnvelope', () => {
    for (const input of inputs) {
      const bytes = typeof input === 'string' ? Buffer.from(input) : input;
      expect(parseEnvelope(bytes), JSON.stringify(String(input))).toEqual(referenceParseEnvelope(bytes));
    }
  });

  it('decodeText of valid UTF-8: the text, no replacement, and a literal U+FFFD is not counted', () => {
    const text = 'caf\u00e9 \u201cq\u201d \ufffd \u{1F600}\n';
    expect(decodeText(Buffer.from(text))).toEqual({
      ok: true,
      text,
      charset: 'utf-8',
      confidence: 0.99,
      replacements: 0,
    });
    const bad = decodeText(
      Buffer.concat([
        Buffer.from('caf\u00e9 '.repeat(20)),
        Buffer.from([0xff]),
        Buffer.from(' \u00e9t\u00e9'),
      ]),
    );
    expect(bad.ok && bad.replacements).toBe(1);
  });

  it('sniffText: NDJSON when most of the first 50 lines open an object and one of them parses', () => {
    const line = JSON.stringify({ title: 't', body: 'b' });
    expect(sniffText(`${line}\r\n${line}\r\n`)).toBe('ndjson');
    expect(sniffText(`{broken\n{broken too\n${line}\n`)).toBe('ndjson');
    expect(sniffText(`{broken\n{broken too\n{and this\n`)).not.toBe('ndjson');
    // Only the first 50 non-empty lines count: a valid object on line 51 does not make it NDJSON.
    const broken = Array.from({ length: 50 }, () => '{x').join('\n\n');
    expect(sniffText(`${broken}\n${line}\n`)).not.toBe('ndjson');
    expect(sniffText(`{x\nplain\nplain\nplain\n${line}`)).not.toBe('ndjson');
  });
});
