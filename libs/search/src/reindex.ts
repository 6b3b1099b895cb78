import type { Client } from '@opensearch-project/opensearch';
import { ARTICLES_ALIAS, ARTICLES_TEMPLATE, articlesIndexTemplate } from './index-template.js';

/** Alias filter that hides the new index from reads while it is being filled (writes still go to it). */
const HIDDEN = { bool: { must_not: [{ match_all: {} }] } };

export interface ReindexProgress {
  total: number;
  created: number;
  conflicts: number;
}

export interface ReindexResult {
  alias: string;
  /** Indices read from (they stay until dropped). */
  from: string[];
  to: string;
  /** Documents copied; `conflicts` were already in the new index (written there during the copy) and kept. */
  created: number;
  conflicts: number;
  total: number;
  tookMs: number;
}

export class ReindexError extends Error {
  readonly code = 'reindex_failed';
}

type AliasMap = Record<string, { aliases?: Record<string, { is_write_index?: boolean; filter?: unknown }> }>;

const versionOf = (alias: string, index: string): number | undefined => {
  const m = new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)$`).exec(index);
  return m ? Number(m[1]) : undefined;
};

async function aliasIndices(client: Client, alias: string): Promise<AliasMap> {
  try {
    const res = await client.indices.getAlias({ name: alias });
    return res.body;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404)
      throw new ReindexError(`the alias ${alias} does not exist: nothing to reindex`);
    throw err;
  }
}

async function versionedIndices(client: Client, alias: string): Promise<string[]> {
  const res = await client.cat.indices({ index: `${alias}-v*`, format: 'json', h: ['index'] });
  return (res.body as unknown as Array<{ index: string }>).map((r) => r.index);
}

/**
 * Rebuilds the articles behind `alias` into a new index version with the current template (mapping, settings),
 * without downtime and without losing writes:
 *
 * 1. the new index `<alias>-v<n+1>` is created and, in one atomic alias update, becomes the write index while
 *    staying hidden from reads (alias filter); the old indices keep serving reads;
 * 2. after in-flight writes to the old write index have settled (`settleMs`) and a refresh, the old indices (now
 *    read-only in practice) are copied with `op_type: create`, so a document written to the new index during the copy
 *    (a newer version) is kept, not overwritten by its older copy;
 * 3. once the copy is complete and refreshed, one atomic alias update makes the new index the only one behind the
 *    alias. The old indices stay (outside the alias) until {@link dropUnaliasedArticleIndices}.
 *
 * Articles written during the copy are searchable once the switch is done (a freshness delay, never a loss).
 * A run interrupted after step 1 resumes into the same hidden index.
 */
export async function reindexArticles(
  client: Client,
  alias: string = ARTICLES_ALIAS,
  opts: { onProgress?: (p: ReindexProgress) => void; pollMs?: number; settleMs?: number } = {},
): Promise<ReindexResult> {
  const started = Date.now();
  const current = await aliasIndices(client, alias);
  const entries = Object.entries(current).map(([index, v]) => ({ index, ...(v.aliases?.[alias] ?? {}) }));
  const resumed = entries.find((e) => e.filter !== undefined && e.is_write_index);
  const sources = entries.filter((e) => e !== resumed).map((e) => e.index);
  if (!sources.length) throw new ReindexError(`no readable index behind ${alias}`);

  let target: string;
  if (resumed) {
    target = resumed.index;
  } else {
    const versions = (await versionedIndices(client, alias))
      .map((i) => versionOf(alias, i))
      .filter((v): v is number => v !== undefined);
    target = `${alias}-v${Math.max(0, ...versions) + 1}`;
    // The current template: the new index gets today's mapping and settings.
    await client.indices.putIndexTemplate({
      name: alias === ARTICLES_ALIAS ? ARTICLES_TEMPLATE : `${alias}-template`,
      body: articlesIndexTemplate(alias),
    });
    await client.indices.create({ index: target });
    await client.indices.updateAliases({
      body: {
        actions: [
          ...sources.map((index) => ({ add: { index, alias, is_write_index: false } })),
          { add: { index: target, alias, is_write_index: true, filter: HIDDEN } },
        ],
      },
    });
  }

  // The copy reads a snapshot of refreshed documents: bulk requests routed to the old write index just before the
  // switch must land first, then a refresh makes them all visible to the copy. Nothing writes to them after that.
  await new Promise((r) => setTimeout(r, opts.settleMs ?? 1000));
  await client.indices.refresh({ index: sources });
  const task = await client.reindex({
    wait_for_completion: false,
    refresh: true,
    slices: 'auto',
    body: {
      conflicts: 'proceed',
      source: { index: sources, size: 1000 },
      dest: { index: target, op_type: 'create' },
    },
  });
  const taskId = (task.body as unknown as { task: string }).task;
  let status: { total: number; created: number; version_conflicts: number };
  for (;;) {
    const t = await client.tasks.get({ task_id: taskId });
    const body = t.body as unknown as {
      completed: boolean;
      task: { status: { total: number; created: number; version_conflicts: number } };
      error?: { reason?: string };
      response?: { failures?: Array<{ cause?: { reason?: string } }> };
    };
    status = body.task.status;
    opts.onProgress?.({ total: status.total, created: status.created, conflicts: status.version_conflicts });
    if (body.completed) {
      const failure = body.error?.reason ?? body.response?.failures?.[0]?.cause?.reason;
      if (failure) throw new ReindexError(`copy into ${target} failed: ${failure} (rerun to resume)`);
      break;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }

  await client.indices.refresh({ index: target });
  await client.indices.updateAliases({
    body: {
      actions: [
        ...sources.map((index) => ({ remove: { index, alias } })),
        { add: { index: target, alias, is_write_index: true } },
      ],
    },
  });
  return {
    alias,
    from: sources,
    to: target,
    created: status.created,
    conflicts: status.version_conflicts,
    total: status.total,
    tookMs: Date.now() - started,
  };
}

/** Deletes the versioned article indices no longer behind the alias (kept by {@link reindexArticles}). */
export async function dropUnaliasedArticleIndices(
  client: Client,
  alias: string = ARTICLES_ALIAS,
): Promise<string[]> {
  const live = new Set(Object.keys(await aliasIndices(client, alias)));
  const old = (await versionedIndices(client, alias)).filter(
    (i) => !live.has(i) && versionOf(alias, i) !== undefined,
  );
  for (const index of old) await client.indices.delete({ index });
  return old;
}
