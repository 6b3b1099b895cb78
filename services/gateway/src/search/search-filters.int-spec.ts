import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@opensearch-project/opensearch';
import { FACET_NAMES, articlesIndexName, type SearchResponse } from '@newsflow/search';
import {
  gatewayTestConfig,
  indexDocuments,
  openArticlesIndex,
  removeGatewayIndices,
  startGateway,
  type RunningGateway as Running,
} from '../../../../test/support/gateway-app.js';
import { stackEndpoints } from '../../../../test/support/stack-env.js';
import { removeRedisKeys } from '../../../../test/support/redis-keys.js';
import { testName } from '../../../../test/support/test-names.js';
import { hexId as hex } from '../../../../test/support/article-fixtures.js';
import { hashApiKey } from '../auth/api-keys.js';
import type { GatewayConfig } from '../gateway.config.js';
import type { ProblemBody } from '../problem/problem.exception.js';

/**
 * The search filters and facets not covered by search-api.int-spec.ts (tag, language, dumpId, from/to; the topic,
 * tag, IPTC code, language and entity facets), collapsed paging under the date sorts, and the scopes of the admin
 * routes, against the real OpenSearch.
 */

const ADMIN_KEY = 'test-filters-admin-key-0001';
const READER_KEY = 'test-filters-reader-key-0002';
const INGEST_KEY = 'test-filters-ingest-key-0003';

interface Story {
  first: number;
  articles: number;
  day: string;
  topic: string;
  tags: string[];
  language: string;
  dumpId: string;
  people?: string[];
  places?: string[];
  organisations?: string[];
  iptc?: [string, string];
}

const STORIES: Story[] = [
  {
    first: 0xa0,
    articles: 3,
    day: '2026-03-01',
    topic: 'politics',
    tags: ['politics', 'election'],
    language: 'en',
    dumpId: 'dump-one',
    people: ['Mira Talvane'],
    places: ['Quelport'],
    organisations: ['Harbour Board'],
    iptc: ['medtop:11000000', 'politics'],
  },
  {
    first: 0xb0,
    articles: 2,
    day: '2026-03-05',
    topic: 'economy',
    tags: ['economy', 'trade'],
    language: 'de',
    dumpId: 'dump-two',
    people: ['Jonas Brell'],
    places: ['Ostmark'],
    organisations: ['Trade Guild'],
    iptc: ['medtop:04000000', 'economy, business and finance'],
  },
  {
    first: 0xc0,
    articles: 1,
    day: '2026-03-10',
    topic: 'sport',
    tags: ['sport'],
    language: 'fr',
    dumpId: 'dump-two',
  },
  // Nine one-article stories, one a day, for paging.
  ...Array.from({ length: 9 }, (_, i) => ({
    first: 0xd0 + i,
    articles: 1,
    day: `2026-04-0${i + 1}`,
    topic: 'society',
    tags: ['society'],
    language: 'en',
    dumpId: 'dump-one',
  })),
];

/** Article `k` of a story: its id, and publication at 10:00 UTC on the story's day plus k days. */
function articles(s: Story): Array<Record<string, unknown> & { id: string }> {
  return Array.from({ length: s.articles }, (_, k) => {
    const at = new Date(Date.parse(`${s.day}T10:00:00Z`) + k * 86_400_000).toISOString();
    return {
      id: hex(s.first * 16 + k),
      dumpId: s.dumpId,
      title: `Weekly report ${s.first.toString(16)} part ${k}`,
      body: `Report on ${[...(s.places ?? []), s.topic].join(' and ')}, part ${k}.`,
      source: `Source ${k}`,
      publishedAt: at,
      indexedAt: at,
      language: s.language,
      topic: s.topic,
      topicTags: s.tags,
      iptcCodes: s.iptc ? [s.iptc[0]] : [],
      iptcLabels: s.iptc ? [s.iptc[1]] : [],
      people: s.people ?? [],
      places: s.places ?? [],
      organisations: s.organisations ?? [],
      entityNames: [...(s.people ?? []), ...(s.places ?? []), ...(s.organisations ?? [])],
      countries: [],
      storyId: hex(s.first * 16),
    };
  });
}
const ALL = STORIES.flatMap(articles);
const idsOf = (s: Story) => articles(s).map((a) => a.id);
const [A, B, C] = STORIES as [Story, Story, Story];

