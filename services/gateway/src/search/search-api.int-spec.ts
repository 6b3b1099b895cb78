import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@opensearch-project/opensearch';
import { articlesIndexName, toArticleDocument } from '@newsflow/search';
import {
  gatewayTestConfig,
  indexDocuments,
  openArticlesIndex,
  removeGatewayIndices,
  startGateway as start,
  type RunningGateway as Running,
} from '../../../../test/support/gateway-app.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { testName } from '../../../../test/support/test-names.js';
import { enrichedArticle, hexId as hex } from '../../../../test/support/article-fixtures.js';
import { hashApiKey } from '../auth/api-keys.js';
import type { GatewayConfig } from '../gateway.config.js';
import type { ProblemBody } from '../problem/problem.exception.js';
import type { StoryResponse } from '../stories/stories.handler.js';
import type { SuggestResponse } from '../suggest/suggest.handler.js';
import type { SearchResponse } from '@newsflow/search';
import { ApiProblemError, NewsflowClient } from '@newsflow/api-client';

const ADMIN_KEY = 'test-search-admin-key-0001';
const READER_KEY = 'test-search-reader-key-0002';
const SLOW_KEY = 'test-search-slow-key-0003';

interface Doc {
  id: string;
  title: string;
  body: string;
  source: string;
  day: number;
  storyId?: string;
  duplicateOf?: string;
  topic?: string;
  countries?: string[];
  people?: string[];
  iptc?: [string, string];
  pageType?: string;
  /** Publication time (default: derived from `day`, in 2026). */
  at?: string;
}

function doc(d: Doc): Record<string, unknown> & { id: string } {
  let at = `2026-${String(Math.floor((d.day - 1) / 28) + 1).padStart(2, '0')}-${String(((d.day - 1) % 28) + 1).padStart(2, '0')}T10:00:00Z`;
  if (d.at) at = d.at;
  const a = enrichedArticle({ ...d, dumpId: 'test-dump-search', at, publishedAt: at });
  const out: Record<string, unknown> & { id: string } = { ...toArticleDocument(a) };
  if (d.iptc) {
    out.iptcCodes = [d.iptc[0]];
    out.iptcLabels = [d.iptc[1]];
  }
  if (d.pageType) out.pageType = d.pageType;
  return out;
}

const S = { quel: hex(0x100), brav: hex(0x200), harbour: hex(0x300) };
const DOCS: Doc[] = [
  // A story of three near-duplicates from three sources, plus an exact duplicate of its first article.
  {
    id: S.quel,
    title: 'Quelmarsh council approves new harbour wall',
    body: 'The Quelmarsh council voted to build a new harbour wall after winter storms.',
    source: 'Coast Herald',
    day: 10,
    people: ['Ada Quelmarsh-Finch'],
    iptc: ['medtop:11000000', 'politics'],
    pageType: 'article',
    countries: ['GB'],
  },
  {
    id: hex(0x101),
    title: 'Quelmarsh votes for harbour wall',
    body: 'Councillors in Quelmarsh approved a harbour wall after the winter storms.',
    source: 'Daily Tide',
    day: 11,
    storyId: S.quel,
    iptc: ['medtop:11000000', 'politics'],
    pageType: 'article',
    countries: ['GB'],
  },
  {
    id: hex(0x102),
    title: 'Harbour wall approved in Quelmarsh',
    body: 'A new harbour wall was approved by the Quelmarsh council on Tuesday.',
    source: 'Wire One',
    day: 12,
    storyId: S.quel,
    iptc: ['medtop:11000000', 'politics'],
    pageType: 'liveblog',
    countries: ['GB'],
  },
  {
    id: hex(0x103),
    title: 'Quelmarsh council approves new harbour wall',
    body: 'The Quelmarsh council voted to build a new harbour wall after winter storms.',
    source: 'Coast Herald',
    day: 10,
    storyId: S.quel,
    duplicateOf: S.quel,
    countries: ['GB'],
  },
  // A separate story on Bravenkov.
  {
    id: S.brav,
    title: 'Bravenkov miners end strike',
    body: 'Miners in Bravenkov ended their strike after a pay deal with the mine owners.',
    source: 'Wire One',
    day: 20,
    topic: 'economy',
    iptc: ['medtop:04000000', 'economy, business and finance'],
    pageType: 'article',
    countries: ['PL'],
  },
  // Twelve separate harbour stories for paging.
  ...Array.from({ length: 12 }, (_, i) => ({
    id: hex(0x300 + i),
    title: `Harbour report number ${i + 1}`,
    body: `Harbour traffic report ${i + 1}: ships, cranes and tides in the harbour.`,
    source: i % 2 ? 'Port News' : 'Dock Daily',
    day: 30 + i * 7,
    // Recent (one report a day up to today) so the recency decay of the relevance sort tells them apart.
    at: new Date(Date.now() - (11 - i) * 86_400_000).toISOString(),
  })),
];

