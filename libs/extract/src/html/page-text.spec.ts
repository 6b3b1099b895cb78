import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import type { DomDocument } from '../dom.types.js';
import { extractArticles } from '../extract-articles.js';
import { classifyPageType, hasArticleSignal } from './page-type.js';
import { isProse, type PageTextOptions } from './page-text.js';
import type { HtmlExtractOptions } from './types.js';

const RECEIVED = '2026-01-10T12:00:00.000Z';
const URL = 'https://www.example.org/';

// a landing page: one prose section (the part the article scorer likes), then a grid of short feature cards and an
// FAQ, each card a heading and one plain line; no article type, no og:type article, no date
const card = (n: number): string =>
  `<div class="card"><h3>Feature ${n} title</h3><div class="card-text">Feature ${n} syncs boards, tasks and files instantly</div></div>`;
const faq = (n: number): string =>
  `<div class="faq-item"><h4>Question ${n} about plans?</h4><div>Answer ${n}: yes, every plan includes it.</div></div>`;
const landing = (head = ''): string => `<html><head><title>Example Boards</title>${head}</head><body>
  <nav><a href="/">Home</a><a href="/pricing">Pricing</a><a href="/login">Log in</a></nav>
  <main>
    <section class="hero"><h1>Plan every project in one place</h1><div>Boards, timelines and docs for every team</div></section>
    <section class="intro"><p>Example Boards is the place where your team plans the work, keeps track of what is left and
      shares the files that it needs, so that nobody has to ask where the latest version of a plan is or who is working on
      which part of it this week.</p>
      <p>It was built by a small team that was tired of switching between five different tools, and it is now used by
      thousands of teams who wanted the same thing: one place for the plan, the tasks and the talk about them.</p></section>
    <section class="features">${Array.from({ length: 12 }, (_, i) => card(i + 1)).join('')}</section>
    <section class="faq"><h2>Frequently asked questions</h2>${Array.from({ length: 6 }, (_, i) => faq(i + 1)).join('')}</section>
  </main>
  <footer><a href="/terms">Terms</a> © 2026 Example Boards</footer></body></html>`;

function run(html: string, tuning: HtmlExtractOptions & PageTextOptions = {}, url = URL) {
  const r = extractArticles({ body: html, format: 'html', receivedAt: RECEIVED, url }, tuning);
  const a = r.ok ? r.articles[0] : undefined;
  if (!a) throw new Error('no article');
  return a;
}

describe('page text: pages with no article signal made of many short sections', () => {
  it('keeps the feature grid and the FAQ of a landing page, not only its prose section', () => {
    const a = run(landing());
    expect(a.body).toContain('Example Boards is the place where your team plans');
    expect(a.body).toContain('Feature 7 syncs boards, tasks and files instantly');
    expect(a.body).toContain('Answer 5: yes, every plan includes it.');
    expect(a.body).not.toContain('Log in');
    expect(a.body).not.toContain('Terms');
  });

  it('keeps only the scored section with the rule off (pageTextShare 0)', () => {
    const a = run(landing(), { pageTextShare: 0 });
    expect(a.body).toContain('Example Boards is the place where your team plans');
    expect(a.body).not.toContain('Feature 7 syncs boards');
  });

  it('leaves out link-heavy teaser blocks and everything after a section end', () => {
    const teasers = Array.from(
      { length: 8 },
      (_, i) =>
        `<div class="teaser"><a href="/blog/post-${i}">Read our story number ${i} about planning</a></div>`,
    ).join('');
    const a = run(
      landing().replace('</main>', `<section><h2>Related articles</h2>${teasers}</section></main>`),
    );
    expect(a.body).toContain('Feature 7 syncs boards, tasks and files instantly');
    expect(a.body).not.toContain('Read our story number');
  });

  it('leaves a page with an article signal (schema.org article type, og:type article, a date) to the scorer or the whole-page rule', () => {
    for (const head of [
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Example Boards"}</script>',
      '<meta property="og:type" content="article">',
      '<meta property="article:published_time" content="2025-11-03T08:00:00Z">',
    ]) {
      const a = run(landing(head), { pageListSignalShare: 0 });
      expect(a.body).toContain('Example Boards is the place where your team plans');
      expect(a.body).not.toContain('Feature 7 syncs boards');
    }
  });

  it('does not replace a scored text that is a fair share of the page', () => {
    // the same page with only two cards: the prose is most of the page
    const html = landing().replace(
      /<section class="features">[\s\S]*?<\/section>/,
      `<section>${card(1)}</section>`,
    );
    const a = run(html.replace(/<section class="faq">[\s\S]*?<\/section>/, ''));
    expect(a.body).toContain('Example Boards is the place where your team plans');
    expect(a.body).not.toContain('Feature 1 syncs boards');
  });
});

describe('hasArticleSignal', () => {
  const doc = (head: string): DomDocument =>
    (parseHTML(`<html><head>${head}</head><body></body></html>`) as unknown as { document: DomDocument })
      .document;
  it('is a schema.org article type, og:type article or a date, and nothing else', () => {
    expect(hasArticleSignal(doc(''), ['NewsArticle'], false)).toBe(true);
    expect(hasArticleSignal(doc('<meta property="og:type" content="article">'), [], false)).toBe(true);
    expect(hasArticleSignal(doc(''), [], true)).toBe(true);
    expect(
      hasArticleSignal(
        doc('<meta property="og:type" content="website">'),
        ['WebPage', 'Organization'],
        false,
      ),
    ).toBe(false);
  });
});

