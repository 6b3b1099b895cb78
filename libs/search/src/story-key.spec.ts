import { describe, expect, it } from 'vitest';
import { articleMappings } from './index-template.js';
import { buildSearchBody, searchParamsSchema } from './search-query.js';
import { STORY_KEY_META, storyKeyOf } from './story-key.js';

/** FNV-1a 64 over UTF-16 code units with BigInt, shifted right by 11: an independent statement of the key. */
function reference(s: string): number {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return Number(h >> 11n);
}

describe('storyKeyOf', () => {
  it('is FNV-1a 64 of the id shifted to 53 bits, for hex ids and any other string', () => {
    const ids = [
      '',
      'a',
      's1',
      '0123456789abcdef0123456789abcdef',
      'é𝄞x',
      'ffffffffffffffffffffffffffffffff',
    ];
    for (let i = 0; i < 200; i++) ids.push((i * 2654435761).toString(16).padStart(32, '0'));
    for (const id of ids) expect(storyKeyOf(id), id).toBe(reference(id));
  });

  it('is a non-negative safe integer, so JSON carries it exactly', () => {
    for (const id of ['', 'x', '9'.repeat(32), 'zzzz']) {
      const k = storyKeyOf(id);
      expect(Number.isSafeInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives different stories different keys', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 20_000; i++) keys.add(storyKeyOf(i.toString(16).padStart(32, '0')));
    expect(keys.size).toBe(20_000);
  });
});

describe('the story total', () => {
  const collapsed = searchParamsSchema.parse({ q: 'harbour', collapse: 'story' });
  const totalField = (body: Record<string, unknown>) =>
    (body.aggs as { stories: { cardinality: { field: string } } }).stories.cardinality.field;

  it('counts storyKey where every document has it, storyId otherwise', () => {
    expect(totalField(buildSearchBody(collapsed, { storyKey: true }))).toBe('storyKey');
    expect(totalField(buildSearchBody(collapsed, { storyKey: false }))).toBe('storyId');
    expect(totalField(buildSearchBody(collapsed))).toBe('storyId');
  });

  it('is backed by a numeric doc-values field and the mapping marker of new indices', () => {
    expect(articleMappings.properties.storyKey).toEqual({ type: 'long', index: false });
    expect(articleMappings._meta[STORY_KEY_META]).toBe(true);
  });
});
