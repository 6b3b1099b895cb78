import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import { enrichedArticle, hexId } from '../../../test/support/article-fixtures.js';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { toArticleDocument } from './article-document.js';
import { articleMappings, articleSettings, articlesIndexName } from './index-template.js';
import { ensureArticlesIndex } from './opensearch-admin.js';
import { dropUnaliasedArticleIndices, reindexArticles } from './reindex.js';
import { buildSearchBody, searchParamsSchema } from './search-query.js';
import { searchTotal, type RawSearchResponse } from './search-results.js';
import { storyKeyComplete, storyKeyOf } from './story-key.js';

const ARTICLES = 600;
const AT = '2026-11-30T10:00:00.000Z';
/** Article n belongs to story n % 7 for n < 70, else to its own story: 7 + 530 = 537 stories. */
const storyOf = (n: number) => hexId(n < 70 ? n % 7 : n);
const STORIES = 7 + (ARTICLES - 70);

/** The document as an index of before storyKey stored it: no key. */
function oldDoc(n: number): Record<string, unknown> {
  const { storyKey: _dropped, ...doc } = toArticleDocument(
    enrichedArticle({
      id: hexId(n),
      dumpId: 'test-dump-story-key',
      title: `harbour report ${n}`,
      body: `harbour traffic ${n}`,
      source: 'example.org',
      at: AT,
      storyId: storyOf(n),
    }),
    new Date(AT),
  );
  return doc;
}

describe('storyKey on an index created before it existed', () => {
  const alias = `${testName('story-key')}.news-articles`;
  let os: Client;

  const total = async (storyKey: boolean) => {
    const body = buildSearchBody(searchParamsSchema.parse({ q: 'harbour', collapse: 'story' }), { storyKey });
    const res = await os.search({ index: alias, body });
    return searchTotal(res.body as unknown as RawSearchResponse, true, 0);
  };

  beforeAll(async () => {
    os = new Client({ node: stackEndpoints().opensearchUrl });
    // v1 as created by the mapping of before: no storyKey field, no marker.
    const { _meta: _marker, ...mappings } = articleMappings;
    const { storyKey: _field, ...properties } = mappings.properties;
    await os.indices.create({
      index: articlesIndexName(alias, 1),
      body: {
        settings: articleSettings as unknown as Record<string, unknown>,
        mappings: { ...mappings, properties },
        aliases: { [alias]: { is_write_index: true } },
      },
    });
    await os.bulk({
      refresh: true,
      body: Array.from({ length: ARTICLES }, (_, n) => [
        { index: { _index: alias, _id: hexId(n) } },
        oldDoc(n),
      ]).flat(),
    });
  });

  afterAll(async () => {
    await os.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
    await os.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await os.close();
  });

  it('keeps counting storyId after the additive upgrade, and storyKey once a reindex computed every key', async () => {
    expect(await storyKeyComplete(os, alias)).toBe(false);
    // The index stage's start: the field is added, the old documents still have no key.
    await ensureArticlesIndex(os, alias);
    const mapped = (await os.indices.getMapping({ index: alias })).body as Record<
      string,
      { mappings: { properties: Record<string, unknown> } }
    >;
    expect(mapped[articlesIndexName(alias, 1)]?.mappings.properties.storyKey).toEqual({
      type: 'long',
      index: false,
    });
    expect(await storyKeyComplete(os, alias)).toBe(false);
    expect(await total(false)).toBe(STORIES);

    const result = await reindexArticles(os, alias, { pollMs: 100, settleMs: 100 });
    expect(result.created).toBe(ARTICLES);
    expect(await storyKeyComplete(os, alias)).toBe(true);
    // The copy script's key is storyKeyOf of every document's storyId.
    const res = await os.search({
      index: alias,
      body: { size: ARTICLES, _source: ['storyId', 'storyKey'], query: { match_all: {} } },
    });
    const hits = (res.body as { hits: { hits: Array<{ _source: { storyId: string; storyKey: number } }> } })
      .hits.hits;
    expect(hits).toHaveLength(ARTICLES);
    for (const h of hits) expect(h._source.storyKey, h._source.storyId).toBe(storyKeyOf(h._source.storyId));
    expect(await total(true)).toBe(STORIES);
    expect(await total(false)).toBe(STORIES);
    expect(await dropUnaliasedArticleIndices(os, alias)).toEqual([articlesIndexName(alias, 1)]);
  });

  it('is false for an alias that does not exist', async () => {
    expect(await storyKeyComplete(os, `${testName('none')}.news-articles`)).toBe(false);
  });
});
