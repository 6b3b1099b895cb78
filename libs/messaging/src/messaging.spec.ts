import { describe, expect, it } from 'vitest';
import {
  DLQ_TOPIC,
  INDEXED_TOPIC,
  RAW_TOPIC,
  deadLetterSchema,
  indexedConfirmationSchema,
  stageTimestampHeader,
} from '@newsflow/contracts';
import { deadLetterFor } from './dead-letter.js';
import { PermanentError, errorCode } from './errors.js';
import { headersToStrings, propagateHeaders } from './headers.js';
import { sleep } from './sleep.js';
import { CompressionTypes } from 'kafkajs';
import { COMPRESS_FROM_BYTES, compressionFor, extendedJsonMessage, jsonMessage } from './producer.js';
import { backlogAfter, mapConcurrent, mapConcurrentWhile, type InboundMessage } from './stage-runner.js';

const inbound: InboundMessage = {
  topic: 'news.ingest.v1',
  partition: 2,
  offset: '41',
  key: 'dump-1',
  value: Buffer.from([0xff, 0x00, 0x41]),
  headers: {
    'newsflow-trace-id': 't-1',
    'newsflow-dump-id': 'dump-1',
    'newsflow-ts-ingest': '1000',
    other: 'x',
  },
  timestamp: '1000',
};

describe('headers', () => {
  it('turns kafka header values into strings and keeps the first of repeated ones', () => {
    expect(
      headersToStrings({
        a: Buffer.from('x'),
        b: 'y',
        c: [Buffer.from('1'), Buffer.from('2')],
        d: undefined,
      }),
    ).toEqual({
      a: 'x',
      b: 'y',
      c: '1',
    });
  });

  it('carries trace id, dump id and earlier stage timestamps and adds this stage', () => {
    const out = propagateHeaders(inbound.headers, {}, 'fetch', 2000);
    expect(out).toEqual({
      'newsflow-trace-id': 't-1',
      'newsflow-dump-id': 'dump-1',
      'newsflow-ts-ingest': '1000',
      [stageTimestampHeader('fetch')]: '2000',
    });
  });
});

describe('jsonMessage', () => {
  it('refuses to serialise a payload its topic schema rejects', () => {
    // @ts-expect-error deliberately invalid payload
    expect(() => jsonMessage(RAW_TOPIC, 'k', { schemaVersion: 1 })).toThrow(
      /refusing to produce an invalid news.raw.v1/,
    );
  });

  const confirmation = {
    schemaVersion: 1 as const,
    id: 'a'.repeat(32),
    dumpId: 'dump-1',
    index: 'articles',
    result: 'created' as const,
    indexedAt: '2026-11-27T08:00:00.000Z',
    stageTimestamps: { ingest: 1 },
  };

  it('with fastCheck writes a payload the compiled check accepts as it stands, the same bytes as zod in schema order', () => {
    const fast = jsonMessage(INDEXED_TOPIC, 'k', confirmation, {}, { fastCheck: true });
    expect(fast.value).toBe(JSON.stringify(confirmation));
    expect(fast.value).toBe(jsonMessage(INDEXED_TOPIC, 'k', confirmation).value);
  });

  it('with fastCheck still refuses an invalid payload through zod, naming the field', () => {
    expect(() =>
      // @ts-expect-error deliberately invalid result
      jsonMessage(INDEXED_TOPIC, 'k', { ...confirmation, result: 'lost' }, {}, { fastCheck: true }),
    ).toThrow(/refusing to produce an invalid news.indexed.v1 message: result/);
  });

  it('with fastCheck leaves a payload zod would change (an unknown key) to zod, which strips it', () => {
    const extra = { ...confirmation, extra: 'x' };
    const out = jsonMessage(INDEXED_TOPIC, 'k', extra, {}, { fastCheck: true });
    expect(JSON.parse(String(out.value))).not.toHaveProperty('extra');
  });
});

