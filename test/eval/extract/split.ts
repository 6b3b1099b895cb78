/**
 * The fixed tune/check split of the extraction development sets, by registrable domain: a page is in the **tune**
 * part when the first byte of SHA-256(registrable domain) is below 128, else in the **check** part. Every page of one
 * site is on the same side, so a rule learned from a site's template cannot score on the check part. Tuning
 * (looking at failures, trying settings) uses only the tune part; a change that raises tune and lowers check is
 * overfitting and is dropped. The rule is fixed: never change the hash, the threshold or the domain rule to move pages.
 */
import { createHash } from 'node:crypto';

// second-level labels under two-letter country codes that are public suffixes ("co.uk", "com.au", "ne.jp")
const SECOND_LEVEL = new Set([
  'co',
  'com',
  'org',
  'net',
  'ac',
  'gov',
  'edu',
  'ne',
  'or',
  'go',
  'gob',
  'nic',
  'mil',
]);

/** Registrable domain of a host (approximation of eTLD+1 without the public-suffix list). */
export function registrableDomain(host: string): string {
  const labels = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\d?\./, '')
    .split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1] ?? '';
  const sld = labels[labels.length - 2] ?? '';
  const n = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-n).join('.');
}

export type Part = 'tune' | 'check';

/** The part a registrable domain belongs to. */
export function partOf(domain: string): Part {
  const first = createHash('sha256').update(domain).digest()[0] ?? 0;
  return first < 128 ? 'tune' : 'check';
}

/** Host of a URL, or undefined. */
export function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
