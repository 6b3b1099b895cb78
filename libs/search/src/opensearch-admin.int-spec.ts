import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { articleMappings, articleSettings, articlesIndexName } from './index-template.js';
import { ensureArticlesIndex } from './opensearch-admin.js';

describe('ensureArticlesIndex on an index created by an older mapping (real OpenSearch)', () => {
  let client: Client;
  const alias = testName('upgrade');
  const index = articlesIndexName(alias);

  beforeAll(async () => {
    client = new Client({ node: stackEndpoints().opensearchUrl });
    // An index as an older release created it: strict, without the IPTC fields, term vectors on the body.
    const { iptcCodes: _c, iptcLabels: _l, ...today } = articleMappings.properties;
    const older = {
      ...today,
      body: { type: 'text', analyzer: 'news_english', term_vector: 'with_positions_offsets' } as const,
    };
    await client.indices.create({
      index,
      body: {
        settings: JSON.parse(JSON.stringify(articleSettings)) as Record<string, unknown>,
        mappings: { dynamic: 'strict', properties: older },
        aliases: { [alias]: { is_write_index: true } },
      },
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: `${alias}-template` }, { ignore: [404] });
    await client.close();
  });

  it('adds the new fields to the existing mapping, so documents with them index without a reindex', async () => {
    await expect(
      client.index({ index: alias, id: 'x', body: { id: 'x', iptcCodes: ['medtop:04000000'] } }),
    ).rejects.toThrow(/strict_dynamic_mapping_exception|not allowed/);

    expect(await ensureArticlesIndex(client, alias)).toEqual({ index, created: false });
    const mapping = await client.indices.getMapping({ index });
    const props = mapping.body[index]?.mappings?.properties ?? {};
    expect(props['iptcCodes']?.type).toBe('keyword');
    expect(props['iptcLabels']?.type).toBe('keyword');
    // A field it already had keeps its mapping (OpenSearch cannot switch term vectors to offsets in place).
    expect(props['body']).toMatchObject({ term_vector: 'with_positions_offsets' });

    await client.index({
      index: alias,
      id: 'x',
      body: { id: 'x', iptcCodes: ['medtop:04000000'], iptcLabels: ['economy, business and finance'] },
      refresh: 'true',
    });
    const hits = await client.search({
      index: alias,
      body: { query: { term: { iptcCodes: 'medtop:04000000' } } },
    });
    expect(hits.body.hits.hits.map((h) => h._id)).toEqual(['x']);
    // Idempotent: a second call with the same mapping is accepted.
    expect(await ensureArticlesIndex(client, alias)).toEqual({ index, created: false });
  });
});
