import type { Client } from '@opensearch-project/opensearch';

/**
 * Numeric key of a story (near-duplicate group), stored next to `storyId` as a `long` with doc values only.
 *
 * Counting the stories of a search (a cardinality aggregation) over the keyword `storyId` looks up and hashes the
 * term bytes of every story seen, through ordinals that are rebuilt after each refresh; over a number it hashes the
 * doc value directly. The key is FNV-1a 64 over the id's UTF-16 code units, shifted right by 11 bits so that it is a
 * non-negative integer below 2^53 (exact as a JSON number in JavaScript). Two stories share a key with probability
 * ~n²/2^54 (one in ~1,800 for 100 million stories); a shared key only makes the story count one lower.
 */
export function storyKeyOf(storyId: string): number {
  // 64-bit FNV-1a in two 32-bit halves: h ^= c; h *= 2^40 + 435 (mod 2^64).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < storyId.length; i++) {
    lo = (lo ^ storyId.charCodeAt(i)) >>> 0;
    const loProduct = lo * 435; // < 2^41: exact
    const carry = Math.floor(loProduct / 0x1_0000_0000);
    // h * 435 plus h << 40 (only lo's low 24 bits reach the high half).
    hi = (Math.imul(hi, 435) + carry + (lo << 8)) >>> 0;
    lo = loProduct >>> 0;
  }
  return hi * 0x20_0000 + (lo >>> 11);
}

/**
 * The same key in Painless, for copies of documents that lack it (a reindex from an index created before the key
 * existed). Reads `ctx._source.storyId`, writes `ctx._source.storyKey`; a document with a key keeps it.
 */
export const STORY_KEY_PAINLESS = [
  'if (ctx._source.storyKey == null && ctx._source.storyId instanceof String) {',
  '  String s = (String) ctx._source.storyId;',
  '  long h = -3750763034362895579L;',
  '  for (int i = 0; i < s.length(); ++i) { h ^= (long) s.charAt(i); h *= 1099511628211L; }',
  '  ctx._source.storyKey = h >>> 11;',
  '}',
].join(' ');

/**
 * Marker in the `_meta` of an articles index's mapping: every document of the index has `storyKey` (the index was
 * created with a mapping that has it, so every writer since sets it; a reindex into it computes it). An index that
 * only gained the field later (an additive mapping upgrade) lacks the marker: its older documents have no key.
 */
export const STORY_KEY_META = 'storyKeyComplete';

/**
 * True when every index behind `alias` carries {@link STORY_KEY_META}, so that story counts may use `storyKey`.
 * False when one does not (e.g. an index of an older version, or both versions during a reindex) or the alias is
 * missing.
 */
export async function storyKeyComplete(client: Client, alias: string): Promise<boolean> {
  try {
    const res = await client.indices.getMapping({ index: alias });
    const indices = Object.values(
      res.body as Record<string, { mappings?: { _meta?: Record<string, unknown> } }>,
    );
    return indices.length > 0 && indices.every((i) => i.mappings?._meta?.[STORY_KEY_META] === true);
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return false;
    throw err;
  }
}