describe('page type: FAQ blocks and topic paths', () => {
  const page = (head: string, body = '<p>Text</p>'): DomDocument =>
    (
      parseHTML(`<html><head>${head}</head><body>${body}</body></html>`) as unknown as {
        document: DomDocument;
      }
    ).document;
  const faqMicrodata =
    '<div itemscope itemtype="https://schema.org/FAQPage"><div itemscope itemtype="https://schema.org/Question"><div itemscope itemtype="https://schema.org/Answer">Yes</div></div></div>';
  it('does not read the Question / Answer entries of an FAQPage as a forum thread', () => {
    const input = { url: 'https://shop.example.org/steel-kettle', ldTypes: [], linkShare: 0, words: 0 };
    expect(classifyPageType(page('', faqMicrodata), input)).toBe('article');
    expect(classifyPageType(page('', faqMicrodata), { ...input, ldTypes: ['Product'] })).toBe('product');
    expect(
      classifyPageType(page('', faqMicrodata), { ...input, ldTypes: ['FAQPage', 'Question', 'Answer'] }),
    ).toBe('article');
  });

  it('still reads a question page without an FAQPage as a forum thread', () => {
    const input = {
      url: 'https://qa.example.org/what-is-x',
      ldTypes: ['QAPage', 'Question'],
      linkShare: 0,
      words: 0,
    };
    expect(classifyPageType(page(''), input)).toBe('forum');
  });

  it('reads /topics/ paths as collections or articles, /topic/ and /t/ as forum threads', () => {
    const at = (url: string) => classifyPageType(page(''), { url, ldTypes: [], linkShare: 0, words: 0 });
    expect(at('https://www.example.org/topics/climate/')).toBe('collection');
    expect(at('https://docs.example.org/en/5.1/topics/db/models/')).toBe('article');
    expect(at('https://forum.example.org/topic/12345-printer-stops/')).toBe('forum');
    expect(at('https://forum.example.org/t/printer-stops/4711')).toBe('forum');
  });
});

describe('isProse', () => {
  const sentence = (n: number): string =>
    `Paragraph ${n} of the story tells the reader what the council decided on Tuesday and why it matters.`;
  it('is true for a run of full sentences and false for cards, labels or a single paragraph', () => {
    expect(isProse([sentence(1), sentence(2), sentence(3)])).toBe(true);
    expect(isProse([sentence(1), sentence(2)])).toBe(false);
    expect(
      isProse(Array.from({ length: 8 }, (_, i) => `Feature ${i} syncs boards, tasks and files instantly`)),
    ).toBe(false);
    // sentence-ending paragraphs must hold most of the words: three sentences lost among long card lines are not prose
    const cards = Array.from(
      { length: 12 },
      (_, i) => `Card ${i} title with several words of label text here`,
    );
    expect(isProse([sentence(1), sentence(2), sentence(3), ...cards])).toBe(false);
    expect(isProse([])).toBe(false);
  });
});

describe('page text: the whole page when the scored text is a small, non-prose part of it', () => {
  // a front page: a short lead blurb (the part the scorer keeps) and many teasers, each a linked headline and a line
  const teaser = (n: number): string =>
    `<div class="card"><h3><a href="/2026/01/10/story-${n}-about-the-harbour-plan">Story ${n}: the harbour plan moves ahead after a long vote</a></h3><p>Teaser ${n} explains what changes for ferry riders</p></div>`;
  const front = (
    head: string,
    lead: string,
  ): string => `<html><head><title>Example Daily</title>${head}</head><body>
    <nav><a href="/">Home</a><a href="/world">World</a><a href="/sport">Sport</a></nav>
    <main><section class="lead">${lead}</section>
      <section class="grid">${Array.from({ length: 30 }, (_, i) => teaser(i + 1)).join('')}</section></main>
    <footer><a href="/terms">Terms</a> © 2026 Example Daily</footer></body></html>`;
  const blurb =
    '<p>The morning briefing: what happened overnight in the city and along the coast, the weather for the weekend, the roads that are closed for the marathon, the games to watch on Saturday and Sunday, the new exhibitions that open this week, and the stories our editors picked for you to read today over a coffee, with a few of the best letters our readers sent in</p>';
  const dated = '<meta property="article:published_time" content="2026-01-10T06:00:00Z">';

  it('keeps the teasers of a front page whose scored text is one blurb, with or without an article signal', () => {
    for (const head of ['', dated]) {
      const a = run(front(head, blurb));
      expect(a.body).toContain('Story 17: the harbour plan moves ahead after a long vote');
      expect(a.body).toContain('Teaser 29 explains what changes for ferry riders');
      expect(a.body).not.toContain('Sport');
      expect(a.body).not.toContain('Terms');
    }
  });

  it('keeps the scored text with the whole-page rule off', () => {
    const a = run(front(dated, blurb), { pageListSignalShare: 0 });
    expect(a.body).toContain('The morning briefing');
    expect(a.body).not.toContain('Story 17: the harbour plan');
  });

  it('keeps an article of full sentences to itself, however many teasers surround it', () => {
    const story = Array.from(
      { length: 4 },
      (_, i) =>
        `<p>Paragraph ${i + 1} of the report: the council voted late on Tuesday to widen the harbour, and the ferry company said it would add crossings. Residents who spoke at the meeting asked for quieter boats.</p>`,
    ).join('');
    for (const head of ['', dated]) {
      const a = run(front(head, story));
      expect(a.body).toContain('Paragraph 4 of the report');
      expect(a.body).not.toContain('Story 17: the harbour plan');
    }
  });
});
