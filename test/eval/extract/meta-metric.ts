/** Title, author and date accuracy against gold metadata (same normalisation for every system). */

export const normTitle = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d"'`]/g, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

/** Title exact match after normalisation (case, quotes, dashes, whitespace). */
export function titleMatch(predicted: string | undefined, gold: string): boolean {
  return predicted !== undefined && normTitle(predicted) === normTitle(gold);
}

const nameKey = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function splitNames(s: string): string[] {
  return s
    .split(/\s*(?:,|;|&|\band\b|\|)\s*/i)
    .map(nameKey)
    .filter(Boolean);
}

/** Author correct when the joined names match, or the sets of names match (order and separators ignored). */
export function authorMatch(predicted: string[] | string | undefined, gold: string): boolean {
  if (!predicted || (Array.isArray(predicted) && predicted.length === 0)) return false;
  const list = Array.isArray(predicted) ? predicted : [predicted];
  const joined = nameKey(list.join(' '));
  if (joined === nameKey(gold)) return true;
  const a = new Set(list.flatMap(splitNames));
  const b = new Set(splitNames(gold));
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** YYYY-MM-DD of a date value as the system returned it: the date part of an ISO string, else Date parsing (UTC). */
export function dayOf(value: string | Date | undefined | null): string | undefined {
  if (!value) return undefined;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (iso) return iso[1];
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

export function dateMatch(predicted: string | Date | undefined | null, gold: string): boolean {
  return dayOf(predicted) === gold.slice(0, 10);
}
