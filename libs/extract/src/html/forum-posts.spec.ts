import { describe, expect, it } from 'vitest';
import { extractArticles } from '../extract-articles.js';
import type { HtmlExtractOptions } from './types.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';

// a thread: one long opening post and short replies, each reply its own sibling <div class="post">, next to a sidebar
// of other threads
const reply = (n: number): string =>
  `<div class="post" id="p${n}"><div class="author"><a href="/u/user${n}">user${n}</a></div><div class="cooked"><p>Reply ${n}: same problem here after the update, the restart did not help at all.</p></div></div>`;
const thread = (
  url: string,
  declared: boolean,
): string => `<html><head><title>Printer stops after update | Example Forum</title>
  ${declared ? '<script type="application/ld+json">{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Printer stops after update"}</script>' : ''}
  </head><body><nav><a href="/">Home</a><a href="/latest">Latest</a></nav>
  <h1>Printer stops after update</h1>
  <div class="stream">
    <div class="post" id="p0"><div class="author"><a href="/u/opener">opener</a></div><div class="cooked">
      <p>Since the last firmware update my printer stops in the middle of every job, and the panel shows no error at all, which is why I have no idea where to look.</p>
      <p>I have tried to reset it to the factory settings and to reinstall the driver on two different computers, but the problem is still there after an hour of printing.</p>
      <p>Is there a way to go back to the old firmware, or is there a setting that I have missed in the new one that would keep it from stopping like this?</p>
    </div></div>
    ${[1, 2, 3, 4].map(reply).join('')}
  </div>
  <aside class="sidebar">${[1, 2, 3].map((i) => `<div><a href="/t/other-${i}">Another thread number ${i} about scanners</a></div>`).join('')}</aside>
  <footer>© 2026 Example Forum</footer></body></html>`;

function body(html: string, url: string, tuning: HtmlExtractOptions = {}): string {
  const r = extractArticles({ body: html, format: 'html', receivedAt: RECEIVED, url }, tuning);
  const a = r.ok ? r.articles[0] : undefined;
  if (!a) throw new Error('no article');
  return a.body;
}

describe('forum threads: every post of the run of repeated siblings', () => {
  it('keeps the short replies of a thread declared by its URL path or by schema.org type', () => {
    for (const [url, declared] of [
      ['https://forum.example.org/t/printer-stops-after-update/4711', false],
      ['https://forum.example.org/printer-stops-after-update', true],
    ] as const) {
      const b = body(thread(url, declared), url);
      expect(b).toContain('Since the last firmware update');
      for (const n of [1, 2, 3, 4]) expect(b).toContain(`Reply ${n}: same problem here`);
      expect(b).not.toContain('Another thread number');
    }
  });

  it('keeps only the opening post with the rule off, and on a page not declared a forum', () => {
    const url = 'https://forum.example.org/t/printer-stops-after-update/4711';
    for (const b of [
      body(thread(url, false), url, { forumPosts: false }),
      body(thread(url, false), 'https://www.example.org/printer-stops-after-update'),
    ]) {
      expect(b).toContain('Since the last firmware update');
      expect(b).not.toContain('Reply 2: same problem here');
    }
  });
});