async function get<T>(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; headers: Headers; body: T }> {
  const res = await fetch(`${base}${path}`, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    body: (await res.json()) as T,
  };
}

const ids = (r: { body: SearchResponse }) => r.body.hits.map((h) => h.id);

describe('search API against the real stack', () => {
  const prefix = testName('gw-search');
  let config: GatewayConfig;
  let os: Client;
  let gw: Running;

  beforeAll(async () => {
    config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEY: ADMIN_KEY,
      GATEWAY_API_KEYS: `reader:${hashApiKey(READER_KEY)}:read,slow:${hashApiKey(SLOW_KEY)}:read:0.5:3`,
      GATEWAY_ANONYMOUS_READ: 'true',
      GATEWAY_ANONYMOUS_RATE: '1000',
      GATEWAY_ANONYMOUS_BURST: '1000',
      GATEWAY_CORS_ORIGINS: 'https://news.example',
      // Saved-search percolation has its own test (subscriptions.int-spec.ts); here it would leave a topic behind.
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
    });
    os = await openArticlesIndex(config);
    // The IPTC and page-type fields are being added to the shared mapping; the test index gets them either way.
    await os.indices.putMapping({
      index: config.articlesAlias,
      body: {
        properties: {
          iptcCodes: { type: 'keyword' },
          iptcLabels: { type: 'keyword' },
          pageType: { type: 'keyword' },
        },
      },
    });
    await indexDocuments(os, config.articlesAlias, DOCS.map(doc));
    gw = await start(config);
  });

  afterAll(async () => {
    await gw?.app.close();
    // The gateway's URL-ingest queue (BullMQ) writes keys under the prefix even when no job is added.
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (os) await removeGatewayIndices(os, config, [articlesIndexName(config.articlesAlias)]);
  });

  describe('query syntax', () => {
    it('treats OR as an operator: either name finds both stories', async () => {
      const r = await get<SearchResponse>(gw.base, '/v1/search?q=Quelmarsh%20OR%20Bravenkov');
      expect(r.status).toBe(200);
      expect(new Set(r.body.hits.map((h) => h.storyId))).toEqual(new Set([S.quel, S.brav]));
      const and = await get<SearchResponse>(gw.base, '/v1/search?q=Quelmarsh%20AND%20Bravenkov');
      expect(and.body.hits).toEqual([]);
    });

    it('matches quoted phrases exactly, excludes NOT and -term, and groups with parentheses', async () => {
      const phrase = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('"ended their strike"')}`,
      );
      expect(ids(phrase)).toEqual([S.brav]);
      const scrambled = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('"strike their ended"')}`,
      );
      expect(scrambled.body.hits).toEqual([]);
      const minus = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('harbour -Quelmarsh')}&size=50`,
      );
      expect(minus.body.hits.length).toBe(12);
      expect(minus.body.hits.every((h) => h.title.startsWith('Harbour report'))).toBe(true);
      const not = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('harbour NOT Quelmarsh')}&size=50`,
      );
      expect(ids(not).sort()).toEqual(ids(minus).sort());
      const grouped = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('(Bravenkov OR Quelmarsh) -miners')}`,
      );
      expect(grouped.body.hits.map((h) => h.storyId)).toEqual([S.quel]);
    });

    it('filters with field:value for source, topic, iptc, entity, country and language', async () => {
      const cases: Array<[string, string[]]> = [
        ['source:"Daily Tide"', [S.quel]],
        ['topic:economy', [S.brav]],
        ['iptc:politics', [S.quel]],
        ['iptc:medtop:04000000', [S.brav]],
        ['entity:"ada quelmarsh-finch"', [S.quel]],
        ['country:pl', [S.brav]],
        ['language:en Bravenkov', [S.brav]],
      ];
      for (const [q, stories] of cases) {
        const r = await get<SearchResponse>(gw.base, `/v1/search?q=${encodeURIComponent(q)}&collapse=story`);
        expect(r.status, q).toBe(200);
        expect(
          r.body.hits.map((h) => h.storyId),
          q,
        ).toEqual(stories);
      }
    });

    it('answers malformed queries with a 400 problem naming q and the position', async () => {
      for (const [q, position] of [
        ['"harbour wall', 0],
        ['harbour AND (wall', 12],
        ['harbour OR', 8],
        ['author:Smith', 0],
        ['country:Poland', 8],
        ['wall)', 4],
      ] as const) {
        const r = await get<ProblemBody>(gw.base, `/v1/search?q=${encodeURIComponent(q)}`);
        expect(r.status, q).toBe(400);
        expect(r.type).toContain('application/problem+json');
        expect(r.body.code).toBe('invalid_request');
        expect(r.body.errors?.[0]).toMatchObject({ field: 'q', position });
        expect(r.body.detail).toContain(`position ${position}`);
      }
    });

    it('treats Lucene syntax as plain text instead of running it', async () => {
      const r = await get<SearchResponse>(
        gw.base,
        `/v1/search?q=${encodeURIComponent('Bravenk?v~2 /.*/ [a TO z]')}`,
      );
      expect(r.status).toBe(200);
      expect(r.body.hits).toEqual([]);
    });
  });

  describe('stories', () => {
    it('answers one hit per story with the count and sources of its other articles, never an exact duplicate', async () => {
      const r = await get<SearchResponse>(gw.base, '/v1/search?q=Quelmarsh%20harbour');
      expect(r.status).toBe(200);
      expect(r.body.collapsed).toBe(true);
      expect(r.body.total).toBe(1);
      expect(r.body.hits).toHaveLength(1);
      const story = r.body.hits[0]?.story;
      expect(story).toMatchObject({ id: S.quel, articles: 3 });
      expect(new Set([r.body.hits[0]?.source, ...(story?.sources ?? [])])).toEqual(
        new Set(['Coast Herald', 'Daily Tide', 'Wire One']),
      );
      expect(JSON.stringify(r.body)).not.toContain(hex(0x103));

      // A query whose every matching story is one article (no details request: as many stories as articles)
      // answers the same story shape; mixed with a story that has others, that story still gets them.
      const alone = await get<SearchResponse>(gw.base, '/v1/search?q=Bravenkov');
      expect(alone.body.hits.map((h) => h.story)).toEqual([
        { id: S.brav, articles: 1, sources: [], others: [] },
      ]);
      const both = await get<SearchResponse>(gw.base, '/v1/search?q=Quelmarsh%20OR%20Bravenkov');
      const byStory = new Map(both.body.hits.map((h) => [h.storyId, h.story]));
      expect(byStory.get(S.brav)).toEqual({ id: S.brav, articles: 1, sources: [], others: [] });
      expect(byStory.get(S.quel)).toMatchObject({ id: S.quel, articles: 3 });
      expect(byStory.get(S.quel)?.others).toHaveLength(2);

      const flat = await get<SearchResponse>(gw.base, '/v1/search?q=Quelmarsh%20harbour&collapse=none');
      expect(flat.body.collapsed).toBe(false);
      expect(ids(flat).sort()).toEqual([S.quel, hex(0x101), hex(0x102)].sort());
    });

    it('lists a story with GET /v1/stories/:id, duplicates marked; 404 and 400 otherwise', async () => {
      const r = await get<StoryResponse>(gw.base, `/v1/stories/${S.quel}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(4);
      expect(r.body.sources.sort()).toEqual(['Coast Herald', 'Daily Tide', 'Wire One']);
      expect(r.body.articles.find((a) => a.id === hex(0x103))?.duplicateOf).toBe(S.quel);
      expect(r.body.articles[0]?.publishedAt).toBe('2026-01-10T10:00:00Z');
      expect((await get<ProblemBody>(gw.base, `/v1/stories/${'e'.repeat(32)}`)).status).toBe(404);
      const bad = await get<ProblemBody>(gw.base, '/v1/stories/nope');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.[0]?.field).toBe('id');
    });

    it('pages stories with the cursor without duplicates or gaps, also when new stories arrive between pages', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      const late = [hex(0x400), hex(0x401)];
      try {
        do {
          const r: { status: number; body: SearchResponse } = await get<SearchResponse>(
            gw.base,
            `/v1/search?q=harbour&size=4${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(r.status).toBe(200);
          expect(r.body.collapsed).toBe(true);
          seen.push(...r.body.hits.map((h) => h.storyId ?? ''));
          cursor = r.body.nextCursor;
          if (pages === 0) {
            // Two new stories that rank first arrive after page 1: they must not push page-1 stories into page 2.
            await indexDocuments(
              os,
              config.articlesAlias,
              late.map((id, i) =>
                doc({
                  id,
                  title: `Harbour harbour harbour late news ${i}`,
                  body: 'harbour harbour harbour',
                  source: 'Late',
                  day: 200,
                }),
              ),
            );
          }
          pages++;
        } while (cursor && pages < 20);
        // 13 stories mention harbour (Quelmarsh + 12 reports) at the time of page 1.
        expect(new Set(seen).size).toBe(seen.length);
        const expected = [S.quel, ...Array.from({ length: 12 }, (_, i) => hex(0x300 + i))];
        for (const id of expected) expect(seen).toContain(id);
      } finally {
        await os.bulk({
          refresh: true,
          body: late.map((id) => ({ delete: { _index: config.articlesAlias, _id: id } })),
        });
      }
    });
  });

  describe('filters, facets and sort', () => {
    it('filters by iptc (code or label), pageType and entity parameters', async () => {
      const byLabel = await get<SearchResponse>(gw.base, '/v1/search?iptc=politics');
      expect(new Set(ids(byLabel))).toEqual(new Set([S.quel, hex(0x101), hex(0x102)]));
      const byCode = await get<SearchResponse>(gw.base, '/v1/search?iptc=medtop:04000000');
      expect(ids(byCode)).toEqual([S.brav]);
      const live = await get<SearchResponse>(gw.base, '/v1/search?pageType=liveblog');
      expect(ids(live)).toEqual([hex(0x102)]);
      const entity = await get<SearchResponse>(gw.base, '/v1/search?entity=Ada%20Quelmarsh-Finch');
      expect(ids(entity)).toEqual([S.quel]);
    });

    it('computes facets only on request, including IPTC, page type and a date histogram with its interval', async () => {
      const none = await get<SearchResponse>(gw.base, '/v1/search');
      expect(none.body.facets).toEqual({});
      const r = await get<SearchResponse>(gw.base, '/v1/search?facets=iptc,pageType,source,date');
      expect(Object.keys(r.body.facets).sort()).toEqual(['date', 'iptc', 'pageType', 'source']);
      expect(r.body.facets.iptc).toEqual(
        expect.arrayContaining([
          { value: 'politics', count: 3 },
          { value: 'economy, business and finance', count: 1 },
        ]),
      );
      expect(r.body.facets.pageType).toContainEqual({ value: 'liveblog', count: 1 });
      const date = r.body.facets.date ?? [];
      expect(date.reduce((n, b) => n + b.count, 0)).toBe(DOCS.length - 1); // the exact duplicate is not counted
      expect(date.length).toBeLessThanOrEqual(24);
      expect(r.body.dateInterval).toMatch(/^\d+[smhdwMy]$/);
      const bad = await get<ProblemBody>(gw.base, '/v1/search?facets=colour');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.[0]?.field).toBe('facets');
    });

    it('sorts newest, oldest, and by relevance with a recency boost', async () => {
      const newest = await get<SearchResponse>(
        gw.base,
        '/v1/search?q=harbour&sort=newest&collapse=none&size=3',
      );
      expect(ids(newest)[0]).toBe(hex(0x30b));
      const oldest = await get<SearchResponse>(
        gw.base,
        '/v1/search?q=harbour&sort=oldest&collapse=none&size=3',
      );
      expect(ids(oldest)[0]).toBe(S.quel);
      // The twelve reports have the same text weight; the recency decay ranks the newest report first.
      const rel = await get<SearchResponse>(
        gw.base,
        '/v1/search?q=%22harbour%20traffic%20report%22&collapse=none&size=12',
      );
      const scores = rel.body.hits.map((h) => h.score ?? 0);
      expect(ids(rel)[0]).toBe(hex(0x30b));
      expect(scores[0]).toBeGreaterThan(scores[11] ?? Infinity);
    });
  });

  describe('suggest', () => {
    it('completes a prefix over entity names, sources and titles, ignoring case', async () => {
      const r = await get<SuggestResponse>(gw.base, '/v1/suggest?prefix=ada');
      expect(r.status).toBe(200);
      expect(r.body.entities).toEqual([{ value: 'Ada Quelmarsh-Finch', count: 1 }]);
      const src = await get<SuggestResponse>(gw.base, '/v1/suggest?prefix=dai');
      expect(src.body.sources).toEqual([{ value: 'Daily Tide', count: 1 }]);
      const titles = await get<SuggestResponse>(gw.base, '/v1/suggest?prefix=braven');
      expect(titles.body.titles).toEqual([{ id: S.brav, title: 'Bravenkov miners end strike' }]);
      const special = await get<SuggestResponse>(gw.base, `/v1/suggest?prefix=${encodeURIComponent('.*')}`);
      expect(special.status).toBe(200);
      expect(special.body.entities).toEqual([]);
      expect((await get<ProblemBody>(gw.base, '/v1/suggest')).body.errors?.[0]?.field).toBe('prefix');
    });
  });

  describe('keys, scopes, rate limits, CORS and oversize requests', () => {
    it('accepts the reader key for reads and refuses it for ingest with 403; a wrong key is 401', async () => {
      const ok = await get<SearchResponse>(gw.base, '/v1/search?size=1', { 'x-api-key': READER_KEY });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBe('100');
      const bearer = await get<SearchResponse>(gw.base, '/v1/search?size=1', {
        authorization: `Bearer ${READER_KEY}`,
      });
      expect(bearer.status).toBe(200);
      const res = await fetch(`${gw.base}/v1/ingest`, {
        method: 'POST',
        headers: { 'x-api-key': READER_KEY, 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as ProblemBody).code).toBe('forbidden');
      const wrong = await get<ProblemBody>(gw.base, '/v1/search', { 'x-api-key': 'not-a-key-000' });
      expect(wrong.status).toBe(401);
    });

    it('answers 429 with Retry-After and RateLimit headers once a key has spent its burst', async () => {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof get<ProblemBody>>> | undefined;
      for (let i = 0; i < 6; i++) {
        last = await get<ProblemBody>(gw.base, '/v1/suggest?prefix=a', { 'x-api-key': SLOW_KEY });
        statuses.push(last.status);
      }
      // Burst 3 at 0.5 requests/s: the first three pass, at least the last ones are refused.
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.at(-1)).toBe(429);
      expect(last?.type).toContain('application/problem+json');
      expect(last?.body.code).toBe('rate_limited');
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last?.headers.get('ratelimit-remaining')).toBe('0');
      // Another key is not affected.
      expect((await get(gw.base, '/v1/suggest?prefix=a', { 'x-api-key': READER_KEY })).status).toBe(200);
    });

    it('refuses anonymous reads when the configuration does not allow them', async () => {
      const closed = await start({ ...config, anonymousRead: false });
      try {
        const r = await get<ProblemBody>(closed.base, '/v1/search');
        expect(r.status).toBe(401);
        expect(r.body.code).toBe('unauthorized');
        expect((await get(closed.base, '/v1/search', { 'x-api-key': READER_KEY })).status).toBe(200);
      } finally {
        await closed.app.close();
      }
    });

    it('answers CORS preflights for the configured origin only', async () => {
      const pre = await fetch(`${gw.base}/v1/search`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://news.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'x-api-key',
        },
      });
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://news.example');
      expect(pre.headers.get('access-control-allow-headers')).toContain('x-api-key');
      const other = await fetch(`${gw.base}/v1/search?size=1`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers a 100k-character query with a 431 problem body and a long URL with a 414 problem', async () => {
      const raw = await new Promise<{ status: number; type: string | undefined; body: string }>(
        (resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port: gw.port, path: `/v1/search?q=${'a'.repeat(100_000)}`, method: 'GET' },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (body += c));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(raw.status).toBe(431);
      expect(raw.type).toBe('application/problem+json');
      expect(JSON.parse(raw.body)).toMatchObject({ status: 431, code: 'request_header_fields_too_large' });

      const long = await get<ProblemBody>(gw.base, `/v1/search?q=${'b'.repeat(9000)}`);
      expect(long.status).toBe(414);
      expect(long.type).toContain('application/problem+json');
      expect(long.body.code).toBe('uri_too_long');

      const tooLongQ = await get<ProblemBody>(gw.base, `/v1/search?q=${'c'.repeat(1500)}`);
      expect(tooLongQ.status).toBe(400);
      expect(tooLongQ.body.errors?.[0]?.field).toBe('q');
    });
  });

  describe('typed client (libs/api-client, generated from the OpenAPI document)', () => {
    it('searches, lists a story and suggests through the generated methods, and throws problems as ApiProblemError', async () => {
      const client = new NewsflowClient({ baseUrl: gw.base, apiKey: READER_KEY });
      const res = await client.search({ q: 'Quelmarsh OR Bravenkov', facets: 'source' });
      expect(new Set(res.hits.map((h) => h.storyId))).toEqual(new Set([S.quel, S.brav]));
      expect(res.facets.source?.length).toBeGreaterThan(0);
      const story = await client.getStory(S.quel);
      expect(story.total).toBe(4);
      const s = await client.suggest({ prefix: 'brav' });
      expect(s.titles[0]?.id).toBe(S.brav);
      const err = await client.search({ q: '(unclosed' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiProblemError);
      expect((err as ApiProblemError).problem.errors?.[0]).toMatchObject({ field: 'q', position: 0 });
    });
  });
});
