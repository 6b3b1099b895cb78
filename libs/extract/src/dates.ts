const MONTHS: Record<string, number> = {
  jan: 0,
  january: 0,
  feb: 1,
  february: 1,
  mar: 2,
  march: 2,
  apr: 3,
  april: 3,
  may: 4,
  jun: 5,
  june: 5,
  jul: 6,
  july: 6,
  aug: 7,
  august: 7,
  sep: 8,
  sept: 8,
  september: 8,
  oct: 9,
  october: 9,
  nov: 10,
  november: 10,
  dec: 11,
  december: 11,
  // French, German, Spanish, Italian, Portuguese and Dutch month names (lower case, accents as printed; the English
  // spellings above serve the languages that share them): dumps and pages from outlets that print dates in words.
  janvier: 0,
  février: 1,
  fevrier: 1,
  mars: 2,
  avril: 3,
  mai: 4,
  juin: 5,
  juillet: 6,
  août: 7,
  aout: 7,
  septembre: 8,
  octobre: 9,
  novembre: 10,
  décembre: 11,
  januar: 0,
  jänner: 0,
  februar: 1,
  märz: 2,
  maerz: 2,
  juni: 5,
  juli: 6,
  oktober: 9,
  dezember: 11,
  enero: 0,
  febrero: 1,
  marzo: 2,
  abril: 3,
  mayo: 4,
  junio: 5,
  julio: 6,
  agosto: 7,
  septiembre: 8,
  setiembre: 8,
  octubre: 9,
  noviembre: 10,
  diciembre: 11,
  gennaio: 0,
  febbraio: 1,
  aprile: 3,
  maggio: 4,
  giugno: 5,
  luglio: 6,
  settembre: 8,
  ottobre: 9,
  dicembre: 11,
  janeiro: 0,
  fevereiro: 1,
  março: 2,
  maio: 4,
  junho: 5,
  julho: 6,
  setembro: 8,
  outubro: 9,
  dezembro: 11,
  januari: 0,
  februari: 1,
  maart: 2,
  mei: 4,
  augustus: 7,
};
// Offsets in minutes of the zone abbreviations news sites print after a time.
const ZONES: Record<string, number> = {
  utc: 0,
  gmt: 0,
  z: 0,
  bst: 60,
  cet: 60,
  cest: 120,
  ist: 330,
  et: -300,
  est: -300,
  edt: -240,
  ct: -360,
  cst: -360,
  cdt: -300,
  mt: -420,
  mst: -420,
  mdt: -360,
  pt: -480,
  pst: -480,
  pdt: -420,
  jst: 540,
  aest: 600,
};
const UNIT_MS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  wk: 604_800_000,
  week: 604_800_000,
  mo: 2_592_000_000,
  month: 2_592_000_000,
  y: 31_536_000_000,
  yr: 31_536_000_000,
  year: 31_536_000_000,
};
const WORD_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const PREFIX =
  /^(?:(?:last\s+)?updated|published|posted|first published|modified|date)(?:\s+on)?\s*[:\-–]?\s*/i;
const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+/i;
const RELATIVE =
  /^(?:about\s+|around\s+|over\s+|almost\s+)?(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo|years?|yrs?|y)\.?\s+ago$/i;
