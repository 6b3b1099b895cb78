import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN_TOPIC, type RawDocument } from '@newsflow/contracts';
import type { InboundMessage, OutboundMessage } from '@newsflow/messaging';
import type { DedupVerdict, DuplicateStore } from '../dedup.adapter.js';
import { CleanDocumentHandler, type CleanValidation } from './clean-document.handler.js';

/*
 * The handler validates what it consumes and produces with the checks compiled from the schemas (`fast`) and leaves
 * the rest to zod. Both modes must send the same bytes and fail the same messages with the same errors.
 */
const seed = readFileSync(resolve(__dirname, '../../../../seeds/aggregator-page-dump.txt'), 'utf8');
const receivedAt = '2026-11-27T10:00:00.000Z';
const paragraphs = seed.split(/\n\s*\n/).filter((p) => p.trim().length > 80);

/** Story heads and duplicates that depend on the order of registration, as Redis gives them. */
class MemoryDedup implements DuplicateStore {
  private readonly hashes = new Map<string, string>();
  private readonly stories = new Map<string, string>();
  register(articleId: string, contentHash: string, minhash: Uint32Array): Promise<DedupVerdict> {
    const first = this.hashes.get(contentHash);
    if (!first) this.hashes.set(contentHash, articleId);
    const key = minhash.slice(0, 4).join(',');
    const story = this.stories.get(key) ?? articleId;
    if (!this.stories.has(key)) this.stories.set(key, articleId);
    return Promise.resolve({ duplicateOf: first && first !== articleId ? first : undefined, storyId: story });
  }
}

function documents(): unknown[] {
  const docs: unknown[] = [];
  for (let i = 0; i < 60; i++) {
    const body = `${paragraphs[i % paragraphs.length]}\n\n${paragraphs[(i * 7 + 3) % paragraphs.length]}`;
    const doc: Record<string, unknown> = {
      schemaVersion: 1,
      dumpId: `dump-${i % 5}`,
      docIndex: i,
      format: i % 3 === 0 ? 'rss' : 'ndjson',
      contentType: 'text/plain',
      charset: 'utf-8',
      body: i % 11 === 0 ? body.replace('the', 'the &amp; #36; caf\u00e9\r\n') : body,
      receivedAt,
      fetchedAt: receivedAt,
    };
    if (i % 2 === 0) doc.title = `Title ${i} \u2014 ${paragraphs[i % paragraphs.length]?.slice(0, 40)}`;
    if (i % 3 !== 1) doc.url = `https://news.example.com/a/${i % 40}`;
    if (i % 4 !== 2) doc.source = `source-${i % 3}`;
    if (i % 5 === 0) doc.author = 'A. Writer';
    if (i % 6 === 0) doc.publishedAt = '2026-11-26T08:00:00.000Z';
    if (i % 13 === 0) doc.replacements = 1;
    docs.push(doc);
  }
  // Values the compiled check does not accept: zod decides (strips an unknown key, refuses a bad field).
  docs.push({ ...(docs[0] as object), docIndex: 100, extra: 'stripped by zod' });
  docs.push({ ...(docs[2] as object), docIndex: 101, author: undefined });
  docs.push({ ...(docs[4] as object), docIndex: 102, receivedAt: 'yesterday' });
  docs.push({ ...(docs[6] as object), docIndex: 103, body: '' });
  return docs;
}

const message = (doc: unknown, i: number): InboundMessage => ({
  topic: 'news.raw.v1',
  partition: 0,
  offset: String(i),
  key: 'k',
  value: Buffer.from(JSON.stringify(doc)),
  headers: {},
  timestamp: '0',
});

async function run(validation: CleanValidation): Promise<Array<OutboundMessage[] | string>> {
  const handler = new CleanDocumentHandler(
    new MemoryDedup(),
    () => new Date('2026-11-27T10:05:00.000Z'),
    undefined,
    undefined,
    validation,
  );
  const out: Array<OutboundMessage[] | string> = [];
  const docs = documents();
  for (let i = 0; i < docs.length; i++) {
    try {
      out.push(await handler.handle(message(docs[i], i)));
    } catch (err) {
      out.push(`${(err as { code?: string }).code}: ${(err as Error).message}`);
    }
  }
  return out;
}

describe('clean validation: compiled checks vs zod', () => {
  it('produces the same messages and the same failures', async () => {
    const fast = await run('fast');
    const zod = await run('zod');
    expect(fast).toEqual(zod);
    const articles = fast.flatMap((o) =>
      typeof o === 'string' ? [] : o.filter((m) => m.topic === CLEAN_TOPIC),
    );
    expect(articles.length).toBeGreaterThan(55);
    // The sample covers duplicates, optional fields absent and present, and failures.
    const values = articles.map((m) => JSON.parse(String(m.value)) as Record<string, unknown>);
    expect(values.some((v) => v.duplicateOf)).toBe(true);
    expect(values.some((v) => v.author) && values.some((v) => !v.author)).toBe(true);
    const failures = fast.filter((o): o is string => typeof o === 'string');
    expect(failures.filter((f) => f.startsWith('invalid_message'))).toHaveLength(2);
    expect(failures.some((f) => f.includes('receivedAt'))).toBe(true);
  });

  it('sends an article whose JSON keys are in the schema order', async () => {
    const [first] = (await run('fast'))[0] as OutboundMessage[];
    const keys = Object.keys(JSON.parse(String(first?.value)) as RawDocument);
    expect(keys.slice(0, 5)).toEqual(['schemaVersion', 'id', 'dumpId', 'title', 'body']);
    expect(keys.slice(-2)).toEqual(['receivedAt', 'cleanedAt']);
  });
});
