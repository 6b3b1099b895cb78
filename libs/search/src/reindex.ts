import type { Client } from '@opensearch-project/opensearch';
import { ARTICLES_ALIAS, ARTICLES_TEMPLATE, articlesIndexTemplate } from './index-template.js';
import { STORY_KEY_PAINLESS } from './story-key.js';

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

/** A started copy: the indices read from, the hidden new version, and the OpenSearch task copying into it. */
export interface ReindexCopy {
  alias: string;
  sources: string[];
  target: string;
  /** OpenSearch task id (`node:number`) of the `_reindex` copy; it runs on even if the caller goes away. */
  taskId: string;
}

/** The copy task as OpenSearch reports it (from `_tasks`, or from `.tasks` once it is complete). */
export interface ReindexTaskState {
  completed: boolean;
  progress: ReindexProgress;
  /** Why the copy failed, when it completed with an error or failures. */
  failure?: string;
}

/**
 * Steps 1 and 2 of {@link reindexArticles}: creates the hidden new version (or resumes into the one an interrupted
 * run left), waits for in-flight writes, and starts the copy as an OpenSearch task. Returns at once with the task id.
 */
export async function startReindexCopy(
  client: Client,
  alias: string = ARTICLES_ALIAS,
  opts: { settleMs?: number; requestsPerSecond?: number } = {},
): Promise<ReindexCopy> {
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
    // Throttle (documents per second) so live ingest and searches keep their share of the cluster; -1 = none.
    requests_per_second: opts.requestsPerSecond ?? -1,
    body: {
      conflicts: 'proceed',
      source: { index: sources, size: 1000 },
      dest: { index: target, op_type: 'create' },
      // Documents of an index created before storyKey existed get it on the way (the same value as storyKeyOf).
      script: { lang: 'painless', source: STORY_KEY_PAINLESS },
    },
  });
  return { alias, sources, target, taskId: (task.body as unknown as { task: string }).task };
}

/**
 * The state of a copy task, also after it completed (OpenSearch keeps the result of a task started with
 * `wait_for_completion=false` in its `.tasks` index). Undefined when OpenSearch no longer knows the task (e.g. the
 * cluster restarted before it completed): the copy must be started again.
 */
export async function reindexTaskState(
  client: Client,
  taskId: string,
): Promise<ReindexTaskState | undefined> {
  let body: {
    completed: boolean;
    task: { status: { total: number; created: number; version_conflicts: number } };
    error?: { reason?: string };
    response?: { failures?: Array<{ cause?: { reason?: string } }> };
  };
  try {
    body = (await client.tasks.get({ task_id: taskId })).body as unknown as typeof body;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw err;
  }
  const s = body.task.status;
  const failure = body.completed
    ? (body.error?.reason ?? body.response?.failures?.[0]?.cause?.reason)
    : undefined;
  return {
    completed: body.completed,
    progress: { total: s.total, created: s.created, conflicts: s.version_conflicts },
    ...(failure ? { failure } : {}),
  };
}

/** Polls the copy task until it completes; throws a {@link ReindexError} when it failed or vanished. */
export async function waitForReindexCopy(
  client: Client,
  copy: ReindexCopy,
  opts: { onProgress?: (p: ReindexProgress) => void; pollMs?: number } = {},
): Promise<ReindexProgress> {
  for (;;) {
    const t = await reindexTaskState(client, copy.taskId);
    if (!t)
      throw new ReindexError(`the copy task ${copy.taskId} into ${copy.target} is gone (rerun to resume)`);
    opts.onProgress?.(t.progress);
    if (t.completed) {
      if (t.failure)
        throw new ReindexError(`copy into ${copy.target} failed: ${t.failure} (rerun to resume)`);
      return t.progress;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

/**
 * Step 3 of {@link reindexArticles}: makes the filled new version the only index behind the alias, in one atomic
 * alias update. Idempotent: a second call (e.g. by a gateway that took over a job whose owner died after the
 * switch) changes nothing.
 */
export async function switchToReindexed(client: Client, copy: ReindexCopy): Promise<void> {
  await client.indices.refresh({ index: copy.target });
  const current = await aliasIndices(client, copy.alias);
  const still = copy.sources.filter((index) => current[index] !== undefined);
  const targetEntry = current[copy.target]?.aliases?.[copy.alias];
  if (!still.length && targetEntry && targetEntry.filter === undefined && targetEntry.is_write_index) return;
  await client.indices.updateAliases({
    body: {
      actions: [
        ...still.map((index) => ({ remove: { index, alias: copy.alias } })),
        { add: { index: copy.target, alias: copy.alias, is_write_index: true } },
      ],
    },
  });
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
 * A run interrupted after step 1 resumes into the same hidden index. The steps are exported separately
 * ({@link startReindexCopy}, {@link waitForReindexCopy}, {@link switchToReindexed}) for a caller that must survive
 * its own restart (the gateway keeps the task id in a state document, see reindex-jobs.ts).
 */
export async function reindexArticles(
  client: Client,
  alias: string = ARTICLES_ALIAS,
  opts: { onProgress?: (p: ReindexProgress) => void; pollMs?: number; settleMs?: number } = {},
): Promise<ReindexResult> {
  const started = Date.now();
  const copy = await startReindexCopy(client, alias, opts);
  const status = await waitForReindexCopy(client, copy, opts);
  await switchToReindexed(client, copy);
  return {
    alias,
    from: copy.sources,
    to: copy.target,
    created: status.created,
    conflicts: status.conflicts,
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
