/**
 * Line shapes of plain-text dumps that carry an article's outlet or none of its text: credit lines ("Source: X",
 * "By Jane Doe, X", "This article originally appeared on X."), mastheads and kickers in capitals, and navigation bars
 * ("Home | World | Business"). Generic wordings only; no outlet is named here.
 */
import { wordTokens } from './normalise.js';

/** Who an article is from, as a credit line states it. */
export interface Credit {
  source?: string;
  author?: string;
}

const TERMINAL = /[.!?…:;,]["'”’)\]]*$/;

function words(text: string): number {
  return wordTokens(text).length;
}

// a name may end in an abbreviation ("Acme Co.", "Widgets Inc.") or an exclamation mark ("Yahoo!")
export const ABBREVIATION_END =
  /\b(?:Co|Inc|Ltd|Corp|Int|Intl|Bros|Assn|Dept|Jr|Sr|Plc|Pty|Ag|Sa|Gmbh|Llc)\.$/i;
const NAME_END = /[^!]!$/;

/**
 * A short name such as an outlet ("First Post", "Time of India"): 1-5 words, no sentence punctuation at the end
 * except an abbreviation's full stop or a single exclamation mark.
 */
export function isLabel(text: string): boolean {
  const n = words(text);
  return (
    n >= 1 &&
    n <= 5 &&
    text.length <= 40 &&
    (!TERMINAL.test(text) || NAME_END.test(text) || ABBREVIATION_END.test(text)) &&
    /^[\p{Lu}\p{N}]/u.test(text)
  );
}

// an e-mail address in angle brackets after a name ("Outlet <news@outlet.example>"), a trailing arrow or pointer
const MAIL_ADDRESS = /\s*<[^\s<>@]+@[^\s<>]+>\s*$/;
const TRAILING_POINTER = /\s*[\u2190-\u21ff\u2794-\u27bf»›>]+$/u;

/**
 * A credited name without the full stop that ends the credit sentence (an abbreviation keeps its own), the e-mail
 * address of a mail header ("Outlet <news@outlet.example>") and a link arrow after it ("Read on Outlet ↗").
 */
function creditName(raw: string): string {
  const t = raw.trim().replace(MAIL_ADDRESS, '').replace(TRAILING_POINTER, '').trim();
  return ABBREVIATION_END.test(t) ? t : t.replace(/\.$/, '');
}

const NAME_PARTICLE = /^(?:de|da|del|della|der|den|di|du|van|von|bin|al|el|la|le|st\.?)$/i;

// words that make a capitalised name an organisation's, not a person's
const ORGANISATION_WORD =
  /^(?:the|news|times|post|daily|weekly|journal|magazine|blog|press|media|group|network|hub|center|centre|institute|university|college|school|company|co\.?|inc\.?|ltd\.?|llc|corp\.?|agency|associates|labs?|studios?|systems|solutions|services|health|review|report|today|online|digital|world|global|international|foundation|council|society|association)$/i;

/** A personal name: 2-4 capitalised words (particles such as "van" or "de" allowed), no digits, no organisation word. */
export function isPersonName(text: string): boolean {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 4 || /\d/.test(text)) return false;
  if (parts.some((p) => ORGANISATION_WORD.test(p))) return false;
  // an acronym beside mixed-case words ("BBK Marketing") names an organisation; a name all in capitals is still a name
  const acronym = (p: string): boolean => /^\p{Lu}{2,}$/u.test(p);
  if (parts.some(acronym) && !parts.every((p) => acronym(p) || NAME_PARTICLE.test(p))) return false;
  return parts.every((p) => NAME_PARTICLE.test(p) || /^[\p{Lu}][\p{L}'’.-]*$/u.test(p));
}

// "Source: X", "Via X", "From X", "Courtesy of X", "Credit: X"; with a colon only: "Website: X", "Publisher: X", and
// the word for source in other languages ("Quelle: X", "Fuente: X", "Fonte: X", "Bron: X", "Källa: X", ...)
const SOURCE_PREFIX =
  /^(?:sources?|via|from|courtesy(?: of)?|credit|published by|syndicated from|republished from|(?:(?:web)?site|publisher|publication|outlet|feed|channel|quelle|fuente|fonte|bron|källa|kilde|lähde|źródło|zdroj|forrás|πηγή|источник)(?=\s*:))\s*[:\-–—]?\s+(.+)$/iu;
// "This article originally appeared on X.", "Originally published in X", "First published by X"
const APPEARED =
  /^(?:this (?:article|story|post|piece|report) (?:was )?(?:originally |first )?(?:appeared|published|ran|posted)|(?:originally|first) (?:published|appeared|posted)|republished with permission (?:from|of)|read (?:the )?(?:original|full) (?:article|story)|read(?: (?:more|the rest|the full story|it))?|continue reading|full (?:story|article))\s+(?:on|in|at|by|from)\s+(.+)$/i;
// "By Jane Doe | X", "By Jane Doe for X", "Reported by Jane Doe for X": the separator says the second part is the outlet
const BY_AUTHOR_FOR_SOURCE =
  /^(?:(?:reported|reporting|written|words) )?by\s+(.+?)(?:\s+[|·•—–-]\s+|\s*\|\s*|\s+for\s+)(.+)$/i;
// "By Jane Doe, X", "By The X Team, X": a personal or short name, a comma, the outlet
const BY_AUTHOR_COMMA_SOURCE = /^by\s+(.+?)\s*,\s*(.+)$/i;
const BY_ONLY = /^by\s+(.+?)$/i;
// "(X)", "[X]"
const BRACKETED = /^[([]\s*([^()[\]]+?)\s*[)\]]$/;

/**
 * The outlet (and author) a credit line names, or undefined when the line is not a credit line. "By X" alone credits
 * an outlet only when X is not a personal name (one word, or a name with digits or symbols); "By A, B" (A a personal
 * or short name such as "The X Team", even when B looks like a personal name) is read as author and outlet (the
 * agency-credit convention; co-authors are joined by "and").
 */
export function parseCredit(text: string): Credit | undefined {
  const t = text.trim();
  if (t.length > 140) return undefined;
  const bracketed = BRACKETED.exec(t);
  // "(Source: X)", "[Quelle: X]": the credit inside the brackets
  const pre =
    SOURCE_PREFIX.exec(t) ??
    APPEARED.exec(t) ??
    (bracketed?.[1] ? (SOURCE_PREFIX.exec(bracketed[1]) ?? bracketed) : undefined);
  const named = pre?.[1] ? creditName(pre[1]) : '';
  if (named && isLabel(named)) return { source: named };
  const by = BY_AUTHOR_FOR_SOURCE.exec(t);
  const byOutlet = by?.[2] ? creditName(by[2]) : '';
  if (by?.[1] && byOutlet && isLabel(by[1]) && isLabel(byOutlet)) return { author: by[1], source: byOutlet };
  const comma = BY_AUTHOR_COMMA_SOURCE.exec(t);
  const commaOutlet = comma?.[2] ? creditName(comma[2]) : '';
  if (
    comma?.[1] &&
    commaOutlet &&
    (isPersonName(comma[1]) || isLabel(comma[1])) &&
    isLabel(commaOutlet) &&
    !/\band\b|&/i.test(commaOutlet)
  )
    return { author: comma[1], source: commaOutlet };
  const only = BY_ONLY.exec(t);
  if (only?.[1] && isLabel(only[1]) && !isPersonName(only[1]) && !/,|\band\b|&/.test(only[1]))
    return { source: only[1] };
  return undefined;
}

/** A masthead or kicker in capitals ("WORLD", "THE DAILY HERALD"): no lower-case letter, 1-6 words. */
export function isMasthead(text: string): boolean {
  const n = words(text);
  return (
    n >= 1 &&
    n <= 6 &&
    text.length <= 50 &&
    /\p{Lu}.*\p{Lu}/u.test(text) &&
    !/\p{Ll}/u.test(text) &&
    !TERMINAL.test(text)
  );
}

// bars, dots, arrows, slashes, wide spaces, or any spaced run of 1-3 marks that are no letters, digits or quotes
const NAV_SPLIT = /\s*[|·•»›/]\s*|\s{2,}|\s+[^\p{L}\p{N}\s&'"“”‘’,.]{1,3}\s+/u;

/** A navigation bar: three or more short capitalised items separated by bars, dots, slashes, arrows or wide spaces. */
export function isNavBar(text: string): boolean {
  if (text.length > 160) return false;
  const items = text
    .split(NAV_SPLIT)
    .map((p) => p.trim())
    .filter(Boolean);
  if (items.length < 3) return false;
  return items.every(
    (p) => words(p) <= 3 && p.length <= 25 && !TERMINAL.test(p) && /^[\p{Lu}\p{N}]/u.test(p),
  );
}

/**
 * Where a line names an outlet only in passing: each shape is data (id, pattern, the capture group that holds the
 * name). None names an outlet; the name must still read as a label (`isLabel`).
 * - `copyright`: "Copyright 2026 The Daily Y. All rights reserved.", "© The Daily Y 2026", "(c) 2025 Y"
 * - `caption-credit`: a photo credit on its own line, "Photo: Jane Doe/Y", "Image: Y", "(Picture: Y)"; the part after
 *   the last slash is the outlet (the part before it the photographer)
 * - `dateline`: the opening of a wire story, "LONDON (Y) - ", "PARIS, March 3 (Y) — ", "(Y) — "
 * - `leadCredit`: a name and one lower-case word before a colon opening the text, "Y reports: The ...": the capitalised
 *   name (1-5 words) is the outlet
 */
export const OUTLET_SHAPES = {
  copyright:
    /^(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*(?:(?:19|20)\d\d\s*[-–]?\s*(?:(?:19|20)\d\d)?\s*,?\s+)?(.+?)(?:,?\s+(?:19|20)\d\d)?(?:\.?\s+all rights reserved\.?)?$/i,
  captionCredit:
    /^[([]?\s*(?:photo(?:graph)?|image|picture|pic|illustration|photo credit|image credit)s?\s*(?:by)?\s*:\s*(?:[^/]+\/\s*)*([^/()[\]]+?)\s*[)\]]?$/i,
  dateline:
    /^(?:\p{Lu}[\p{Lu}\p{M}.'’ -]{1,30}(?:,\s*[^()]{1,30}?)?\s+)?\(([^()]{2,40})\)\s*(?:[-–—]{1,2}|:)\s+\S/u,
  leadCredit: /^((?:[\p{Lu}\p{N}][\p{L}\p{N}.&'’-]*\s+){1,5})\p{Ll}{3,12}:\s+[\p{Lu}"“‘]/u,
} as const;

/** The outlet named by a copyright line, or undefined. */
export function copyrightOutlet(text: string): string | undefined {
  const t = text.trim();
  if (t.length > 120) return undefined;
  const name = OUTLET_SHAPES.copyright.exec(t)?.[1]?.trim();
  return name && isLabel(creditName(name)) ? creditName(name) : undefined;
}

/** The outlet named by a photo credit on its own line ("Photo: Jane Doe/Outlet"), or undefined. */
export function captionCreditOutlet(text: string): string | undefined {
  const t = text.trim();
  if (t.length > 100) return undefined;
  const m = OUTLET_SHAPES.captionCredit.exec(t);
  const name = m?.[1]?.trim();
  if (!name || !isLabel(name)) return undefined;
  // "Photo: Jane Doe" alone names the photographer, not an outlet
  const slashed = /\//.test(t);
  return slashed || !isPersonName(name) ? name : undefined;
}

/**
 * The outlet of a wire dateline at the start of a paragraph ("LONDON (Outlet) - …"), or of a credit that opens it
 * ("Outlet reports: …"), or undefined.
 */
export function datelineOutlet(paragraph: string): string | undefined {
  const name = OUTLET_SHAPES.dateline.exec(paragraph)?.[1]?.trim();
  if (name && isLabel(name)) return name;
  const lead = OUTLET_SHAPES.leadCredit.exec(paragraph)?.[1]?.trim();
  return lead && isLabel(lead) && !/^(?:the|a|an|in|on|at|this|that|it|we|our)$/i.test(lead)
    ? lead
    : undefined;
}
