/**
 * Compares the two charset detectors on npm (chardet, jschardet) on samples built here, without BOM and
 * without any declaration, i.e. the only case where `decodeText` has to guess.
 * Run: `npx tsx libs/extract/src/formats/charset-detectors.eval.ts`
 * `decodeText` (NUL-pattern UTF-16 check, then chardet) is measured on the same samples.
 * A sample counts as right when decoding it with the detected charset gives back the original string exactly.
 */
import * as chardet from 'chardet';
import * as jschardet from 'jschardet';
import { decodeText, decodeWithCharset } from './decode-text.js';

interface Sample {
  name: string;
  text: string;
  encoding: 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';
}

const TEXTS: ReadonlyArray<readonly [string, string]> = [
  [
    'fr',
    "Le gouvernement français a présenté mercredi un projet de loi très attendu sur l'énergie. « C'est une étape décisive », a déclaré la ministre, évoquant des économies d'échelle et un coût réduit pour les ménages.",
  ],
  [
    'de',
    'Die Bundesregierung hat am Mittwoch über die Änderungen der Förderung für Wärmepumpen beraten. Größere Zuschüsse sollen ab März gelten, hieß es aus dem Ministerium für Wirtschaft.',
  ],
  [
    'es',
    'El presidente anunció el miércoles una reforma económica que afectará a millones de españoles. La oposición criticó la decisión y pidió más información sobre los próximos años.',
  ],
  [
    'pt',
    'O ministro da Economia afirmou que a inflação deverá cair no próximo trimestre, mas as previsões continuam incertas para as regiões do interior e as exportações.',
  ],
  [
    'it',
    "Il governo italiano ha approvato venerdì la legge di bilancio; l'opposizione ha già annunciato che presenterà più di cento emendamenti entro la settimana.",
  ],
  [
    'sv',
    'Regeringen presenterade på tisdagen ett förslag om höjda bidrag till studenter. Förändringen väntas träda i kraft nästa år enligt ministern för högre utbildning.',
  ],
];

// Windows-1252-only punctuation (0x80-0x9F range): curly quotes, dashes, euro sign, ellipsis.
const CP1252_EXTRA = ' Il a dit : “nous paierons 5 € de plus” — et c’est tout…';

function encodeSingleByte(text: string, encoding: 'windows-1252' | 'latin1'): Uint8Array {
  // Latin-1 is code point = byte; Windows-1252 inverts our WHATWG decoder (Node's own is wrong, see decode-text.ts).
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    table.set(
      encoding === 'latin1' ? String.fromCharCode(b) : decodeWithCharset(Uint8Array.of(b), 'windows-1252'),
      b,
    );
  }
  return Uint8Array.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`cannot encode ${ch} in ${encoding}`);
      return b;
    }),
  );
}

function encodeUtf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i * 2 + (bigEndian ? 1 : 0)] = code & 0xff;
    out[i * 2 + (bigEndian ? 0 : 1)] = code >> 8;
  }
  return out;
}

/** Builds the evaluation samples: each text in Latin-1, Windows-1252 (with 0x80-0x9F punctuation), UTF-16LE and BE. */
export function buildCharsetSamples(): Array<Sample & { bytes: Uint8Array }> {
  const samples: Array<Sample & { bytes: Uint8Array }> = [];
  for (const [lang, text] of TEXTS) {
    samples.push({
      name: `${lang}/latin1`,
      text,
      encoding: 'latin1',
      bytes: encodeSingleByte(text, 'latin1'),
    });
    const cp = text + CP1252_EXTRA;
    samples.push({
      name: `${lang}/windows-1252`,
      text: cp,
      encoding: 'windows-1252',
      bytes: encodeSingleByte(cp, 'windows-1252'),
    });
    samples.push({ name: `${lang}/utf-16le`, text, encoding: 'utf-16le', bytes: encodeUtf16(text, false) });
    samples.push({ name: `${lang}/utf-16be`, text, encoding: 'utf-16be', bytes: encodeUtf16(text, true) });
  }
  return samples;
}

function decodesBack(bytes: Uint8Array, label: string | null | undefined, expected: string): boolean {
  if (!label) return false;
  try {
    return decodeWithCharset(bytes, label) === expected;
  } catch {
    return false; // label unknown to TextDecoder
  }
}

/** Runs both detectors over the samples and returns per-detector hit counts with the misses named. */
export function evaluateCharsetDetectors(): Record<
  'chardet' | 'jschardet' | 'decodeText',
  { right: number; total: number; misses: string[] }
> {
  const samples = buildCharsetSamples();
  const result = {
    chardet: { right: 0, total: samples.length, misses: [] as string[] },
    jschardet: { right: 0, total: samples.length, misses: [] as string[] },
    decodeText: { right: 0, total: samples.length, misses: [] as string[] },
  };
  for (const s of samples) {
    const d = decodeText(s.bytes);
    if (d.ok && d.text === s.text) result.decodeText.right++;
    else result.decodeText.misses.push(`${s.name}->${d.ok ? d.charset : d.reason}`);
    const c = chardet.detect(s.bytes);
    if (decodesBack(s.bytes, c, s.text)) result.chardet.right++;
    else result.chardet.misses.push(`${s.name}->${String(c)}`);
    const j = jschardet.detect(Buffer.from(s.bytes));
    if (decodesBack(s.bytes, j.encoding, s.text)) result.jschardet.right++;
    else result.jschardet.misses.push(`${s.name}->${String(j.encoding)}`);
  }
  return result;
}

if (require.main === module) {
  console.log(JSON.stringify(evaluateCharsetDetectors(), null, 2));
}
