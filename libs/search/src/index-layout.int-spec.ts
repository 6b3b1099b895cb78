import { Client } from '@opensearch-project/opensearch';
import { afterAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../test/support/stack-env.js';
import { testName } from '../../../test/support/test-names.js';
import { articlesIndexName } from './index-template.js';
import { ensureArticlesIndex } from './opensearch-admin.js';

describe('index layout from the environment (real OpenSearch)', () => {
  const client = new Client({ node: stackEndpoints().opensearchUrl });
  const alias = testName('layout');
  const index = articlesIndexName(alias);

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: `${alias}-template` }, { ignore: [404] });
    await client.close();
  });

  it('a new articles index gets NEWSFLOW_INDEX_SHARDS shards and NEWSFLOW_INDEX_REPLICAS replicas', async () => {
    const saved = {
      shards: process.env.NEWSFLOW_INDEX_SHARDS,
      replicas: process.env.NEWSFLOW_INDEX_REPLICAS,
    };
    try {
      // replicas stay 0: one node cannot allocate a replica (and a yellow cluster would disturb other tests)
      process.env.NEWSFLOW_INDEX_SHARDS = '2';
      process.env.NEWSFLOW_INDEX_REPLICAS = '0';
      expect(await ensureArticlesIndex(client, alias)).toEqual({ index, created: true });
    } finally {
      if (saved.shards === undefined) delete process.env.NEWSFLOW_INDEX_SHARDS;
      else process.env.NEWSFLOW_INDEX_SHARDS = saved.shards;
      if (saved.replicas === undefined) delete process.env.NEWSFLOW_INDEX_REPLICAS;
      else process.env.NEWSFLOW_INDEX_REPLICAS = saved.replicas;
    }
    const settings = await client.indices.getSettings({ index });
    const s = (settings.body as Record<string, { settings: { index: Record<string, string> } }>)[index]
      ?.settings.index;
    expect(s?.number_of_shards).toBe('2');
    expect(s?.number_of_replicas).toBe('0');
  });
});
