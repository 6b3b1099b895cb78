import type { Client } from '@opensearch-project/opensearch';

/**
 * The concrete indices behind an alias, write index first. While `newsflow reindex` copies, the alias holds two
 * indices and OpenSearch refuses single-document reads on it ("more than one index"): readers by id then ask each
 * index in this order (the write index holds the newest version of a document).
 */
export async function aliasIndicesWriteFirst(client: Client, alias: string): Promise<string[]> {
  const res = await client.indices.getAlias({ name: alias });
  const body = res.body as unknown as Record<
    string,
    { aliases?: Record<string, { is_write_index?: boolean }> }
  >;
  return Object.entries(body)
    .sort(
      ([, a], [, b]) =>
        Number(b.aliases?.[alias]?.is_write_index ?? false) -
        Number(a.aliases?.[alias]?.is_write_index ?? false),
    )
    .map(([index]) => index);
}

/** True for OpenSearch's refusal of a single-document operation on an alias with several indices. */
export function isMultiIndexAliasError(err: unknown): boolean {
  const e = err as { meta?: { statusCode?: number; body?: { error?: { reason?: string } } } };
  return (
    e.meta?.statusCode === 400 && /more than one index associated/.test(e.meta.body?.error?.reason ?? '')
  );
}

/**
 * mget by id through an alias, also while it holds several indices (the write index's version wins). Returns the
 * found documents' sources in the order of `ids` (missing ones left out).
 */
export async function mgetThroughAlias(
  client: Client,
  alias: string,
  ids: string[],
  sourceExcludes: string[] = [],
): Promise<Array<Record<string, unknown>>> {
  type Doc = { found?: boolean; _id: string; _source?: Record<string, unknown>; error?: unknown };
  const res = await client.mget({ index: alias, body: { ids }, _source_excludes: sourceExcludes });
  const docs = (res.body as unknown as { docs: Doc[] }).docs;
  if (!docs.some((d) => d.error !== undefined))
    return docs.filter((d) => d.found && d._source).map((d) => d._source as Record<string, unknown>);
  const found = new Map<string, Record<string, unknown>>();
  for (const index of await aliasIndicesWriteFirst(client, alias)) {
    const missing = ids.filter((id) => !found.has(id));
    if (!missing.length) break;
    const r = await client.mget({ index, body: { ids: missing }, _source_excludes: sourceExcludes });
    for (const d of (r.body as unknown as { docs: Doc[] }).docs)
      if (d.found && d._source) found.set(d._id, d._source);
  }
  return ids.flatMap((id) => (found.has(id) ? [found.get(id) as Record<string, unknown>] : []));
}
