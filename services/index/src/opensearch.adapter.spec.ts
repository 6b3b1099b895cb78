import { describe, expect, it } from 'vitest';
import type { ArticleDocument } from '@newsflow/search';
import { BulkUnavailableError, OpenSearchAdapter } from './opensearch.adapter.js';

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

describe('OpenSearchAdapter story shares', () => {
  type Item = { id: string; status: number; errorType?: string };
  /** An adapter whose requests are recorded: `_bulk` bodies (answered by `answer`) and mget id lists. */
  function recording(marks: (call: number, ids: string[]) => string[], answer?: (line: string) => Item) {
    const a = new OpenSearchAdapter('http://127.0.0.1:1', 'al', undefined, { bulkConcurrency: 1 });
    const log: Array<{ kind: 'bulk'; lines: string[] } | { kind: 'mget'; ids: string[] }> = [];
    a.sendBulk = (body) => {
      const lines = body.toString().split('\n').filter(Boolean);
      const actions = lines.filter((_, i) => i % 2 === 0);
      log.push({ kind: 'bulk', lines: actions });
      return Promise.resolve(
        actions.map((l) => {
          const op = Object.values(JSON.parse(l) as Record<string, { _id: string }>)[0];
          return answer?.(l) ?? { id: op?._id ?? '', status: 200 };
        }),
      );
    };
    let calls = 0;
    (a.client as unknown as { mget: unknown }).mget = (req: { body: { ids: string[] } }) => {
      log.push({ kind: 'mget', ids: req.body.ids });
      const found = new Set(marks(calls++, req.body.ids));
      return Promise.resolve({ body: { docs: req.body.ids.map((_id) => ({ _id, found: found.has(_id) })) } });
    };
    return { a, log };
  }
  const doc = (id: string, storyId: string) => ({ id, storyId, title: id }) as never as ArticleDocument;
  const sent = (log: ReturnType<typeof recording>['log']) =>
    log.map((e) =>
      e.kind === 'mget' ? `mget ${e.ids.join(',')}` : `bulk ${e.lines.map(describeAction).join(',')}`,
    );
  const describeAction = (l: string) => {
    const [op, meta] =
      Object.entries(JSON.parse(l) as Record<string, { _index: string; _id: string }>)[0] ?? [];
    return `${op}:${meta?._index === 'al-shared-stories' ? 'mark' : 'doc'}:${meta?._id}`;
  };

  it('checks lone heads before and after their write; a joiner marks its story, then updates its head', async () => {
    const { a, log } = recording(() => []);
    const docs = [doc('h1', 'h1'), doc('j', 'h2')];
    const results = await a.bulkIndex(docs);
    expect(results.map((r) => r.id)).toEqual(['h1', 'j']);
    expect(docs.map((d) => d.storyShared)).toEqual([false, true]);
    expect(sent(log)).toEqual([
      'mget h1',
      'bulk index:doc:h1,index:doc:j,index:mark:h2',
      // After the marks were acknowledged: the head update and the second look-up, at once.
      'bulk update:doc:h2',
      'mget h1',
    ]);
    await a.close();
  });

  it('writes a head true when its story is already marked (a replay), and turns a head true when marked meanwhile', async () => {
    const replay = recording(() => ['h1']);
    const docs = [doc('h1', 'h1')];
    await replay.a.bulkIndex(docs);
    expect(docs[0]?.storyShared).toBe(true);
    expect(sent(replay.log)).toEqual(['mget h1', 'bulk index:doc:h1']);
    // Not marked before the write, marked by a joiner elsewhere by the time of the second look-up.
    const race = recording((call) => (call === 0 ? [] : ['h1']));
    await race.a.bulkIndex([doc('h1', 'h1')]);
    expect(sent(race.log)).toEqual(['mget h1', 'bulk index:doc:h1', 'mget h1', 'bulk update:doc:h1']);
    await Promise.all([replay.a.close(), race.a.close()]);
  });

  it('ignores a head not indexed yet, but fails the chunk (retried) when a mark or head update is refused', async () => {
    const missing = recording(
      () => [],
      (l) =>
        l.startsWith('{"update"')
          ? { id: 'h2', status: 404, errorType: 'document_missing_exception' }
          : (undefined as never),
    );
    await expect(missing.a.bulkIndex([doc('j', 'h2')])).resolves.toHaveLength(1);
    const refused = recording(
      () => [],
      (l) =>
        l.includes('al-shared-stories')
          ? { id: 'h2', status: 429, errorType: 'es_rejected_execution_exception' }
          : (undefined as never),
    );
    await expect(refused.a.bulkIndex([doc('j', 'h2')])).rejects.toBeInstanceOf(BulkUnavailableError);
    // The head update is never sent before its mark was written.
    expect(sent(refused.log)).toEqual(['bulk index:doc:j,index:mark:h2']);
    await Promise.all([missing.a.close(), refused.a.close()]);
  });
});
