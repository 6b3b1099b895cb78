import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../support/stack-env.js';
import { testName } from '../support/test-names.js';

interface ArticleDoc {
  title: string;
  lang: string;
  published: string;
}

describe('OpenSearch index template, indexing, search and delete (real node)', () => {
  let client: Client;
  const base = testName('os');
  const template = `${base}-tpl`;
  const index = `${base}-articles-000001`;
  const docs: Record<string, ArticleDoc> = {
    a1: { title: 'Central bank raises interest rates again', lang: 'en', published: '2024-03-01T10:00:00Z' },
    a2: { title: 'Football club wins the national cup', lang: 'en', published: '2024-03-02T10:00:00Z' },
    a3: { title: 'La banque centrale relève ses taux', lang: 'fr', published: '2024-03-03T10:00:00Z' },
  };

  beforeAll(async () => {
    client = new Client({ node: stackEndpoints().opensearchUrl });
    await client.indices.putIndexTemplate({
      name: template,
      body: {
        index_patterns: [`${base}-articles-*`],
        template: {
          settings: { number_of_shards: 1, number_of_replicas: 0 },
          mappings: {
            properties: {
              title: { type: 'text', analyzer: 'english' },
              lang: { type: 'keyword' },
              published: { type: 'date' },
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: template });
    await client.close();
  });

  it('creates the index from the template on first write, with the template mappings', async () => {
    for (const [id, doc] of Object.entries(docs)) {
      await client.index({ index, id, body: doc, refresh: id === 'a3' ? 'true' : 'false' });
    }
    const mapping = await client.indices.getMapping({ index });
    const props = mapping.body[index]?.mappings?.properties ?? {};
    expect(props.lang?.type).toBe('keyword');
    expect(props.published?.type).toBe('date');
    const settings = await client.indices.getSettings({ index });
    expect(settings.body[index]?.settings?.index?.number_of_replicas).toBe('0');
  });

  it('finds documents by analysed full text and filters on keyword fields', async () => {
    // "rate" matches "rates" only through the english analyser's stemming
    const res = await client.search({
      index,
      body: { query: { bool: { must: { match: { title: 'rate' } }, filter: { term: { lang: 'en' } } } } },
    });
    expect(res.body.hits.hits.map((h) => h._id)).toEqual(['a1']);

    const all = await client.count({ index });
    expect(all.body.count).toBe(3);
  });

  it('deletes a document so that it is no longer found', async () => {
    await client.delete({ index, id: 'a2', refresh: 'true' });
    const res = await client.search({ index, body: { query: { match: { title: 'football cup' } } } });
    expect(res.body.hits.hits).toHaveLength(0);
    const all = await client.count({ index });
    expect(all.body.count).toBe(2);
  });
});
