/** The systems compared by eval-extract: newsflow and its peers, all on the same HTML string and URL. */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { extractArticles, type HtmlExtractOptions } from '../../../libs/extract/src/index.js';

export interface SystemOutput {
  title?: string;
  body?: string;
  authors?: string[] | string;
  published?: string;
  pageType?: string;
}

export interface EvalSystem {
  name: string;
  /** `text` systems give main text (and metadata); `meta` systems only metadata. */
  kind: 'text' | 'meta';
  run(html: string, url: string | undefined): SystemOutput | undefined | Promise<SystemOutput | undefined>;
}

const RECEIVED = '2026-01-01T00:00:00.000Z';

/** Plain text of an HTML fragment, with block boundaries kept as line breaks (defuddle returns HTML). */
export function fragmentText(html: string): string {
  const marked = html.replace(
    /<\/?(?:p|div|li|h[1-6]|br|tr|td|th|blockquote|pre|section|article|ul|ol|dl|dt|dd|table|figure|figcaption|header|footer)\b[^>]*>/gi,
    (t) => `${t}\n`,
  );
  const { document } = parseHTML(`<html><body>${marked}</body></html>`);
  return document.body?.textContent ?? '';
}

export function newsflowSystem(tuning: HtmlExtractOptions): EvalSystem {
  return {
    name: 'newsflow',
    kind: 'text',
    run(html, url) {
      const r = extractArticles({ body: html, format: 'html', receivedAt: RECEIVED, url }, tuning);
      const a = r.ok ? r.articles[0] : undefined;
      if (!a) return undefined;
      return {
        title: a.title,
        body: a.body,
        authors: a.authors ?? a.author,
        published: a.publishedAt,
        pageType: a.pageType,
      };
    },
  };
}

/** Readability's article (whatever DOM it ran on) as a system output; none when it found no article. */
function readabilityOutput(r: ReturnType<Readability['parse']>): SystemOutput | undefined {
  if (!r) return undefined;
  return {
    title: r.title ?? '',
    body: r.textContent ?? '',
    authors: r.byline ?? undefined,
    published: r.publishedTime ?? undefined,
  };
}

export const readabilityLinkedom: EvalSystem = {
  name: 'readability+linkedom',
  kind: 'text',
  run(html) {
    const { document } = parseHTML(html);
    return readabilityOutput(new Readability(document).parse());
  },
};

export const readabilityJsdom: EvalSystem = {
  name: 'readability+jsdom',
  kind: 'text',
  run(html, url) {
    const dom = new JSDOM(html, { virtualConsole: new VirtualConsole(), ...(url ? { url } : {}) });
    try {
      return readabilityOutput(new Readability(dom.window.document).parse());
    } finally {
      dom.window.close();
    }
  },
};

type DefuddleCtor = new (
  doc: unknown,
  opts?: { url?: string },
) => { parse(): { title?: string; author?: string; published?: string; content?: string } };

export async function defuddleLinkedom(): Promise<EvalSystem> {
  const mod = (await import('defuddle/node')) as unknown as { DefuddleClass: DefuddleCtor };
  const Defuddle = mod.DefuddleClass;
  return {
    name: 'defuddle+linkedom',
    kind: 'text',
    run(html, url) {
      const { document } = parseHTML(html);
      const r = new Defuddle(document, url ? { url } : {}).parse();
      return {
        title: r.title ?? '',
        body: fragmentText(r.content ?? ''),
        authors: r.author || undefined,
        published: r.published || undefined,
      };
    },
  };
}

type Metascraper = (o: { html: string; url: string }) => Promise<Record<string, string | null | undefined>>;

export async function metascraperSystem(): Promise<EvalSystem> {
  const load = async (m: string): Promise<(...a: unknown[]) => unknown> =>
    ((await import(m)) as { default: (...a: unknown[]) => unknown }).default;
  const ms = (await load('metascraper'))([
    (await load('metascraper-title'))(),
    (await load('metascraper-author'))(),
    (await load('metascraper-date'))(),
  ]) as Metascraper;
  return {
    name: 'metascraper',
    kind: 'meta',
    async run(html, url) {
      const r = await ms({ html, url: url ?? 'http://localhost/' });
      return {
        title: r['title'] ?? undefined,
        authors: r['author'] ?? undefined,
        published: r['date'] ?? undefined,
      };
    },
  };
}
