import type { Client } from '@opensearch-project/opensearch';
import type { ArticleDocument } from './article-document.js';

/**
 * `storyShared` on an article document says whether its story (near-duplicate group) has another article that is not
 * an exact duplicate: `false` promises that the story is this one article (the story details request of a
 * collapsed search would say `articles: 1`, no others, whatever the query), `true` or a missing field (a document
 * indexed before the field existed, or by a writer that does not maintain it) means "ask".
 *
 * Who writes what (the index stage, {@link assignStoryShares} and the OpenSearch adapter of services/index):
 * - a story's first article (its `id` is the `storyId`, the "head") is written `false`, unless the same chunk holds
 *   another article of the story or the story is marked shared (below);
 * - every other article (a "joiner") and every exact duplicate is written `true`;
 * - a joiner also marks its story: first a document with the story id in the marks index
 *   ({@link storyMarksIndexName}, written in the same `_bulk` as the articles), then, once that request has been
 *   acknowledged, a partial update `storyShared: true` of the head (404 when the head is not indexed yet: ignored);
 * - a head written `false` is checked against the marks index before (realtime multi-get) and after its write; a
 *   mark found after the write turns it `true` by a partial update.
 *
 * Order of arrival: the joiner writes its mark before it updates the head, and the head reads the marks after its
 * own write, so whichever comes second sees the other (a head written after the joiner's update finds the mark; a
 * head written before is updated). Replays write the same documents and marks again (idempotent; a replayed head
 * finds its story's mark before it is written, so it is never written `false` again).
 */
export const STORY_SHARED_FIELD = 'storyShared';

/**
 * Marker in the `_meta` of an articles index's mapping: every document that says `storyShared: false` in it is
 * right (the index was created with a mapping that has the field and every writer of the stage since maintained
 * it; a reindex into it settles the copied documents, {@link settleStoryShares}). An index that gained the field by
 * an additive upgrade lacks the marker (its older joiners marked nothing), so the gateway does not trust it.
 */
export const STORY_SHARED_META = 'storySharedComplete';

/** The index of story marks beside the articles alias: one empty document per shared story, id = the story id. */
export function storyMarksIndexName(alias: string): string {
  return `${alias}-shared-stories`;
}

/** Settings and mappings of the marks index: ids only (realtime gets read them; nothing searches it). */
export function storyMarksIndexBody(layout: { shards: number; replicas: number }): Record<string, unknown> {
  return {
    settings: { number_of_shards: layout.shards, number_of_replicas: layout.replicas },
    mappings: { dynamic: 'strict', _source: { enabled: false }, properties: {} },
  };
}

/** Creates the marks index of `alias` if it is missing (a concurrent creation counts as success). */
export async function ensureStoryMarksIndex(
  client: Client,
  alias: string,
  layout: { shards: number; replicas: number },
): Promise<string> {
  const index = storyMarksIndexName(alias);
  const exists = await client.indices.exists({ index });
  if (exists.body) return index;
  try {
    await client.indices.create({ index, body: storyMarksIndexBody(layout) });
  } catch (err) {
    const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
    if (type !== 'resource_already_exists_exception') throw err;
  }
  return index;
}

/** What the index stage does for a chunk's stories (see {@link assignStoryShares}). */
export interface StorySharePlan {
  /** Heads written `false`: to be checked against the marks index before and after the write. */
  aloneHeads: ArticleDocument[];
  /** Stories a joiner of the chunk belongs to: each gets a mark, then a partial update of its head. */
  joined: string[];
  /** Of `joined`, the stories whose head is not in the chunk (the head written here is already `true`). */
  headsElsewhere: string[];
}

/**
 * Sets `storyShared` on each document of a chunk (mutating them) by the rules of {@link STORY_SHARED_FIELD}: a
 * duplicate or a joiner `true`, a head `true` when a joiner of its story is in the chunk, else `false`.
 */
export function assignStoryShares(docs: ArticleDocument[]): StorySharePlan {
  const joined = new Set<string>();
  for (const d of docs) {
    // A document without a story (a writer outside the pipeline) is left unknown.
    if (typeof d.storyId !== 'string') continue;
    if (d.duplicateOf !== undefined) d.storyShared = true;
    else if (d.id !== d.storyId) {
      d.storyShared = true;
      joined.add(d.storyId);
    }
  }
  const aloneHeads: ArticleDocument[] = [];
  const headsHere = new Set<string>();
  for (const d of docs) {
    if (typeof d.storyId !== 'string' || d.duplicateOf !== undefined || d.id !== d.storyId) continue;
    headsHere.add(d.id);
    d.storyShared = joined.has(d.id);
    if (!d.storyShared) aloneHeads.push(d);
  }
  return {
    aloneHeads,
    joined: [...joined],
    headsElsewhere: [...joined].filter((s) => !headsHere.has(s)),
  };
}

