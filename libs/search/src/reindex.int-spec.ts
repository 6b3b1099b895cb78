import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import { enrichedArticle, hexId } from '../../../test/support/article-fixtures.js';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { sleep } from '../../../test/support/wait.js';
import { articlesIndexName } from './index-template.js';
import { toArticleDocument } from './article-document.js';
import { ensureArticlesIndex } from './opensearch-admin.js';
import { mgetThroughAlias } from './alias-indices.js';
import { dropUnaliasedArticleIndices, reindexArticles } from './reindex.js';

const INITIAL = 3000;
const AT = '2026-11-30T10:00:00.000Z';

/** Article `n` as the index stage stores it, under `title`. */
const doc = (n: number, title: string) =>
  toArticleDocument(
    enrichedArticle({
      id: hexId(n),
      dumpId: 'test-dump-reindex',
      title,
      body: `body of article ${n}`,
      source: 'example.org',
      at: AT,
      summary: '',
    }),
    new Date(AT),
  );

describe('reindexArticles against the real OpenSearch', () => {
  const alias = `${testName('reindex')}.news-articles`;
  let os: Client;

  beforeAll(async () => {
    os = new Client({ node: stackEndpoints().opensearchUrl });
    await ensureArticlesIndex(os, alias);
    for (let start = 0; start < INITIAL; start += 1000) {
      await os.bulk({
        body: Array.from({ length: 1000 }, (_, i) => [
          { index: { _index: alias, _id: hexId(start + i) } },
          doc(start + i, `original ${start + i}`),
        ]).flat(),
      });
    }
    await os.indices.refresh({ index: alias });
  });

  afterAll(async () => {
    await os.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
    await os.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await os.close();
  });

  it('moves the alias to a new version while writes continue, losing none and keeping their newer versions', async () => {
    // A writer shaped like the index stage: bulk upserts through the alias, new articles and updates of old ones.
    let stop = false;
    let next = INITIAL;
    const updated: number[] = [];
    const writer = (async () => {
      while (!stop) {
        const body: unknown[] = [];
        for (let i = 0; i < 20; i++, next++)
          body.push({ index: { _index: alias, _id: hexId(next) } }, doc(next, `new ${next}`));
        const u = updated.length * 7;
        body.push({ index: { _index: alias, _id: hexId(u) } }, doc(u, `updated ${u}`));
        updated.push(u);
        const res = await os.bulk({ body: body as Record<string, unknown>[] });
        expect((res.body as { errors: boolean }).errors).toBe(false);
        // Reads by id keep working while the alias holds two indices: the new article and an old one.
        const got = await mgetThroughAlias(os, alias, [hexId(next - 1), hexId(1)]);
        expect(got.map((d) => d.id)).toEqual([hexId(next - 1), hexId(1)]);
        await sleep(20);
      }
    })();
    const progress: number[] = [];
    const result = await reindexArticles(os, alias, {
      onProgress: (p) => progress.push(p.created),
      pollMs: 100,
    });
    // Keep writing a little after the switch too.
    await sleep(300);
    stop = true;
    await writer;
    await os.indices.refresh({ index: alias });

    expect(result.from).toEqual([articlesIndexName(alias, 1)]);
    expect(result.to).toBe(articlesIndexName(alias, 2));
    expect(next).toBeGreaterThan(INITIAL);
    const aliases = (await os.indices.getAlias({ name: alias })).body as Record<string, unknown>;
    expect(Object.keys(aliases)).toEqual([result.to]);

    // Every article is there exactly once, through the alias: the initial ones, all written during and after the copy.
    const count = (await os.count({ index: alias })).body as { count: number };
    expect(count.count).toBe(next);
    const ids = Array.from({ length: next }, (_, i) => hexId(i));
    for (let i = 0; i < ids.length; i += 2000) {
      const got = await os.mget({ index: result.to, body: { ids: ids.slice(i, i + 2000) }, _source: false });
      const docs = (got.body as { docs: Array<{ found: boolean; _id: string }> }).docs;
      expect(docs.filter((d) => !d.found).map((d) => d._id)).toEqual([]);
    }
    // An update made during the copy is not overwritten by the older copy of the same article.
    const last = updated.at(-1) ?? 0;
    const doc1 = await os.get({ index: alias, id: hexId(last) });
    expect((doc1.body as { _source: { title: string } })._source.title).toBe(`updated ${last}`);

    // The old version is kept until dropped.
    expect((await os.indices.exists({ index: result.from[0] ?? '' })).body).toBe(true);
    expect(await dropUnaliasedArticleIndices(os, alias)).toEqual(result.from);
    expect((await os.indices.exists({ index: result.from[0] ?? '' })).body).toBe(false);
  });

  it('refuses an alias that does not exist with a precise error', async () => {
    await expect(reindexArticles(os, `${testName('nothing')}.news-articles`)).rejects.toThrow(
      /does not exist/,
    );
  });
});
