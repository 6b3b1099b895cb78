import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_TOPIC } from '@newsflow/contracts';
import {
  buildWorkspace,
  freeServicePorts,
  pipelineEnv,
  removePipelineResources,
  startPipeline,
} from '../../../../test/support/pipeline-services.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { testName } from '../../../../test/support/test-names.js';
import { until } from '../../../../test/support/wait.js';

/**
 * A listing page pushed as a dump is a source of links: clean sends its article links back to fetch, fetch downloads
 * them from a local origin, and the articles are indexed; the listing itself (its navigation and teasers) is not.
 * The real fetch, clean, classify and index services run as processes on the shared stack under a test prefix.
 */

const SENTENCE =
  'The council met on Tuesday evening and voted on the plan after a long debate, and most members said the work should start in the spring.';
const STORIES = [
  { path: '/2026/11/harbour-bridge-gets-final-approval', title: 'Harbour bridge gets final approval' },
  { path: '/2026/11/school-meals-programme-extended-for-a-year', title: 'School meals programme extended' },
  { path: '/2026/11/river-flood-defences-finished-early', title: 'River flood defences finished early' },
];
/** Linked from the menu and the footer only: never followed. */
const NAV_PATH = '/2026/11/menu-link-that-looks-like-an-article';
/** A page of links reached through the listing (depth 1): published as a page, its own links never fetched. */
const SECTION_PATH = '/2026/11/more-local-stories-collection-page';
const DEEP_PATH = '/2026/11/story-two-links-away-from-the-dump';

function articlePage(title: string, n: number): string {
  const paras = Array.from({ length: 6 }, (_, i) => `<p>${title}, part ${i + 1}. ${SENTENCE} Item ${n}.</p>`);
  return `<html><head><title>${title}</title>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"${title}"}</script></head>
    <body><nav><a href="/">Home</a></nav><article><h1>${title}</h1>${paras.join('')}</article></body></html>`;
}

function collectionPage(title: string, items: Array<{ path: string; title: string }>, nav = ''): string {
  const teasers = items
    .map(
      (s) =>
        `<li class="teaser"><h2><a href="${s.path}">${s.title} after the vote</a></h2><p>Short teaser of the story.</p></li>`,
    )
    .join('');
  return `<html><head><title>${title}</title>
    <script type="application/ld+json">{"@type":"CollectionPage"}</script></head>
    <body>${nav}<main><h1>${title}</h1><ul>${teasers}</ul></main>
    <footer><a href="${NAV_PATH}">Menu link that looks like an article</a></footer></body></html>`;
}

const LISTING = collectionPage(
  'Local news front page',
  [...STORIES, { path: SECTION_PATH, title: 'More local stories collection page' }],
  `<nav><a href="${NAV_PATH}">Menu link that looks like an article</a><a href="/weather">Weather forecast for the week</a></nav>`,
);

class Origin {
  readonly hits = new Map<string, number>();
  private readonly server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const i = STORIES.findIndex((s) => s.path === path);
    const body =
      i >= 0
        ? articlePage(STORIES[i]!.title, i)
        : path === SECTION_PATH
          ? collectionPage('More local stories', [
              { path: DEEP_PATH, title: 'Story two links away from the dump' },
            ])
          : path === DEEP_PATH || path === NAV_PATH
            ? articlePage('Should never be fetched', 99)
            : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Hit {
  title: string;
  body: string;
  url?: string;
  pageType?: string;
  dumpId: string;
}

let prefix = '';
type Services = Awaited<ReturnType<typeof startPipeline>>;
let services: Services = [];

/** SIGTERM each service (they drain and commit), SIGKILL what is still running 20 s later. */
async function stopAll(running: Services): Promise<void> {
  await Promise.all(
    running.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}
let producer: Producer | undefined;
const origin = new Origin();

async function indexed(dumpId: string): Promise<Hit[]> {
  const os = stackEndpoints().opensearchUrl;
  const alias = `${prefix}.news-articles`;
  await fetch(`${os}/${alias}/_refresh`, { method: 'POST' });
  const res = await fetch(`${os}/${alias}/_search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ size: 50, query: { term: { dumpId } } }),
  });
  if (!res.ok) return [];
  const json = (await res.json()) as { hits: { hits: Array<{ _source: Hit }> } };
  return json.hits.hits.map((h) => h._source);
}

beforeAll(async () => {
  buildWorkspace();
  await origin.start();
  prefix = testName('listing-links');
  const ports = await freeServicePorts();
  services = await startPipeline(prefix, pipelineEnv(prefix, { FETCH_ALLOWED_HOSTS: '127.0.0.1' }), ports, [
    'fetch',
    'clean',
    'classify',
    'index',
  ]);
  const kafka = new Kafka({
    clientId: 'listing-links-int',
    brokers: [...stackEndpoints().kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  producer = kafka.producer();
  await producer.connect();
}, 300_000);

afterAll(async () => {
  await producer?.disconnect();
  await stopAll(services);
  await origin.stop();
  if (prefix) await removePipelineResources(prefix);
}, 120_000);

describe('listing pages as sources of links (fetch, clean, classify, index as processes; Kafka, OpenSearch, Redis)', () => {
  it("indexes the articles a pushed listing page links to, not the listing's navigation, and does not follow links found one hop away", async () => {
    const dumpId = 'listing-front-page';
    await producer!.send({
      topic: `${prefix}.${INGEST_TOPIC}`,
      messages: [
        {
          key: dumpId,
          value: JSON.stringify({
            id: dumpId,
            url: origin.url('/local/'),
            contentType: 'text/html',
            body: LISTING,
          }),
        },
      ],
    });
    // the three stories plus the collection page reached through the listing (published as a page, not expanded)
    const docs = await until(
      'the linked pages in the index',
      async () => {
        const hits = await indexed(dumpId);
        return hits.length >= STORIES.length + 1 ? hits : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    const byUrl = new Map(docs.map((d) => [d.url, d]));
    for (const s of STORIES) {
      const d = byUrl.get(origin.url(s.path));
      expect(d?.title).toBe(s.title);
      expect(d?.pageType).toBe('article');
      expect(d?.body).toContain(`${s.title}, part 6.`);
    }
    expect(byUrl.get(origin.url(SECTION_PATH))?.pageType).toBe('collection');
    // the listing page itself is not an article, and nothing carries its menu or footer
    expect(docs.map((d) => d.url)).not.toContain(origin.url('/local/'));
    expect(docs.some((d) => d.title === 'Local news front page')).toBe(false);
    expect(docs.some((d) => d.body.includes('Menu link that looks like an article'))).toBe(false);
    expect(docs).toHaveLength(STORIES.length + 1);
    // each story was fetched; menu, footer and second-hop links never were
    for (const s of STORIES) expect(origin.hits.get(s.path)).toBeGreaterThanOrEqual(1);
    expect(origin.hits.get(NAV_PATH)).toBeUndefined();
    expect(origin.hits.get(DEEP_PATH)).toBeUndefined();
    expect(origin.hits.get('/local/')).toBeUndefined();
  });
});