const TIME = String.raw`(\d{1,2})(?:[:.h](\d{2}))?(?:[:.](\d{2}))?\s*([ap]\.?\s?m\.?)?(?:\s*\(?\s*([A-Za-z]{1,4}|[+-]\d{2}:?\d{2})\)?)?`;
const MONTH_FIRST = new RegExp(
  String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:(?:,|\s+at|\s*[-–|·•])?\s+${TIME})?$`,
  'i',
);
// also "4. März 2025 um 9:14 Uhr", "4 de marzo de 2025", "4 mars 2025 à 9h14", "1er mars 2025"
const DAY_FIRST = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})(?:(?:,|\s+at|\s+à|\s+um|\s+às|\s+alle|\s*[-–|·•])?\s+${TIME}(?:\s*Uhr)?)?$`,
  'iu',
);
// day first with dots, as most of Europe writes it: "04.03.2025", "04.03.2025, 09:14 Uhr", "01.12.25 09:14"
const DAY_DOTS = new RegExp(
  String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:(?:,|\s+um)?\s+${TIME}(?:\s*Uhr)?)?$`,
  'i',
);
// Chinese and Japanese: "2025年3月4日", "2025年3月4日 09:14"
const CJK_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:：時](\d{2})分?)?$/;
// year first, as scholarly tags write it: "2023 Jan 7", "2023/01/07"
const YEAR_FIRST = /^(\d{4})\s+([A-Za-z]{3,9})\.?\s+(\d{1,2})$/;
const YEAR_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const TIME_FIRST = new RegExp(String.raw`^${TIME}\s*(?:,|on|[-–|·•])?\s+(.+)$`, 'i');
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time found in text. */
export interface ParsedTime {
  iso: string;
  kind: 'relative' | 'absolute';
}

function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z];
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -mins : mins;
}

function build(
  year: number,
  month: number,
  day: number,
  hh = 0,
  mm = 0,
  ss = 0,
  ampm?: string,
  zone?: string,
): string | undefined {
  let hour = hh;
  if (ampm) {
    const pm = ampm.toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  if (
    month < 0 ||
    month > 11 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    mm > 59 ||
    ss > 59 ||
    year < 1900 ||
    year > 2200
  )
    return undefined;
  const probe = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls "February 31" over into March: reject such dates
  if (probe.getUTCMonth() !== month || probe.getUTCDate() !== day) return undefined;
  const offset = zoneOffset(zone) ?? 0;
  const d = new Date(Date.UTC(year, month, day, hour, mm, ss) - offset * 60_000);
  return d.toISOString();
}

/** A date whose three date groups come first in `m`, followed by the five groups of {@link TIME} (groups 4-8). */
function buildWithTime(year: number, month: number, day: number, m: RegExpExecArray): string | undefined {
  return build(year, month, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], m[8]);
}

function parseAbsolute(s: string): string | undefined {
  let m = ISO.exec(s);
  if (m) {
    return build(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      undefined,
      m[7],
    );
  }
  m = MONTH_FIRST.exec(s);
  if (m) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    if (month === undefined) return undefined;
    return buildWithTime(Number(m[3]), month, Number(m[2]), m);
  }
  m = DAY_FIRST.exec(s);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (month === undefined) return undefined;
    return buildWithTime(Number(m[3]), month, Number(m[1]), m);
  }
  m = YEAR_FIRST.exec(s);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    return month === undefined ? undefined : build(Number(m[1]), month, Number(m[3]));
  }
  m = YEAR_SLASH.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = DAY_DOTS.exec(s);
  if (m) {
    const y = Number(m[3]);
    return buildWithTime((m[3] ?? '').length === 2 ? 2000 + y : y, Number(m[2]) - 1, Number(m[1]), m);
  }
  m = CJK_DATE.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  m = TIME_FIRST.exec(s);
  if (m && m[6] && (m[2] !== undefined || m[4] !== undefined)) {
    const date = parseAbsolute(m[6].trim());
    if (!date) return undefined;
    const d = new Date(date);
    return build(
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      Number(m[1]),
      Number(m[2] ?? 0),
      Number(m[3] ?? 0),
      m[4],
      m[5],
    );
  }
  return undefined;
}

/**
 * Parses a string that is entirely a time expression: relative ("15 minutes ago", "an hour ago", "yesterday",
 * "just now"), resolved against `receivedAt`, or absolute ("July 4, 2025", "4 July 2025 10:30 BST",
 * "2025-07-04T10:00:00Z", "Updated: Fri, July 4, 2025"). Returns undefined when the string is not a time.
 */
export function parseTimeExpression(text: string, receivedAt: string): ParsedTime | undefined {
  const s = text
    .trim()
    .replace(/^\[([^[\]]+)\]$/, '$1')
    .replace(PREFIX, '')
    .replace(WEEKDAY, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || s.length > 60) return undefined;
  const base = Date.parse(receivedAt);
  const lower = s.toLowerCase();
  if (!Number.isNaN(base)) {
    if (/^(?:just now|moments? ago|now|today)$/.test(lower))
      return { iso: new Date(base).toISOString(), kind: 'relative' };
    if (lower === 'yesterday') return { iso: new Date(base - 86_400_000).toISOString(), kind: 'relative' };
    const m = RELATIVE.exec(s);
    if (m) {
      const nRaw = (m[1] ?? '').toLowerCase();
      const n = WORD_NUMBERS[nRaw] ?? Number(nRaw);
      const unitRaw = (m[2] ?? '').toLowerCase();
      const unit = unitRaw.replace(/s$/, '') in UNIT_MS ? unitRaw.replace(/s$/, '') : unitRaw;
      const ms = UNIT_MS[unit];
      if (ms !== undefined && Number.isFinite(n))
        return { iso: new Date(base - n * ms).toISOString(), kind: 'relative' };
    }
  }
  const iso = parseAbsolute(s);
  return iso ? { iso, kind: 'absolute' } : undefined;
}

/** Parses a machine date (meta tag, JSON-LD, `<time datetime>`) or a human one; undefined if unparsable. */
export function parseAnyDate(text: string | undefined | null, receivedAt?: string): string | undefined {
  if (!text) return undefined;
  const s = text.trim();
  if (!s) return undefined;
  const parsed = parseTimeExpression(s, receivedAt ?? new Date(0).toISOString());
  if (parsed && (parsed.kind === 'absolute' || receivedAt)) return parsed.iso;
  // RFC 2822 and other forms Date understands; only accept plausible years, and only when the text writes the year
  // (Date.parse fills a missing one with 2001: "Jul 11" is not a day of 2001)
  const t = /(?:^|\D)(?:19|2\d)\d{2}(?!\d)/.test(s) ? Date.parse(s) : Number.NaN;
  if (!Number.isNaN(t)) {
    const y = new Date(t).getUTCFullYear();
    if (y >= 1990 && y <= 2200) return new Date(t).toISOString();
  }
  return undefined;
}

const DATELINE =
  /\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{4}[./]\d{2}[./]\d{2}(?!\d))(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?/i;

/** Finds the first date in a free-text line (a visible dateline such as "Updated 10:30 GMT, July 4, 2025"). */
export function findDateInText(text: string): string | undefined {
  const m = DATELINE.exec(text);
  if (!m) return undefined;
  // "2025.12.17" / "2025/12/17": year first, as ISO
  const found = m[0].replace(/^(\d{4})[./](\d{2})[./](\d{2})/, '$1-$2-$3');
  return parseAbsolute(found.replace(/\s+at\s+/i, ' ').trim());
}
