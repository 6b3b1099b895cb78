import { describe, expect, it } from 'vitest';
import {
  captionCreditOutlet,
  copyrightOutlet,
  datelineOutlet,
  isMasthead,
  isNavBar,
  isPersonName,
  parseCredit,
} from './dump-lines.js';

describe('credit lines of text dumps', () => {
  it('reads the outlet of "Source:", "Via", bracketed and "originally appeared" credits', () => {
    expect(parseCredit('Source: Coastal Herald')).toEqual({ source: 'Coastal Herald' });
    expect(parseCredit('Via Daily Ledger')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('(Daily Ledger)')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('This article originally appeared on Daily Ledger.')).toEqual({
      source: 'Daily Ledger',
    });
  });

  it('reads a credit inside brackets and the word for source in other languages (with a colon)', () => {
    expect(parseCredit('(Source: Coastal Herald)')).toEqual({ source: 'Coastal Herald' });
    expect(parseCredit('(Quelle: Norder Tageblatt)')).toEqual({ source: 'Norder Tageblatt' });
    expect(parseCredit('Fuente: Diario del Puerto')).toEqual({ source: 'Diario del Puerto' });
    expect(parseCredit('[Fonte: Gazzetta di Velm]')).toEqual({ source: 'Gazzetta di Velm' });
    // without the colon the word is text, not a label
    expect(parseCredit('Quelle der Freude')).toBeUndefined();
  });

  it('splits "By author, outlet" and "By author | outlet" into author and outlet', () => {
    expect(parseCredit('By Jane Doe, Coastal Herald')).toEqual({
      author: 'Jane Doe',
      source: 'Coastal Herald',
    });
    expect(parseCredit('By Jane Doe | Coastal Herald')).toEqual({
      author: 'Jane Doe',
      source: 'Coastal Herald',
    });
    expect(parseCredit('By The Ledger Team, Daily Ledger')).toEqual({
      author: 'The Ledger Team',
      source: 'Daily Ledger',
    });
    expect(parseCredit('Reported by Jane Doe for Coastal Herald')).toEqual({
      author: 'Jane Doe',
      source: 'Coastal Herald',
    });
    expect(parseCredit('By Jane Doe for Coastal Herald')).toEqual({
      author: 'Jane Doe',
      source: 'Coastal Herald',
    });
  });

  it('leaves personal bylines and author lists to the byline reader', () => {
    expect(parseCredit('By Jane Doe')).toBeUndefined();
    expect(parseCredit('By Jane Doe and John Roe')).toBeUndefined();
    expect(parseCredit('By Jane Doe, John Roe and Ann Poe')).toBeUndefined();
  });

  it('takes "By" followed by an organisation for the outlet', () => {
    expect(parseCredit('By Wirenews')).toEqual({ source: 'Wirenews' });
    expect(parseCredit('By Harbour Health Network')).toEqual({ source: 'Harbour Health Network' });
  });

  it('does not read a sentence as a credit', () => {
    expect(
      parseCredit('From the start, the plan was to open the bridge in spring next year.'),
    ).toBeUndefined();
  });
});

describe('names, mastheads and navigation bars', () => {
  it('tells personal names from organisation names', () => {
    expect(isPersonName('Jean-Luc van Dijk')).toBe(true);
    expect(isPersonName('The Morning Ledger')).toBe(false);
    expect(isPersonName('Harbour Labs')).toBe(false);
    expect(isPersonName('BBK Marketing')).toBe(false);
    expect(isPersonName('JANE DOE')).toBe(true);
  });

  it('recognises mastheads and kickers in capitals, not headlines', () => {
    expect(isMasthead('COASTAL HERALD')).toBe(true);
    expect(isMasthead('WORLD')).toBe(true);
    expect(isMasthead('Storm leaves thousands without power')).toBe(false);
    expect(isMasthead('IT WAS THE STORM OF THE CENTURY, AND NOBODY SAW IT COMING.')).toBe(false);
  });

  it('recognises navigation bars in several separators', () => {
    expect(isNavBar('Home | World | Business | Tech')).toBe(true);
    expect(isNavBar('News · Politics · Science')).toBe(true);
    expect(isNavBar('Front page » Europe » Economy')).toBe(true);
    expect(isNavBar('NEWS  SPORT  WEATHER')).toBe(true);
    expect(isNavBar('Markets rally as inflation cools')).toBe(false);
    expect(isNavBar('Daily Ledger · 2 hours ago')).toBe(false);
  });
});

