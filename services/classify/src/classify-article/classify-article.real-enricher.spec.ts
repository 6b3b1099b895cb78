import { describe, expect, it } from 'vitest';
import { enrichedArticleSchema, type CleanArticle } from '@newsflow/contracts';
import { Enricher } from '@newsflow/enrich';
import type { InboundMessage } from '@newsflow/messaging';
import { ClassifyArticleHandler } from './classify-article.handler.js';

// The stage with the shipped models (no test double): what it emits is what the index stage stores.
const enricher = Enricher.load();
const article = (title: string, body: string): CleanArticle => ({
  schemaVersion: 1,
  id: 'b'.repeat(32),
  dumpId: 'dump-2',
  title,
  body,
  language: 'en',
  contentHash: 'd'.repeat(64),
  simhash: '0123456789abcdef',
  storyId: 's2',
  receivedAt: '2026-11-30T08:00:00.000Z',
  cleanedAt: '2026-11-30T08:00:01.000Z',
});
const emit = (a: CleanArticle) => {
  const msg: InboundMessage = {
    topic: 'news.articles.clean.v1',
    partition: 0,
    offset: '0',
    key: undefined,
    value: Buffer.from(JSON.stringify(a)),
    headers: {},
    timestamp: '0',
  };
  const [out] = new ClassifyArticleHandler(enricher).handle(msg);
  return enrichedArticleSchema.parse(JSON.parse(String(out!.value)));
};

describe('ClassifyArticleHandler with the real enricher', () => {
  it('emits IPTC codes with labels for the coarse topic and for an added topic', () => {
    const out = emit(
      article(
        'Striker scores twice as United win the cup final',
        'The striker scored twice in the second half as United beat City 3-1 in the cup final at Wembley. ' +
          'The manager praised his team after the match, and the captain lifted the trophy in front of the fans. ' +
          'Police arrested three fans after the match; a court charged them with assault, and the judge set a trial date. ' +
          'Prosecutors said the suspects would appear in court next month.',
      ),
    );
    const codes = (out.enrichment.topics.iptc ?? []).map((t) => t.code);
    expect(out.enrichment.topics.primary).toBe('sport');
    expect(codes[0]).toBe('medtop:15000000');
    expect(codes).toContain('medtop:02000000');
    expect(out.enrichment.topics.iptc?.find((t) => t.code === 'medtop:15000000')?.label).toBe('sport');
  });

  it('emits canonical person names: short and titled mentions resolve to the full name', () => {
    const out = emit(
      article(
        'Putin and Biden meet in Geneva',
        'Russian President Vladimir Putin met US President Joe Biden on Wednesday. ' +
          'Mr Biden said the talks were constructive. Putin said little afterwards.',
      ),
    );
    const people = out.enrichment.entities.filter((e) => e.type === 'person');
    const byText = new Map(people.map((e) => [e.text, e.canonical]));
    expect(byText.get('Putin')).toBe('Vladimir Putin');
    expect(byText.get('Mr Biden')).toBe('Joe Biden');
    expect(new Set(people.map((e) => e.canonical))).toEqual(new Set(['Vladimir Putin', 'Joe Biden']));
  });
});