describe('extendedJsonMessage', () => {
  const validated = {
    schemaVersion: 1 as const,
    id: 'a'.repeat(32),
    dumpId: 'dump-1',
    index: 'articles',
    indexedAt: '2026-11-27T08:00:00.000Z',
  };
  const addedSchema = indexedConfirmationSchema.pick({ result: true, stageTimestamps: true });

  it('serialises the validated part plus the parsed added fields', () => {
    const out = extendedJsonMessage(
      INDEXED_TOPIC,
      'k',
      validated,
      { result: 'created' as const, stageTimestamps: { ingest: 1 } },
      addedSchema,
    );
    expect(indexedConfirmationSchema.parse(JSON.parse(String(out.value)))).toEqual({
      ...validated,
      result: 'created',
      stageTimestamps: { ingest: 1 },
    });
  });

  it('refuses added fields their schema rejects, naming the field', () => {
    expect(() =>
      extendedJsonMessage(
        INDEXED_TOPIC,
        'k',
        validated,
        // @ts-expect-error deliberately invalid added field
        { result: 'lost', stageTimestamps: {} },
        addedSchema,
      ),
    ).toThrow(/refusing to produce an invalid news.indexed.v1 message: result/);
  });
});

describe('compressionFor', () => {
  const msg = (bytes: number) => ({ topic: 't', value: Buffer.alloc(bytes), headers: {} });

  it('sends pipeline-sized batches uncompressed', () => {
    expect(compressionFor(Array.from({ length: 200 }, () => msg(6_000)))).toBe(CompressionTypes.None);
  });

  it('gzips a send with one large message or many bytes in all', () => {
    expect(compressionFor([msg(10), msg(COMPRESS_FROM_BYTES.message)])).toBe(CompressionTypes.GZIP);
    const many = Math.ceil(COMPRESS_FROM_BYTES.send / 100_000);
    expect(compressionFor(Array.from({ length: many }, () => msg(100_000)))).toBe(CompressionTypes.GZIP);
    expect(
      compressionFor([{ topic: 't', value: 'é'.repeat(COMPRESS_FROM_BYTES.message / 2), headers: {} }]),
    ).toBe(CompressionTypes.GZIP);
  });
});

describe('deadLetterFor', () => {
  it('keeps the original bytes, headers, position and the reason', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    const msg = deadLetterFor(
      'fetch',
      inbound,
      new PermanentError('binary', 'dump is binary'),
      1,
      first,
      first,
    );
    expect(msg.topic).toBe(DLQ_TOPIC);
    expect(msg.key).toBe('dump-1');
    const record = deadLetterSchema.parse(JSON.parse(String(msg.value)));
    expect(record).toMatchObject({
      stage: 'fetch',
      errorCode: 'binary',
      errorMessage: 'dump is binary',
      attempts: 1,
      originalOffset: '41',
      originalPartition: 2,
    });
    expect(Buffer.from(record.originalPayloadBase64, 'base64')).toEqual(inbound.value);
    expect(record.originalHeaders['newsflow-trace-id']).toBe('t-1');
  });

  it('classifies unexpected errors as such', () => {
    expect(errorCode(new Error('boom'))).toBe('unexpected');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
  });
});

describe('mapConcurrent', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapConcurrent([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(ms);
      running -= 1;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20, 4]);
    expect(peak).toBe(3);
  });

  it('with a predicate, stops taking items once it turns false and returns the finished prefix in order', async () => {
    let taken = 0;
    const started: number[] = [];
    const out = await mapConcurrentWhile(
      [1, 2, 3, 4, 5, 6, 7],
      2,
      async (x) => {
        started.push(x);
        taken += 1;
        await sleep(1);
        return x * 10;
      },
      () => taken < 3,
    );
    expect(started).toEqual([1, 2, 3]);
    expect(out).toEqual([10, 20, 30]);
  });

  it('always takes the first item, even when the predicate is false from the start', async () => {
    const out = await mapConcurrentWhile(
      [4, 5],
      3,
      (x) => Promise.resolve(x + 1),
      () => false,
    );
    expect(out).toEqual([5]);
  });
});

describe('backlogAfter', () => {
  const batch = (n: number, lag: string | (() => never)) => ({
    messages: Array.from({ length: n }, () => ({}) as never),
    offsetLag: typeof lag === 'string' ? () => lag : lag,
  });
  it('counts the rest of the batch and the lag behind the high watermark', () => {
    expect(backlogAfter(batch(10, '0'), 4)).toBe(6);
    expect(backlogAfter(batch(10, '25'), 10)).toBe(25);
    expect(backlogAfter(batch(3, '0'), 3)).toBe(0);
  });
  it('treats a lag kafkajs cannot compute as none', () => {
    expect(
      backlogAfter(
        batch(2, () => {
          throw new Error('no high watermark');
        }),
        2,
      ),
    ).toBe(0);
    expect(backlogAfter(batch(2, '-1'), 2)).toBe(0);
  });
});
