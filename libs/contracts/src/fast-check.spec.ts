import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLEAN_TOPIC,
  ENRICHED_TOPIC,
  cleanArticleSchema,
  compileFastCheck,
  indexedConfirmationSchema,
  rawDocumentSchema,
  enrichedArticleSchema,
  formatZodError,
  parseTopicPayload,
} from './index.js';

const now = '2026-11-27T08:00:00.000Z';
const validEnriched = () => ({
  schemaVersion: 1,
  id: 'a'.repeat(32),
  dumpId: 'd1',
  title: 'T',
  body: 'B',
  source: 'bbc',
  publishedAt: '2026-11-26T08:00:00+01:00',
  language: 'en',
  pageType: 'article',
  contentHash: 'c'.repeat(64),
  simhash: '0123456789abcdef',
  storyId: 's1',
  receivedAt: now,
  cleanedAt: now,
  enrichedAt: now,
  enrichment: {
    topics: {
      primary: 'business',
      scores: { business: 0.8, tech: 0.2 },
      tags: ['business'],
      iptc: [{ code: 'medtop:04000000', label: 'economy', score: 0.7 }],
    },
    entities: [
      { type: 'person', text: 'Ann', canonical: 'Ann', start: 0, end: 3, confidence: 0.9 },
      { type: 'place', text: 'Paris', canonical: 'Paris', start: 5, end: 10, confidence: 1, country: 'FR' },
    ],
    countries: ['FR'],
    keywords: [{ term: 'ann', weight: 1.5 }],
    sentiment: { score: -0.2, label: 'neutral' },
    summary: 'S',
  },
});

const check = compileFastCheck(enrichedArticleSchema);

/** Sets `path` (dot-separated, array indices as numbers) of a copy of `v` to `value` (undefined deletes it). */
function withAt(path: string, value: unknown): Record<string, unknown> {
  const v = validEnriched() as Record<string, unknown>;
  const parts = path.split('.');
  let o = v;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return v;
}

describe('compileFastCheck', () => {
  it('compiles the enriched article schema and accepts a valid article', () => {
    expect(check).toBeTypeOf('function');
    expect(check?.(validEnriched())).toBe(true);
    expect(check?.(withAt('enrichment.topics.iptc', undefined))).toBe(true);
  });

  const malformed: Array<[string, unknown]> = [
    ['id', 'A'.repeat(32)],
    ['title', ''],
    ['title', undefined],
    ['schemaVersion', 2],
    ['publishedAt', '2026-11-26'],
    ['enrichedAt', 42],
    ['pageType', 'blog'],
    ['language', 'e'],
    ['enrichment.topics.scores', { business: '0.8' }],
    ['enrichment.topics.iptc.0.code', 'medtop:123'],
    ['enrichment.entities.0.confidence', 1.5],
    ['enrichment.entities.0.start', 1.5],
    ['enrichment.entities.1.type', 'thing'],
    ['enrichment.entities.1.country', 'FRA'],
    ['enrichment.countries', ['FRA']],
    ['enrichment.sentiment.label', 'happy'],
    ['enrichment.sentiment.score', Number.NaN],
    ['enrichment.keywords', 'ann'],
    ['enrichment', null],
  ];
  it.each(malformed)('does not accept %s = %j, and the parse names the field as zod does', (path, value) => {
    const v = withAt(path, value);
    expect(check?.(v)).toBe(false);
    // As the message carries it (NaN becomes null in JSON).
    const zod = enrichedArticleSchema.safeParse(JSON.parse(JSON.stringify(v)));
    expect(zod.success).toBe(false);
    const r = parseTopicPayload(ENRICHED_TOPIC, JSON.stringify(v));
    expect(r.ok).toBe(false);
    if (!r.ok && !zod.success) {
      expect(r.error).toBe(formatZodError(zod.error));
      expect(r.error).toContain(path.split('.').slice(0, 2).join('.'));
    }
  });

  it('leaves unknown keys to zod, which strips them', () => {
    const v = { ...validEnriched(), extra: 1 };
    v.enrichment.entities[0] = { ...v.enrichment.entities[0]!, note: 'x' } as never;
    expect(check?.(v)).toBe(false);
    const r = parseTopicPayload(ENRICHED_TOPIC, JSON.stringify(v));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).not.toHaveProperty('extra');
      expect(r.value.enrichment.entities[0]).not.toHaveProperty('note');
    }
  });

  it('leaves a __proto__ key of a record to zod', () => {
    const json = JSON.stringify(validEnriched()).replace('"business":0.8', '"__proto__":0.8,"business":0.8');
    expect(check?.(JSON.parse(json))).toBe(false);
    expect(parseTopicPayload(ENRICHED_TOPIC, json).ok).toBe(true);
  });

  it('accepts only what zod accepts unchanged (random mutations)', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const paths = [
      ...malformed.map(([p]) => p),
      'body',
      'storyId',
      'enrichment.summary',
      'enrichment.topics.tags',
    ];
    const values: unknown[] = [
      undefined,
      null,
      '',
      'x',
      'en',
      0,
      -1,
      0.5,
      3,
      true,
      [],
      {},
      ['FR'],
      now,
      'a'.repeat(32),
    ];
    let accepted = 0;
    for (let i = 0; i < 2000; i += 1) {
      const v = withAt(
        paths[Math.floor(rnd() * paths.length)] as string,
        values[Math.floor(rnd() * values.length)],
      );
      const zod = enrichedArticleSchema.safeParse(v);
      if (check?.(v)) {
        accepted += 1;
        expect(zod.success).toBe(true);
        if (zod.success) expect(zod.data).toEqual(v);
      } else if (zod.success) {
        expect(zod.data).not.toEqual(v);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('gives up on what it does not know (the schema is then always parsed by zod)', () => {
    expect(compileFastCheck(z.string().email())).toBeUndefined();
    expect(compileFastCheck(z.object({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(compileFastCheck(z.object({ a: z.string() }).passthrough())).toBeUndefined();
    expect(compileFastCheck(z.object({ a: z.number().default(1) }))).toBeUndefined();
  });
});

describe('every stage input topic has a compiled check', () => {
  it('compiles the raw, clean and confirmation schemas (none silently falls back to zod alone)', () => {
    expect(compileFastCheck(rawDocumentSchema)).toBeTypeOf('function');
    expect(compileFastCheck(cleanArticleSchema)).toBeTypeOf('function');
    expect(compileFastCheck(indexedConfirmationSchema)).toBeTypeOf('function');
  });

  it('parses a clean article the same with and without the compiled check, valid or not', () => {
    const { enrichment: _e, enrichedAt: _t, ...clean } = validEnriched();
    const cases = [clean, { ...clean, title: 3 }, { ...clean, language: undefined }, { ...clean, extra: 1 }];
    for (const c of cases) {
      const raw = JSON.stringify(c);
      expect(parseTopicPayload(CLEAN_TOPIC, raw)).toEqual(
        parseTopicPayload(CLEAN_TOPIC, raw, { fastCheck: false }),
      );
    }
    expect(parseTopicPayload(CLEAN_TOPIC, JSON.stringify(clean))).toEqual({ ok: true, value: clean });
    expect(parseTopicPayload(CLEAN_TOPIC, JSON.stringify(cases[1])).ok).toBe(false);
  });
});