/** `_bulk` lines that mark stories shared in the marks index (idempotent: the same empty document again). */
export function storyMarkLines(marksIndex: string, storyIds: readonly string[]): string[] {
  const prefix = `{"index":{"_index":${JSON.stringify(marksIndex)},"_id":`;
  return storyIds.map((id) => `${prefix}${JSON.stringify(id)}}}\n{}\n`);
}

/** `_bulk` lines that set `storyShared: true` on the heads `ids` (an update: 404 when the head is not there). */
export function storyHeadUpdateLines(alias: string, ids: readonly string[]): string[] {
  const prefix = `{"update":{"_index":${JSON.stringify(alias)},"_id":`;
  return ids.map(
    (id) => `${prefix}${JSON.stringify(id)},"retry_on_conflict":3}}\n{"doc":{"storyShared":true}}\n`,
  );
}

/** The story ids among `ids` that have a mark (a realtime multi-get of the marks index). */
export async function markedStories(
  client: Client,
  marksIndex: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await client.mget({
    index: marksIndex,
    body: { ids: [...ids] },
    realtime: true,
    _source: false,
    filter_path: 'docs._id,docs.found,docs.error',
  });
  const docs = (res.body as { docs?: Array<{ _id: string; found?: boolean; error?: unknown }> }).docs ?? [];
  const out = new Set<string>();
  for (const d of docs) {
    if (d.error !== undefined) throw new Error(`story marks look-up failed for ${d._id}`);
    if (d.found) out.add(d._id);
  }
  return out;
}

/** Results of a `_bulk` of marks or head updates that are neither success nor "head not indexed (yet)". */
export function storyShareFailures(
  items: ReadonlyArray<{ id: string; status: number; errorType?: string | undefined }>,
): string[] {
  return items
    .filter((r) => !(r.status < 300 || (r.status === 404 && r.errorType === 'document_missing_exception')))
    .map((r) => `${r.id} (${r.status} ${r.errorType ?? ''})`);
}

/**
 * Makes the `storyShared` of every document of `index` right, for a reindexed copy before it serves reads: every
 * non-duplicate document whose flag is not `false` and that is not its story's head marks its story (marks index)
 * and sets its head `true`. This covers the copy of an index whose joiners predate the field (they marked nothing)
 * and joiners written into the new index during the copy whose head update came before the head was copied.
 * Idempotent; reads a refreshed snapshot (everything written before the call).
 */
export async function settleStoryShares(
  client: Client,
  index: string,
  alias: string,
  opts: { batch?: number } = {},
): Promise<{ stories: number }> {
  const marksIndex = storyMarksIndexName(alias);
  await client.indices.refresh({ index });
  const batch = opts.batch ?? 5000;
  const stories = new Set<string>();
  const flush = async (ids: string[]) => {
    if (!ids.length) return;
    for (const lines of [storyMarkLines(marksIndex, ids), storyHeadUpdateLines(index, ids)]) {
      const res = await client.bulk({ body: lines.join(''), refresh: false } as never);
      const items = (
        res.body as {
          items: Array<Record<string, { _id: string; status: number; error?: { type?: string } }>>;
        }
      ).items.map((i) => {
        const op = Object.values(i)[0];
        return { id: op?._id ?? '', status: op?.status ?? 500, errorType: op?.error?.type };
      });
      const failed = storyShareFailures(items);
      if (failed.length) throw new Error(`settling story shares failed for ${failed.slice(0, 5).join(', ')}`);
    }
  };
  let after: unknown[] | undefined;
  let pending: string[] = [];
  for (;;) {
    const res = await client.search({
      index,
      body: {
        size: batch,
        track_total_hits: false,
        _source: ['id', 'storyId'],
        query: {
          bool: {
            must_not: [{ exists: { field: 'duplicateOf' } }, { term: { storyShared: false } }],
          },
        },
        sort: [{ id: 'asc' }],
        ...(after ? { search_after: after } : {}),
      } as never,
    });
    const hits = (
      res.body as { hits: { hits: Array<{ _source?: { id?: string; storyId?: string }; sort?: unknown[] }> } }
    ).hits.hits;
    for (const h of hits) {
      const s = h._source;
      if (typeof s?.storyId === 'string' && s.storyId !== s.id && !stories.has(s.storyId)) {
        stories.add(s.storyId);
        pending.push(s.storyId);
      }
    }
    if (pending.length >= batch) {
      await flush(pending);
      pending = [];
    }
    if (hits.length < batch) break;
    after = hits.at(-1)?.sort;
  }
  await flush(pending);
  await client.indices.refresh({ index });
  return { stories: stories.size };
}