async function get<T>(gw: Running, path: string, key?: string) {
  const res = await fetch(`${gw.base}${path}`, { headers: key ? { 'x-api-key': key } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

describe('search filters, facets and paging against the real stack', () => {
  const prefix = testName('gw-filters');
  let config: GatewayConfig;
  let os: Client;
  let gw: Running;
  const search = async (query: string) => {
    const r = await get<SearchResponse>(gw, `/v1/search?${query}`);
    expect(r.status, query).toBe(200);
    return r.body;
  };
  const ids = async (query: string) => (await search(`${query}&size=100`)).hits.map((h) => h.id).sort();

  beforeAll(async () => {
    config = gatewayTestConfig(prefix, {
      GATEWAY_API_KEY: ADMIN_KEY,
      GATEWAY_API_KEYS: `reader:${hashApiKey(READER_KEY)}:read,feeder:${hashApiKey(INGEST_KEY)}:ingest`,
      GATEWAY_ANONYMOUS_READ: 'true',
      GATEWAY_ANONYMOUS_RATE: '1000',
      GATEWAY_ANONYMOUS_BURST: '1000',
      GATEWAY_SUBSCRIPTIONS_CONSUMER: 'false',
    });
    os = await openArticlesIndex(config);
    await indexDocuments(os, config.articlesAlias, ALL);
    gw = await startGateway(config);
  });

  afterAll(async () => {
    await gw?.app.close();
    await removeRedisKeys(stackEndpoints().redisUrl, prefix);
    if (os)
      await removeGatewayIndices(os, config, [
        articlesIndexName(config.articlesAlias),
        config.reindex.jobsIndex,
      ]);
  });

  it('filters by tag, language and dumpId, as a comma list or a repeated parameter', async () => {
    expect(await ids('tag=election')).toEqual(idsOf(A).sort());
    const tradeOrSport = [...idsOf(B), ...idsOf(C)].sort();
    expect(await ids('tag=trade,sport')).toEqual(tradeOrSport);
    expect(await ids('tag=trade&tag=sport')).toEqual(tradeOrSport);
    expect(await ids('language=de')).toEqual(idsOf(B).sort());
    expect(await ids('language=fr,de')).toEqual(tradeOrSport);
    expect(await ids('dumpId=dump-two')).toEqual(tradeOrSport);
    // Filters combine with each other and with the query (and its collapse).
    expect(await ids('dumpId=dump-two&language=fr')).toEqual(idsOf(C));
    const q = await search(`q=${encodeURIComponent('Quelport OR Ostmark')}&language=de`);
    expect(q.hits.map((h) => h.storyId)).toEqual([hex(B.first * 16)]);
  });

  it('searches a pasted URL as text instead of refusing it as an unknown field', async () => {
    const r = await get<SearchResponse>(
      gw,
      `/v1/search?q=${encodeURIComponent('https://example.org/Quelport')}`,
    );
    expect(r.status).toBe(200);
    const named = await get<ProblemBody>(gw, `/v1/search?q=${encodeURIComponent('Source:x')}`);
    expect(named.status).toBe(400);
    expect(named.body.errors?.[0]).toMatchObject({ field: 'q', position: 0 });
  });

  it('filters by a from/to window, both ends inclusive, a date-only `to` covering its whole day', async () => {
    // A: 03-01, 03-02, 03-03; B: 03-05, 03-06; C: 03-10 (10:00 UTC each).
    expect(await ids('from=2026-03-02T10:00:00Z&to=2026-03-05T10:00:00Z')).toEqual(
      [...idsOf(A).slice(1), idsOf(B)[0]].sort(),
    );
    expect(await ids('from=2026-03-06&to=2026-03-10')).toEqual([idsOf(B)[1], ...idsOf(C)].sort());
    expect(await ids('from=2026-04-09')).toEqual([hex((0xd0 + 8) * 16)]);
    expect(await ids('to=2026-03-01')).toEqual([idsOf(A)[0]]);
    const reversed = await get<ProblemBody>(gw, '/v1/search?from=2026-03-10&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors?.[0]?.field).toBe('from');
  });

  it('counts every terms facet with facets=all, the default set with facets=true, on the filtered articles only', async () => {
    const byDefault = await search('facets=true');
    // facets=true is the default set (DEFAULT_FACETS): no entity or long-tail facet is computed unless named.
    expect(Object.keys(byDefault.facets).sort()).toEqual(['date', 'source', 'topic']);
    const all = await search('facets=all');
    expect(Object.keys(all.facets).sort()).toEqual([...FACET_NAMES].sort());
    // The default set counts the same as facets=all does for those facets.
    expect(byDefault.facets.topic).toEqual(all.facets.topic);
    expect(byDefault.facets.source).toEqual(all.facets.source);
    expect(byDefault.facets.date).toEqual(all.facets.date);
    expect(byDefault.dateInterval).toBe(all.dateInterval);
    expect(all.facets.topic).toEqual(
      expect.arrayContaining([
        { value: 'society', count: 9 },
        { value: 'politics', count: 3 },
        { value: 'economy', count: 2 },
        { value: 'sport', count: 1 },
      ]),
    );
    expect(all.facets.tag).toEqual(
      expect.arrayContaining([
        { value: 'election', count: 3 },
        { value: 'trade', count: 2 },
      ]),
    );
    expect(all.facets.iptcCode).toEqual(
      expect.arrayContaining([
        { value: 'medtop:11000000', count: 3 },
        { value: 'medtop:04000000', count: 2 },
      ]),
    );
    expect(all.facets.language).toEqual([
      { value: 'en', count: 12 },
      { value: 'de', count: 2 },
      { value: 'fr', count: 1 },
    ]);
    expect(all.facets.person).toEqual([
      { value: 'Mira Talvane', count: 3 },
      { value: 'Jonas Brell', count: 2 },
    ]);
    expect(all.facets.place).toEqual([
      { value: 'Quelport', count: 3 },
      { value: 'Ostmark', count: 2 },
    ]);
    expect(all.facets.organisation).toEqual([
      { value: 'Harbour Board', count: 3 },
      { value: 'Trade Guild', count: 2 },
    ]);
    const economy = await search('facets=language,person&topic=economy');
    expect(Object.keys(economy.facets).sort()).toEqual(['language', 'person']);
    expect(economy.facets.language).toEqual([{ value: 'de', count: 2 }]);
    expect(economy.facets.person).toEqual([{ value: 'Jonas Brell', count: 2 }]);
  });

  it('pages collapsed stories under the newest and oldest sorts without duplicates or gaps', async () => {
    const everyStory = STORIES.map((s) => hex(s.first * 16)).sort();
    for (const sort of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      const dates: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await search(
          `q=report&collapse=story&sort=${sort}&size=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.collapsed).toBe(true);
        seen.push(...page.hits.map((h) => h.storyId ?? ''));
        dates.push(...page.hits.map((h) => h.publishedAt ?? ''));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen.length, sort).toBe(new Set(seen).size);
      expect([...seen].sort(), sort).toEqual(everyStory);
      const ordered = [...dates].sort();
      expect(dates, sort).toEqual(sort === 'oldest' ? ordered : ordered.reverse());
    }
  });

  it('lets only admin keys use the admin routes, and only read keys search', async () => {
    const anonymous = await get<ProblemBody>(gw, '/v1/admin/reindex');
    expect(anonymous.status).toBe(401);
    for (const key of [READER_KEY, INGEST_KEY]) {
      const r = await get<ProblemBody>(gw, '/v1/admin/reindex', key);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: 'forbidden' });
      expect(r.body.detail).toContain('admin');
    }
    const admin = await get<{ state: string }>(gw, '/v1/admin/reindex', ADMIN_KEY);
    expect(admin).toMatchObject({ status: 200, body: { state: 'idle' } });
    // The default key allows 50 requests/s with a burst of 100.
    expect(admin.headers.get('ratelimit-limit')).toBe('100');
    const ingestOnly = await get<ProblemBody>(gw, '/v1/search', INGEST_KEY);
    expect(ingestOnly.status).toBe(403);
    expect(ingestOnly.body.detail).toContain('read');
  });
});
