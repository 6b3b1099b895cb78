import { describe, expect, it } from 'vitest';
import { findDateInText, parseAnyDate, parseTimeExpression } from './dates.js';

const R = '2025-07-20T12:00:00.000Z';
const ago = (ms: number): string => new Date(Date.parse(R) - ms).toISOString();

describe('time expressions', () => {
  it.each([
    ['15 minutes ago', ago(15 * 60_000)],
    ['an hour ago', ago(3_600_000)],
    ['3 hrs ago', ago(3 * 3_600_000)],
    ['2h ago', ago(2 * 3_600_000)],
    ['yesterday', ago(86_400_000)],
    ['Just now', R],
    ['July 4, 2025', '2025-07-04T00:00:00.000Z'],
    ['4 July 2025', '2025-07-04T00:00:00.000Z'],
    ['Updated: Fri, July 4, 2025 10:30 AM ET', '2025-07-04T15:30:00.000Z'],
    ['2025-07-04T10:00:00+02:00', '2025-07-04T08:00:00.000Z'],
  ])('parses %s', (text, iso) => {
    expect(parseTimeExpression(text, R)?.iso).toBe(iso);
  });

  it.each([
    ['04.03.2025', '2025-03-04T00:00:00.000Z'],
    ['04.03.2025, 09:14 Uhr', '2025-03-04T09:14:00.000Z'],
    ['[01.12.25 09:14]', '2025-12-01T09:14:00.000Z'],
    ['4. März 2025', '2025-03-04T00:00:00.000Z'],
    ['4 mars 2025 à 9h14', '2025-03-04T09:14:00.000Z'],
    ['1er août 2025', '2025-08-01T00:00:00.000Z'],
    ['4 de marzo de 2025', '2025-03-04T00:00:00.000Z'],
    ['12 settembre 2025', '2025-09-12T00:00:00.000Z'],
    ['2025年3月4日', '2025-03-04T00:00:00.000Z'],
    ['2025年3月4日 09:14', '2025-03-04T09:14:00.000Z'],
  ])('parses the European or CJK form %s (dotted numbers are day first)', (text, iso) => {
    expect(parseTimeExpression(text, R)?.iso).toBe(iso);
  });

  it('rejects dotted numbers that are no day, month and year', () => {
    expect(parseTimeExpression('31.02.2025', R)).toBeUndefined();
    expect(parseTimeExpression('04.13.2025', R)).toBeUndefined();
    expect(parseTimeExpression('1.2.3', R)).toBeUndefined();
    expect(parseTimeExpression('4 mardi 2025', R)).toBeUndefined();
  });

  it('rejects text that is not a time', () => {
    expect(parseTimeExpression('First Post', R)).toBeUndefined();
    expect(parseTimeExpression('Peace was never the goal, says Russia', R)).toBeUndefined();
    expect(parseTimeExpression('February 31, 2025', R)).toBeUndefined();
  });

  it('parses RFC 2822 dates and finds datelines in text', () => {
    expect(parseAnyDate('Fri, 04 Jul 2025 10:00:00 GMT')).toBe('2025-07-04T10:00:00.000Z');
    expect(findDateInText('By Jane Roe | Updated Jul 4, 2025 at 10:30 GMT')).toBe('2025-07-04T10:30:00.000Z');
  });

  it('reads no date from a day and month without a year (Date.parse would make it 2001)', () => {
    expect(parseAnyDate('Jul 11')).toBeUndefined();
    expect(parseAnyDate('Sunday, March 3')).toBeUndefined();
    expect(parseAnyDate('June 2022')).toBe('2022-06-01T00:00:00.000Z');
    expect(parseAnyDate('Jul 11 2025')).toBe('2025-07-11T00:00:00.000Z');
  });

  it('finds year-first datelines written with dots or slashes, not longer digit runs', () => {
    expect(findDateInText('Essay - Published: 2025.12.17 |')).toBe('2025-12-17T00:00:00.000Z');
    expect(findDateInText('Posted 2024/03/09 by Ann')).toBe('2024-03-09T00:00:00.000Z');
    expect(findDateInText('build 2025.12.170')).toBeUndefined();
    expect(findDateInText('2025.13.01')).toBeUndefined();
  });

  it('parses year-first dates as scholarly tags write them, in UTC whatever the local zone', () => {
    expect(parseTimeExpression('2023 Jan 7', R)?.iso).toBe('2023-01-07T00:00:00.000Z');
    expect(parseTimeExpression('2024 June 30', R)?.iso).toBe('2024-06-30T00:00:00.000Z');
    expect(parseTimeExpression('2023/01/07', R)?.iso).toBe('2023-01-07T00:00:00.000Z');
    expect(parseTimeExpression('2023 Foo 7', R)).toBeUndefined();
    expect(parseTimeExpression('2023/02/30', R)).toBeUndefined();
  });
});
