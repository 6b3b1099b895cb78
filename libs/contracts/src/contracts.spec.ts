import { describe, expect, it } from 'vitest';
import {
  ALL_TOPICS,
  HEADER_LINK_DEPTH,
  readLinkDepth,
  CLEAN_TOPIC,
  DLQ_TOPIC,
  RAW_TOPIC,
  articleId,
  canonicalizeUrl,
  dumpIdFromBytes,
  ingestEnvelopeSchema,
  isValidDumpId,
  parseTopicPayload,
  readStageTimestamps,
  stageTimestampHeader,
} from './index.js';

const now = '2026-11-27T08:00:00.000Z';
const validRaw = {
  schemaVersion: 1,
  dumpId: 'd1',
  docIndex: 0,
  format: 'text',
  contentType: 'text/plain',
  charset: 'utf-8',
  body: 'hello',
  receivedAt: now,
  fetchedAt: now,
};
const validClean = {
  schemaVersion: 1,
  id: 'a'.repeat(32),
  dumpId: 'd1',
  title: 'T',
  body: 'B',
  contentHash: 'c'.repeat(64),
  simhash: '0123456789abcdef',
  storyId: 's1',
  receivedAt: now,
  cleanedAt: now,
};

describe('topic names', () => {
  it('lists the six versioned topics of the design', () => {
    expect(ALL_TOPICS).toEqual([
      'news.ingest.v1',
      'news.raw.v1',
      'news.articles.clean.v1',
      'news.articles.enriched.v1',
      'news.indexed.v1',
      'news.dlq.v1',
    ]);
  });
});

describe('parseTopicPayload', () => {
  it('accepts a valid raw document', () => {
    const r = parseTopicPayload(RAW_TOPIC, JSON.stringify(validRaw));
    expect(r.ok).toBe(true);
  });

  it('names the bad field of an invalid raw document', () => {
    const r = parseTopicPayload(RAW_TOPIC, JSON.stringify({ ...validRaw, docIndex: -1, body: '' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('docIndex');
      expect(r.error).toContain('body');
    }
  });

  it('reports malformed JSON instead of throwing', () => {
    const r = parseTopicPayload(CLEAN_TOPIC, Buffer.from('{not json'));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/invalid JSON/);
  });

  it('rejects a clean article with a malformed simhash and accepts a valid one', () => {
    expect(parseTopicPayload(CLEAN_TOPIC, JSON.stringify(validClean)).ok).toBe(true);
    const bad = parseTopicPayload(CLEAN_TOPIC, JSON.stringify({ ...validClean, simhash: 'xyz' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('simhash');
  });

  it('requires the DLQ record to carry stage, error and attempts', () => {
    const r = parseTopicPayload(DLQ_TOPIC, JSON.stringify({ schemaVersion: 1, stage: 'fetch' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/errorMessage/);
  });
});

describe('ingest envelope', () => {
  it('accepts a url-only envelope and defaults the body encoding', () => {
    const r = ingestEnvelopeSchema.safeParse({ url: 'https://example.com/a' });
    expect(r.success && r.data.bodyEncoding).toBe('utf8');
  });
  it('rejects an envelope with neither body nor url', () => {
    expect(ingestEnvelopeSchema.safeParse({ source: 'x' }).success).toBe(false);
  });
  it('rejects unknown keys so that an article object is not mistaken for an envelope', () => {
    expect(ingestEnvelopeSchema.safeParse({ body: 'x', title: 'y' }).success).toBe(false);
  });
});

describe('ids', () => {
  it('gives the same article id to URLs that differ only by tracking, scheme, www and fragment', () => {
    const a = articleId({
      url: 'https://www.Example.com/news/1?utm_source=x&b=2&a=1#top',
      title: 'x',
      body: 'y',
    });
    const b = articleId({ url: 'http://example.com/news/1?a=1&b=2', title: 'other', body: 'other' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });
  it('falls back to title and body prefix when there is no URL, whatever the source label', () => {
    const base = { source: 'First Post', title: 'Peace was never the goal', body: 'Body text here' };
    expect(articleId(base)).toBe(articleId({ ...base, title: 'PEACE was never the goal!' }));
    // A re-push of the same dump under another label (?source=, --source) is the same article.
    expect(articleId(base)).toBe(articleId({ ...base, source: 'Time of India' }));
    expect(articleId(base)).toBe(articleId({ title: base.title, body: base.body }));
    expect(articleId(base)).not.toBe(articleId({ ...base, body: 'Different body' }));
    expect(articleId(base)).not.toBe(articleId({ ...base, title: 'Another title' }));
  });
  it('refuses non-http URLs as canonical URLs', () => {
    expect(canonicalizeUrl('ftp://example.com/x')).toBeUndefined();
    expect(canonicalizeUrl('not a url')).toBeUndefined();
  });
  it('derives a stable dump id from bytes', () => {
    const bytes = Buffer.from('dump');
    expect(dumpIdFromBytes(bytes)).toBe(dumpIdFromBytes(Buffer.from('dump')));
    expect(dumpIdFromBytes(bytes)).not.toBe(dumpIdFromBytes(Buffer.from('dump2')));
  });
  it('validates producer-supplied dump ids', () => {
    expect(isValidDumpId('dump-2026.11.27:1')).toBe(true);
    expect(isValidDumpId('has space')).toBe(false);
    expect(isValidDumpId('')).toBe(false);
  });
});

describe('headers', () => {
  it('reads stage timestamps and ignores malformed ones', () => {
    const ts = readStageTimestamps({
      [stageTimestampHeader('fetch')]: '1700000000000',
      [stageTimestampHeader('clean')]: 'x',
    });
    expect(ts).toEqual({ fetch: 1700000000000 });
  });

  it('reads the link depth, 0 when absent or malformed (messages from before the header)', () => {
    expect(readLinkDepth({})).toBe(0);
    expect(readLinkDepth({ [HEADER_LINK_DEPTH]: '1' })).toBe(1);
    expect(readLinkDepth({ [HEADER_LINK_DEPTH]: ' 2 ' })).toBe(2);
    expect(readLinkDepth({ [HEADER_LINK_DEPTH]: '-1' })).toBe(0);
    expect(readLinkDepth({ [HEADER_LINK_DEPTH]: 'deep' })).toBe(0);
  });
});
