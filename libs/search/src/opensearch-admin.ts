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
    // Additive upgrade of a running index: fields added to the mapping since it was created (the template only
    // applies to new indices). Fields it already has keep their mapping, even where today's differs in a way
    // OpenSearch cannot change in place (e.g. `body` with term vectors): that takes a reindex.
    for (const [name, missing] of await missingProperties(client, alias))
      await client.indices.putMapping({ index: name, body: { properties: missing } });
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

/** For each index behind the alias that lacks some top-level article field: the fields it lacks. */
async function missingProperties(
  client: Client,
  alias: string,
): Promise<Array<[string, Partial<typeof articleMappings.properties>]>> {
  const res = await client.indices.getMapping({ index: alias });
  const out: Array<[string, Partial<typeof articleMappings.properties>]> = [];
  for (const [name, index] of Object.entries(
    res.body as Record<string, { mappings?: { properties?: object } }>,
  )) {
    const mapped = index.mappings?.properties ?? {};
    const missing = Object.fromEntries(
      Object.entries(articleMappings.properties).filter(
        ([field]) => !Object.prototype.hasOwnProperty.call(mapped, field),
      ),
    );
    if (Object.keys(missing).length > 0) out.push([name, missing]);
  }
  return out;
}
