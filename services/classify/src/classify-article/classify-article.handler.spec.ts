import { describe, expect, it } from 'vitest';
import { enrichedArticleSchema, type CleanArticle, type Enrichment } from '@newsflow/contracts';
import type { InboundMessage } from '@newsflow/messaging';
import { ClassifyArticleHandler, type ArticleEnricher } from './classify-article.handler.js';

const clean: CleanArticle = {
  schemaVersion: 1,
  id: 'a'.repeat(32),
  dumpId: 'dump-1',
  title: 'China ready to expand cooperation with Russian army',
  body: 'Defence ministry spokesman Jiang Bin said...',
  language: 'en',
  contentHash: 'c'.repeat(64),
  simhash: '0123456789abcdef',
  storyId: 's1',
  receivedAt: '2026-11-27T08:00:00.000Z',
  cleanedAt: '2026-11-27T08:00:01.000Z',
};
const msg = (value: unknown): InboundMessage => ({
  topic: 'news.articles.clean.v1',
  partition: 0,
  offset: '0',
  key: undefined,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});

class RecordingEnricher implements ArticleEnricher {
  seen: Array<{ title: string; body: string; language?: string | undefined }> = [];
  constructor(private readonly result: Enrichment) {}
  enrich(input: { title: string; body: string; language?: string | undefined }): Enrichment {
    this.seen.push(input);
    return this.result;
  }
}
const enrichment: Enrichment = {
  topics: { primary: 'world', scores: { world: 0.9, politics: 0.1 }, tags: ['defence'] },
  entities: [
    {
      type: 'person',
      text: 'Jiang Bin',
      canonical: 'Jiang Bin',
      start: 10,
      end: 19,
      confidence: 0.9,
      country: 'CN',
    },
  ],
  countries: ['CN', 'RU'],
  keywords: [{ term: 'defence', weight: 0.5 }],
  sentiment: { score: 0.1, label: 'neutral' },
  summary: 'Defence ministry spokesman Jiang Bin said...',
};

describe('ClassifyArticleHandler', () => {
  it('emits the clean article plus its enrichment, keyed by article id', () => {
    const enricher = new RecordingEnricher(enrichment);
    const [out] = new ClassifyArticleHandler(enricher, () => new Date('2026-11-27T08:00:02.000Z')).handle(
      msg(clean),
    );
    expect(out!.key).toBe(clean.id);
    expect(out!.topic).toBe('news.articles.enriched.v1');
    const parsed = enrichedArticleSchema.parse(JSON.parse(String(out!.value)));
    expect(parsed).toMatchObject({
      id: clean.id,
      title: clean.title,
      enrichedAt: '2026-11-27T08:00:02.000Z',
      enrichment: { countries: ['CN', 'RU'] },
    });
    expect(enricher.seen).toEqual([{ title: clean.title, body: clean.body, language: 'en' }]);
  });

  it('rejects an invalid clean article as a permanent failure naming the field', () => {
    const handler = new ClassifyArticleHandler(new RecordingEnricher(enrichment));
    expect(() => handler.handle(msg({ ...clean, title: '' }))).toThrow(/title/);
  });

  it('refuses to emit an enrichment that breaks the enriched schema', () => {
    const bad = { ...enrichment, sentiment: { score: 7, label: 'neutral' as const } };
    expect(() => new ClassifyArticleHandler(new RecordingEnricher(bad)).handle(msg(clean))).toThrow(
      /sentiment/,
    );
  });

  it('writes the same article whether the added fields pass the compiled check or zod', () => {
    const clock = () => new Date('2026-11-27T08:00:02.000Z');
    const out = (validation: 'fast' | 'zod') =>
      new ClassifyArticleHandler(new RecordingEnricher(enrichment), clock, validation).handle(msg(clean))[0]!;
    expect(JSON.parse(String(out('fast').value))).toEqual(JSON.parse(String(out('zod').value)));
  });

  it('leaves an enrichment zod would change (an unknown key) to zod, which strips it', () => {
    const extra = { ...enrichment, debug: 'x' } as Enrichment;
    const [out] = new ClassifyArticleHandler(new RecordingEnricher(extra)).handle(msg(clean));
    expect((JSON.parse(String(out!.value)) as { enrichment: object }).enrichment).not.toHaveProperty('debug');
  });
});
