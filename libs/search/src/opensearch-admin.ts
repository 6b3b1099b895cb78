import type { Client } from '@opensearch-project/opensearch';
import {
  ARTICLES_ALIAS,
  ARTICLES_TEMPLATE,
  articleMappings,
  articlesIndexName,
  articlesIndexTemplate,
} from './index-template.js';

/**
 * Puts the index template and creates the versioned index with the write alias, if missing. Idempotent and
 * safe against a concurrent caller (a resource_already_exists answer counts as success).
 */
export async function ensureArticlesIndex(
  client: Client,
  alias: string = ARTICLES_ALIAS,
): Promise<{ index: string; created: boolean }> {
  await client.indices.putIndexTemplate({
    name: alias === ARTICLES_ALIAS ? ARTICLES_TEMPLATE : `${alias}-template`,
    body: articlesIndexTemplate(alias),
  });
  const index = articlesIndexName(alias);
  const exists = await client.indices.existsAlias({ name: alias });
  if (exists.body) {
    // Additive upgrade of a running index: fields added to the mapping since it was created (the
    // template only applies to new indices). Unchanged fields are accepted as they are.
    await client.indices.putMapping({ index: alias, body: { properties: articleMappings.properties } });
    return { index, created: false };
  }
  try {
    await client.indices.create({ index, body: { aliases: { [alias]: { is_write_index: true } } } });
    return { index, created: true };
  } catch (err) {
    const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
    if (type === 'resource_already_exists_exception') return { index, created: false };
    throw err;
  }
}
