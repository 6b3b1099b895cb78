import { describe, expect, it } from 'vitest';
import { extractArticles } from '../extract-articles.js';
import type { HtmlExtractOptions } from './types.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';

// a help page: two prose paragraphs, then the steps as a list after the last paragraph (the scorer keeps short and
// structural blocks only between kept blocks, so the trailing list is lost; Readability keeps the whole container)
const page = `<html><head><title>Set up the printer | Example Help</title></head><body>
  <nav><a href="/">Home</a><a href="/docs">Docs</a></nav>
  <div class="main"><h1>Set up the printer</h1><div class="text">
    <p>Before you start, make sure that the printer is switched on and that it is connected to the same network as the computer you want to print from, or the setup will not find it.</p>
    <p>The setup takes about ten minutes and you will need the code that is printed on the label at the back of the printer, so keep it at hand while you follow the steps below.</p>
    <ul>${[
      'Open the settings app',
      'Choose the devices panel',
      'Press the add printer button',
      'Pick the printer from the list',
      'Type the code from the label',
      'Wait for the green light',
      'Print a test page now',
      'Close the settings app',
    ]
      .flatMap((s) => [
        `<li>${s} on the computer</li>`,
        `<li>${s.replace('the', 'your')} again if it fails</li>`,
      ])
      .join('')}</ul>
  </div></div>
  <footer>© 2026 Example</footer></body></html>`;

// the page-text rules (page-text.ts) would also take the trailing list of this page: off, to see the second opinion alone
const noPageText: HtmlExtractOptions = { pageTextShare: 0, pageListShare: 0, pageListSignalShare: 0 };

function body(url: string, tuning: HtmlExtractOptions = {}): string {
  const r = extractArticles(
    { body: page, format: 'html', receivedAt: RECEIVED, url },
    { ...noPageText, ...tuning },
  );
  const a = r.ok ? r.articles[0] : undefined;
  if (!a) throw new Error('no article');
  return a.body;
}

describe('Readability second opinion on pages not read as articles (off by default)', () => {
  const docs = 'https://help.example.org/docs/printer-setup';
  const on: HtmlExtractOptions = { secondOpinionOtherWords: 600, secondOpinionRatio: 2 };

  it('takes the longer text that extends the first one on a documentation page', () => {
    const b = body(docs, on);
    expect(b).toContain('make sure that the printer is switched on');
    expect(b).toContain('Type the code from the label');
  });

  it('keeps the scorer text by default, and on an article page', () => {
    for (const b of [body(docs), body('https://news.example.org/2026/01/10/printer-setup-story', on)]) {
      expect(b).toContain('make sure that the printer is switched on');
      expect(b).not.toContain('Type the code from the label');
    }
  });

  it('refuses a longer second opinion that leaves out most of the text found first', () => {
    const b = body(docs, { ...on, secondOpinionCover: 1.01 });
    expect(b).not.toContain('Type the code from the label');
  });
});
