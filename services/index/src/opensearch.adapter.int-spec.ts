import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichedArticle } from '@newsflow/contracts';
import { toArticleDocument, type ArticleDocument } from '@newsflow/search';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { until } from '../../../test/support/wait.js';
import { enrichedArticle } from '../../../test/support/article-fixtures.js';
import { OpenSearchAdapter } from './opensearch.adapter.js';

const now = '2026-11-27T08:00:00.000Z';
const article = (id: string, title: string): EnrichedArticle =>
  enrichedArticle({
    id,
    dumpId: 'dump-int',
    title,
    body: `${title}. The defence ministry spokesman said ties were operating at a high level.`,
    source: 'Xinhua',
    at: now,
    publishedAt: now,
    topic: 'world',
    topicScore: 1,
    countries: ['CN'],
    people: ['Jiang Bin'],
    summary: title,
  });

describe('OpenSearchAdapter on a real OpenSearch node', () => {
  let os: OpenSearchAdapter;
  let alias: string;

  beforeAll(async () => {
    alias = testName('articles');
    os = new OpenSearchAdapter(stackEndpoints().opensearchUrl, alias);
    await os.ensureIndex();
  });

  afterAll(async () => {
    await os.client.indices.delete({ index: `${alias}-v1` }).catch(() => undefined);
    await os.client.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await os.close();
  });

  it('creates the versioned index behind a write alias with the article mapping, idempotently', async () => {
    await os.ensureIndex();
    const aliases = await os.client.indices.getAlias({ name: alias });
    expect(Object.keys(aliases.body as object)).toEqual([`${alias}-v1`]);
    const mapping = await os.client.indices.getMapping({ index: alias });
    const props = (
      Object.values(mapping.body as object)[0] as {
        mappings: { properties: Record<string, { type: string }> };
      }
    ).mappings.properties;
    expect(props.publishedAt?.type).toBe('date');
    expect(props.people?.type).toBe('keyword');
    expect(props.body?.type).toBe('text');
  });

  it('upserts by id: indexing the same article twice keeps one document', async () => {
    const id = 'a'.repeat(32);
    const first = await os.bulkIndex([toArticleDocument(article(id, 'China ready to expand cooperation'))]);
    const second = await os.bulkIndex([toArticleDocument(article(id, 'China ready to expand cooperation'))]);
    expect(first[0]).toMatchObject({ id, status: 201, result: 'created' });
    expect(second[0]).toMatchObject({ id, status: 200, result: 'updated' });
    await os.client.indices.refresh({ index: alias });
    const count = await os.client.count({ index: alias });
    expect((count.body as { count: number }).count).toBe(1);
  });

  it('reports a per-document rejection with the OpenSearch reason and indexes the rest', async () => {
    const good = toArticleDocument(article('b'.repeat(32), 'Good article'));
    const bad = {
      ...toArticleDocument(article('c'.repeat(32), 'Bad article')),
      publishedAt: 'not a date',
    } as ArticleDocument;
    const res = await os.bulkIndex([good, bad]);
    expect(res[0]?.status).toBeLessThan(300);
    expect(res[1]).toMatchObject({ id: 'c'.repeat(32), status: 400, errorType: 'mapper_parsing_exception' });
    expect(res[1]?.errorReason).toContain('publishedAt');
  });

  it('splits a chunk into bulk requests bounded by bytes and returns the results in input order', async () => {
    const small = new OpenSearchAdapter(stackEndpoints().opensearchUrl, alias, 64 * 1024);
    let bulks = 0;
    small.client.on('request', (_err, event) => {
      if (event?.meta.request.params.path.endsWith('/_bulk')) bulks += 1;
    });
    const ids = Array.from({ length: 6 }, (_, i) => `${i + 1}`.repeat(32));
    // ~30 KB per document: two fit under 64 KiB, so six documents take three requests.
    const docs = ids.map((id) => ({
      ...toArticleDocument(article(id, `Long article ${id.slice(0, 1)}`)),
      body: `word${id.slice(0, 1)} `.repeat(5_000),
    }));
    const res = await small.bulkIndex(docs);
    expect(res.map((r) => r.id)).toEqual(ids);
    expect(res.every((r) => r.status === 201)).toBe(true);
    expect(bulks).toBe(3);
    await small.client.indices.refresh({ index: alias });
    const count = await small.client.count({ index: alias, body: { query: { ids: { values: ids } } } });
    expect((count.body as { count: number }).count).toBe(6);
    await small.close();
  });

  it('splits a chunk across concurrent requests (never more than the limit in flight), results in input order', async () => {
    const split = new OpenSearchAdapter(stackEndpoints().opensearchUrl, alias, 8 * 1024 * 1024, {
      bulkConcurrency: 2,
      minSplitBytes: 16 * 1024,
    });
    let inFlight = 0;
    let peak = 0;
    let bulks = 0;
    const send = split.sendBulk.bind(split);
    split.sendBulk = async (body) => {
      bulks += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await send(body);
      } finally {
        inFlight -= 1;
      }
    };
    const ids = Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(104 + i)}`.repeat(32));
    // ~10 KB per document, 80 KB in all: two parts of >= 16 KiB each, sent at once, instead of one request.
    const docs = ids.map((id) => ({
      ...toArticleDocument(article(id, `Split article ${id.slice(0, 1)}`)),
      body: `split${id.slice(0, 1)} `.repeat(1_500),
    }));
    const res = await split.bulkIndex(docs);
    expect(res.map((r) => r.id)).toEqual(ids);
    expect(res.every((r) => r.status === 201)).toBe(true);
    expect(bulks).toBe(2);
    expect(peak).toBe(2);
    await split.close();
  });

  it('with refreshAfterMs, makes what it wrote searchable by itself (the index refreshes never on its own here)', async () => {
    const quiet = testName('norefresh');
    const writer = new OpenSearchAdapter(stackEndpoints().opensearchUrl, quiet, undefined, {
      refreshAfterMs: 50,
    });
    await writer.ensureIndex();
    await writer.client.indices.putSettings({ index: quiet, body: { index: { refresh_interval: '-1' } } });
    try {
      const ids = ['x'.repeat(32), 'y'.repeat(32)];
      // Writes of a chunk with a backlog behind it ask for no refresh.
      await writer.bulkIndex([toArticleDocument(article('w'.repeat(32), 'Under a backlog'))], {
        refresh: false,
      });
      expect(writer.refresher?.requested).toBe(0);
      await writer.bulkIndex([toArticleDocument(article(ids[0]!, 'First visible'))]);
      await writer.bulkIndex([toArticleDocument(article(ids[1]!, 'Second visible'))]);
      const count = async () =>
        ((await writer.client.count({ index: quiet })).body as { count: number }).count;
      await until('all three documents searchable', async () => ((await count()) === 3 ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 50,
      });
      // The second write is made searchable by a refresh of its own. On a slow node the first refresh (requested
      // after the first write) may already show both writes, while the second is still waiting for the first to end.
      await until(
        'a refresh for the second write too',
        () => ((writer.refresher?.requested ?? 0) >= 2 ? true : undefined),
        { timeoutMs: 5_000, intervalMs: 20 },
      );
      expect(writer.refresher?.requested).toBe(2);
    } finally {
      await writer.client.indices.delete({ index: `${quiet}-v1` }).catch(() => undefined);
      await writer.client.indices.deleteIndexTemplate({ name: `${quiet}-template` }).catch(() => undefined);
      await writer.close();
    }
  });

  it('fails the whole request with BulkUnavailableError when OpenSearch cannot be reached', async () => {
    const down = new OpenSearchAdapter('http://127.0.0.1:1', alias);
    await expect(down.bulkIndex([toArticleDocument(article('d'.repeat(32), 'x'))])).rejects.toMatchObject({
      name: 'BulkUnavailableError',
    });
    await down.close();
  });
});
