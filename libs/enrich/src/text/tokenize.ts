/** A token with its character offsets into the analysed string. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

// Abbreviations whose trailing dot is not a sentence end; kept as part of the token.
const ABBREVIATIONS =
  'Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Jr|Sr|Inc|Ltd|Co|Corp|vs|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Gov|Pres|Adm|Maj|Rev|Hon|Rt';

/*
 * Token classes, in priority order:
 *  1. dotted acronyms (U.S., U.K.) and known abbreviations (Mr.), so their dot is no sentence end;
 *  2. numbers with inner separators (1,200.5 / 1996-08-22 / 10:45), optional %;
 *  3. words: letters/digits, inner apostrophes before a capital (O'Brien), and hyphens only when the
 *     next part is lower case (well-known, U-turn). A hyphen before a capital splits (China-Russia,
 *     pro-China) so that each name is its own token, as CoNLL tokenisation mostly does for names;
 *  4. possessive 's and n't as their own tokens (CoNLL style);
 *  5. any other non-space character.
 */
const TOKEN_RE = new RegExp(
  [
    `(?:\\p{Lu}\\.){2,}`,
    `\\b(?:${ABBREVIATIONS})\\.`,
    `\\p{N}+(?:[.,:/\\-]\\p{N}+)*%?`,
    `[\\p{L}\\p{M}\\p{N}]+(?:['’](?=\\p{Lu})[\\p{L}\\p{M}]+)?(?:-(?=[\\p{Ll}\\p{N}])[\\p{L}\\p{M}\\p{N}]+)*`,
    `['’][sS]\\b`,
    `\\S`,
  ].join('|'),
  'gu',
);

const SENTENCE_END = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']']);

/**
 * Splits text into tokens with offsets and sentence indices. Sentences end at . ! ? (plus any closing
 * quote or bracket right after) when followed by a space, and at every blank-or-line break, because
 * titles, bylines and captions in dumps rarely end with punctuation.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let pendingBreak = false;
  let lastEnd = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    const value = m[0];
    if (tokens.length > 0) {
      const gap = text.slice(lastEnd, start);
      if (gap.includes('\n')) pendingBreak = true;
      if (pendingBreak && !(CLOSERS.has(value) && !gap.includes('\n'))) {
        sentence += 1;
        pendingBreak = false;
      }
    }
    tokens.push({ text: value, start, end: start + value.length, sentence });
    lastEnd = start + value.length;
    if (SENTENCE_END.has(value)) pendingBreak = true;
    else if (!CLOSERS.has(value)) pendingBreak = false;
  }
  return tokens;
}

/** Groups tokens by sentence index, keeping order. */
export function sentences(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  for (const t of tokens) {
    let s = out[out.length - 1];
    if (s === undefined || s[0]?.sentence !== t.sentence) {
      s = [];
      out.push(s);
    }
    s.push(t);
  }
  return out;
}

/** Sentence spans of a text as [start, end) offsets, built from the tokenizer's sentence ids. */
export function sentenceSpans(text: string, tokens: Token[] = tokenize(text)): Array<[number, number]> {
  return sentences(tokens).map((s) => [s[0]?.start ?? 0, s[s.length - 1]?.end ?? 0]);
}

/** Lower-case word tokens only (letters or digits), for bag-of-words models. */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m[0].toLowerCase().replace(/’/g, "'"));
  return out;
}