describe('outlet names with end punctuation', () => {
  it('keeps an abbreviation full stop and drops the full stop of the credit sentence', () => {
    expect(parseCredit('Source: Acme Widgets Co.')).toEqual({ source: 'Acme Widgets Co.' });
    expect(parseCredit('This article originally appeared on Daily Ledger.')).toEqual({
      source: 'Daily Ledger',
    });
    expect(parseCredit('Via Yahoo!')).toEqual({ source: 'Yahoo!' });
  });
});

describe('short outlet names at the end of a credit sentence', () => {
  it('drops the full stop after a short name that is no abbreviation', () => {
    expect(parseCredit('This article originally appeared on Clay.')).toEqual({ source: 'Clay' });
  });
});

describe('outlets named in passing', () => {
  it('reads the outlet of a copyright line with the year before or after it', () => {
    expect(copyrightOutlet('Copyright 2026 The Daily Ledger. All rights reserved.')).toBe('The Daily Ledger');
    expect(copyrightOutlet('© Coastal Herald 2025')).toBe('Coastal Herald');
    expect(copyrightOutlet('(c) 2025 Acme Widgets Co.')).toBe('Acme Widgets Co.');
    expect(copyrightOutlet('Copyright law is hard to read for almost everyone who tries.')).toBeUndefined();
  });

  it('reads the outlet after the slash of a photo credit, not a photographer alone', () => {
    expect(captionCreditOutlet('Photo: Jane Doe/Daily Ledger')).toBe('Daily Ledger');
    expect(captionCreditOutlet('(Photo: JANE DOE/WIRE)')).toBe('WIRE');
    expect(captionCreditOutlet('Image: The Coastal Herald')).toBe('The Coastal Herald');
    expect(captionCreditOutlet('Photo: Jane Doe')).toBeUndefined();
  });

  it('reads "Read more at X" as a credit', () => {
    expect(parseCredit('Read more at Daily Ledger')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('Read more at the end of this week, the council said.')).toBeUndefined();
  });

  it('reads the outlet of a wire dateline opening a paragraph', () => {
    expect(datelineOutlet('LONDON (Daily Ledger) - Stocks rose on Friday.')).toBe('Daily Ledger');
    expect(datelineOutlet('NEW YORK, March 3 (Wire) — Stocks rose.')).toBe('Wire');
    expect(datelineOutlet('(Wire) — Stocks rose on Friday.')).toBe('Wire');
    expect(datelineOutlet('NEW DELHI: Maldives has warmed to India.')).toBeUndefined();
    expect(datelineOutlet('The (small) - and late - change was made.')).toBeUndefined();
  });
});

describe('credits of feeds, mail headers and newsletters (session 11)', () => {
  it('reads "Website: X", "Read on X ↗" and a mail sender, not a headline that starts with such a word', () => {
    expect(parseCredit('Website: Daily Ledger')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('Read on Daily Ledger ↗')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('From: Daily Ledger <newsletter@ledger.example>')).toEqual({ source: 'Daily Ledger' });
    expect(parseCredit('Feed The World')).toBeUndefined();
  });

  it('reads the outlet of "X reports:" opening a paragraph', () => {
    expect(datelineOutlet('Daily Ledger reports: Stocks rose on Friday.')).toBe('Daily Ledger');
    expect(datelineOutlet('The minister said: Stocks rose on Friday.')).toBeUndefined();
    expect(datelineOutlet('It reports: Stocks rose on Friday.')).toBeUndefined();
  });
});
