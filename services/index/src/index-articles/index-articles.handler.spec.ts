import { describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { indexedConfirmationSchema, type EnrichedArticle } from '@newsflow/contracts';
import type { InboundMessage } from '@newsflow/messaging';
import { toArticleDocument, type ArticleDocument } from '@newsflow/search';
import { BulkUnavailableError, type BulkItemResult } from '../opensearch.adapter.js';
import { enrichedArticle } from '../../../../test/support/article-fixtures.js';
import { IndexArticlesHandler, type BulkIndexer } from './index-articles.handler.js';

const now = '2026-11-27T08:00:00.000Z';
const article = (id: string): EnrichedArticle =>
  enrichedArticle({ id, dumpId: 'dump-1', title: `Title ${id}`, body: 'Body', source: 'Source', at: now });
function msg(value: unknown, offset = '0'): InboundMessage {
  return {
    topic: 'news.articles.enriched.v1',
    partition: 0,
    offset,
    key: undefined,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: { 'newsflow-ts-ingest': '1000' },
    timestamp: '0',
  };
}
const ids = ['a'.repeat(32), 'b'.repeat(32)];

class FakeIndexer implements BulkIndexer {
  readonly alias = 'test-alias';
  calls: ArticleDocument[][] = [];
  refreshAsked: Array<boolean | undefined> = [];
  constructor(private readonly script: Array<(docs: ArticleDocument[]) => BulkItemResult[] | Error>) {}
  bulkIndex(docs: ArticleDocument[], opts?: { refresh?: boolean }): Promise<BulkItemResult[]> {
    this.calls.push(docs);
    this.refreshAsked.push(opts?.refresh);
    const step = this.script.shift();
    if (!step) throw new Error('unexpected bulk call');
    const r = step(docs);
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  }
}

function ctl() {
  const resume = vi.fn();
  return {
    logger: pino({ level: 'silent' }),
    heartbeat: vi.fn(() => Promise.resolve()),
    pause: vi.fn(() => resume),
    resume,
  };
}
const ok = (docs: ArticleDocument[]) =>
  docs.map((d) => ({ id: d.id, status: 201, result: 'created' as const }));
const opts = { maxAttempts: 3, retryBaseMs: 1, retryMaxMs: 5, sleep: () => Promise.resolve() };

describe('IndexArticlesHandler', () => {
  it('indexes valid articles and emits one confirmation per article with stage timestamps', async () => {
    const indexer = new FakeIndexer([ok]);
    const res = await new IndexArticlesHandler(indexer, opts).handle(
      [msg(article(ids[0]!)), msg(article(ids[1]!), '1')],
      ctl(),
    );
    expect(res.failures).toEqual([]);
    expect(res.outputs).toHaveLength(2);
    const conf = indexedConfirmationSchema.parse(JSON.parse(String(res.outputs[0]!.value)));
    expect(conf).toMatchObject({ id: ids[0], index: 'test-alias', result: 'created' });
    expect(conf.stageTimestamps.ingest).toBe(1000);
    expect(conf.stageTimestamps.index).toBeGreaterThan(1000);
  });

  it("serialises a confirmation byte for byte as zod would, and refuses an invalid one with zod's error, in both validation modes", async () => {
    const run = async (validation: 'compiled' | 'zod', result: string) => {
      const indexer = new FakeIndexer([
        (docs) => docs.map((d) => ({ id: d.id, status: 201, result: result as BulkItemResult['result'] })),
      ]);
      return new IndexArticlesHandler(indexer, { ...opts, validation }).handle(
        [msg(article(ids[0]!))],
        ctl(),
      );
    };
    const compiled = await run('compiled', 'created');
    const zod = await run('zod', 'created');
    const value = String(compiled.outputs[0]!.value);
    const parsed: unknown = JSON.parse(value);
    // Exactly what jsonMessage writes: zod's parsed copy, serialised (same keys, same order).
    expect(value).toBe(JSON.stringify(indexedConfirmationSchema.parse(parsed)));
    const { indexedAt: _c, stageTimestamps: tc, ...restCompiled } = parsed as Record<string, unknown>;
    const {
      indexedAt: _z,
      stageTimestamps: tz,
      ...restZod
    } = JSON.parse(String(zod.outputs[0]!.value)) as Record<string, unknown>;
    expect(restCompiled).toEqual(restZod);
    expect(Object.keys(tc as object)).toEqual(Object.keys(tz as object));
    expect(compiled.outputs[0]).toMatchObject({ topic: 'news.indexed.v1', key: ids[0], headers: {} });
    for (const validation of ['compiled', 'zod'] as const)
      await expect(run(validation, 'deleted')).rejects.toThrow(
        /refusing to produce an invalid news.indexed.v1 message: result: Invalid enum value/,
      );
  });

  it('sends an invalid message to the dead letters with the validation error and indexes the rest', async () => {
    const indexer = new FakeIndexer([ok]);
    const res = await new IndexArticlesHandler(indexer, opts).handle(
      [msg('{"nope":1}'), msg(article(ids[0]!), '1')],
      ctl(),
    );
    expect(res.failures).toHaveLength(1);
    expect((res.failures[0]!.error as Error).message).toMatch(/invalid news.articles.enriched.v1 message/);
    expect(indexer.calls[0]!.map((d) => d.id)).toEqual([ids[0]]);
  });

  it.each(['compiled', 'zod'] as const)(
    'with %s validation, dead-letters a malformed nested field naming it (code invalid_message) and indexes the same documents',
    async (validation) => {
      const bad = article(ids[1]!);
      const malformed = {
        ...bad,
        enrichment: {
          ...bad.enrichment,
          entities: [{ type: 'person', text: 'A', canonical: 'A', start: 0, end: 1, confidence: 2 }],
        },
      };
      const extra = { ...article(ids[0]!), unknownField: 'dropped' };
      const indexer = new FakeIndexer([ok]);
      const res = await new IndexArticlesHandler(indexer, { ...opts, validation }).handle(
        [msg(malformed), msg(extra, '1')],
        ctl(),
      );
      expect(res.failures).toHaveLength(1);
      const err = res.failures[0]!.error as Error & { code?: string };
      expect(err.code).toBe('invalid_message');
      expect(err.message).toMatch(
        /enrichment\.entities\.0\.confidence: Number must be less than or equal to 1/,
      );
      expect(indexer.calls[0]).toHaveLength(1);
      const doc = indexer.calls[0]![0]!;
      expect(doc.id).toBe(ids[0]);
      expect(doc).not.toHaveProperty('unknownField');
      const { indexedAt: _a, ...rest } = doc;
      const { indexedAt: _b, ...expected } = toArticleDocument(article(ids[0]!), new Date());
      expect(rest).toEqual(expected);
    },
  );

  it('retries throttled documents while the partition is paused, then confirms them', async () => {
    const indexer = new FakeIndexer([
      (docs) =>
        docs.map((d, i) => ({
          id: d.id,
          status: i === 0 ? 429 : 201,
          result: i === 0 ? undefined : ('created' as const),
        })),
      ok,
    ]);
    const c = ctl();
    const res = await new IndexArticlesHandler(indexer, opts).handle(
      [msg(article(ids[0]!)), msg(article(ids[1]!), '1')],
      c,
    );
    expect(indexer.calls[1]!.map((d) => d.id)).toEqual([ids[0]]);
    expect(res.outputs).toHaveLength(2);
    expect(c.pause).toHaveBeenCalledTimes(1);
    expect(c.resume).toHaveBeenCalledTimes(1);
  });

  it('retries the whole request while OpenSearch is unavailable', async () => {
    const indexer = new FakeIndexer([
      () => new BulkUnavailableError('connect ECONNREFUSED'),
      () => new BulkUnavailableError('503', 503),
      ok,
    ]);
    const res = await new IndexArticlesHandler(indexer, opts).handle([msg(article(ids[0]!))], ctl());
    expect(indexer.calls).toHaveLength(3);
    expect(res.outputs).toHaveLength(1);
  });

  it('dead-letters a document OpenSearch rejects, with its reason', async () => {
    const indexer = new FakeIndexer([
      (docs) =>
        docs.map((d) => ({
          id: d.id,
          status: 400,
          errorType: 'mapper_parsing_exception',
          errorReason: 'failed to parse field [publishedAt]',
        })),
    ]);
    const res = await new IndexArticlesHandler(indexer, opts).handle([msg(article(ids[0]!))], ctl());
    expect(res.outputs).toEqual([]);
    expect((res.failures[0]!.error as Error).message).toContain(
      'mapper_parsing_exception: failed to parse field [publishedAt]',
    );
  });

  it('gives up on a document after repeated 5xx item errors', async () => {
    const fail = (docs: ArticleDocument[]) =>
      docs.map((d) => ({ id: d.id, status: 500, errorType: 'x', errorReason: 'y' }));
    const indexer = new FakeIndexer([fail, fail, fail]);
    const res = await new IndexArticlesHandler(indexer, opts).handle([msg(article(ids[0]!))], ctl());
    expect(indexer.calls).toHaveLength(3);
    expect(res.failures[0]!.attempts).toBe(3);
  });

  it('stops retrying when the consumer is stopping, so nothing is committed', async () => {
    const indexer = new FakeIndexer([() => new BulkUnavailableError('down')]);
    const c = { ...ctl(), isRunning: () => false };
    await expect(new IndexArticlesHandler(indexer, opts).handle([msg(article(ids[0]!))], c)).rejects.toThrow(
      /stopping/,
    );
  });

  it('asks for a refresh only when the partition is caught up (no backlog behind the chunk)', async () => {
    const indexer = new FakeIndexer([ok, ok, ok]);
    const handler = new IndexArticlesHandler(indexer, opts);
    await handler.handle([msg(article(ids[0]!))], { ...ctl(), backlog: 120 });
    await handler.handle([msg(article(ids[0]!))], { ...ctl(), backlog: 0 });
    await handler.handle([msg(article(ids[0]!))], ctl());
    expect(indexer.refreshAsked).toEqual([false, true, true]);
  });
});
