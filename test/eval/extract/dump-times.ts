/** Time labels for generated text dumps (eval-segment and the dumps set of eval-extract), with the ISO time each means. */

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The time the generated dumps are "received": relative labels resolve against it. */
export const DUMP_RECEIVED = '2025-07-20T12:00:00.000Z';

/** A time label ("15 minutes ago", "yesterday", "March 4, 2025", "4 Mar 2025") and the ISO time it means. */
export function timeLabel(r: () => number): { label: string; iso: string } {
  const base = Date.parse(DUMP_RECEIVED);
  const kind = Math.floor(r() * 6);
  if (kind === 0) {
    const m = 1 + Math.floor(r() * 58);
    return { label: `${m} minute${m === 1 ? '' : 's'} ago`, iso: new Date(base - m * 60_000).toISOString() };
  }
  if (kind === 1) return { label: 'an hour ago', iso: new Date(base - 3_600_000).toISOString() };
  if (kind === 2) {
    const h = 2 + Math.floor(r() * 20);
    return { label: `${h} hours ago`, iso: new Date(base - h * 3_600_000).toISOString() };
  }
  if (kind === 3) return { label: 'yesterday', iso: new Date(base - 86_400_000).toISOString() };
  const month = Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const iso = new Date(Date.UTC(2025, month, day)).toISOString();
  return kind === 4
    ? { label: `${MONTHS[month]} ${day}, 2025`, iso }
    : { label: `${day} ${(MONTHS[month] ?? '').slice(0, 3)} 2025`, iso };
}
