import { describe, expect, it } from 'vitest';
import { OpenSearchAdapter } from './opensearch.adapter.js';

const adapter = (
  maxBulkBytes: number,
  bulkConcurrency: number,
  minSplitBytes: number,
  split?: 'idle' | 'always',
) =>
  new OpenSearchAdapter('http://127.0.0.1:1', 'alias', maxBulkBytes, {
    bulkConcurrency,
    minSplitBytes,
    split,
  });

// Lines of mixed scripts: multi-byte UTF-8 must be measured and written in bytes, not characters.
const lines = Array.from(
  { length: 40 },
  (_, i) =>
    `{"index":{"_id":"${i}"}}\n{"title":"${i % 3 === 0 ? 'Zürich – 北京 ' : 'plain '}${'x'.repeat(200 + i)}"}\n`,
);
const utf8 = (l: readonly string[]) => Buffer.from(l.join(''), 'utf8');

describe('OpenSearchAdapter.bodiesOf', () => {
  it('writes every line once, in order, into Buffers of exactly their bytes', async () => {
    const a = adapter(1024 * 1024, 3, 1024);
    const bodies = a.bodiesOf(lines);
    expect(bodies.every((b) => Buffer.isBuffer(b))).toBe(true);
    expect(Buffer.concat(bodies).equals(utf8(lines))).toBe(true);
    // Each body ends at a line boundary.
    for (const b of bodies) expect(b.toString('utf8').endsWith('"}\n')).toBe(true);
    await a.close();
  });

  it('splits a chunk into about bulkConcurrency parts of at least minSplitBytes, never above maxBulkBytes', async () => {
    const total = utf8(lines).length;
    const three = adapter(1024 * 1024, 3, 1024);
    const parts = three.bodiesOf(lines);
    expect(parts.length).toBe(3);
    // Each part reaches the target (a third) with its last line, the rest goes in the last part.
    for (const b of parts.slice(0, 2)) expect(b.length).toBeGreaterThanOrEqual(Math.ceil(total / 3));
    for (const b of parts.slice(0, 2)) expect(b.length).toBeLessThan(Math.ceil(total / 3) + 300);
    // Parts may not be smaller than minSplitBytes: one part when the whole chunk is below it.
    const unsplit = adapter(1024 * 1024, 3, total);
    expect(unsplit.bodiesOf(lines)).toHaveLength(1);
    // maxBulkBytes bounds every body; a single larger line goes alone.
    const small = adapter(64 * 1024, 1, 16 * 1024);
    const big = `{"index":{"_id":"big"}}\n{"body":"${'y'.repeat(70 * 1024)}"}\n`;
    const bodies = small.bodiesOf([...lines, big, ...lines, ...lines]);
    expect(bodies.map((b) => b.length).filter((n) => n > 64 * 1024)).toEqual([Buffer.byteLength(big)]);
    expect(Buffer.concat(bodies).equals(utf8([...lines, big, ...lines, ...lines]))).toBe(true);
    expect(three.bodiesOf([])).toEqual([]);
    await Promise.all([three.close(), unsplit.close(), small.close()]);
  });

  it('splits only into idle slots: one request while other chunks keep the limiter busy (unless split is always)', async () => {
    const idle = adapter(1024 * 1024, 3, 1024);
    const always = adapter(1024 * 1024, 3, 1024, 'always');
    const release: Array<() => void> = [];
    for (const a of [idle, always])
      a.sendBulk = () =>
        new Promise((resolve) => {
          release.push(() => resolve([]));
        });
    const doc = (id: string) => ({ id, title: 't'.repeat(3000) }) as never;
    // Another chunk of two requests is in flight: one slot is idle.
    const inFlight = [idle, always].map((a) => a.bulkIndex([doc('1'), doc('2')]));
    expect(idle.bodiesOf(lines)).toHaveLength(1);
    expect(always.bodiesOf(lines)).toHaveLength(3);
    release.forEach((r) => r());
    await Promise.all(inFlight);
    // Nothing in flight any more: three idle slots, three parts.
    expect(idle.bodiesOf(lines)).toHaveLength(3);
    await Promise.all([idle.close(), always.close()]);
  });
});
