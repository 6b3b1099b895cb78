import { describe, expect, it } from 'vitest';
import { DLQ_TOPIC, RAW_TOPIC, deadLetterSchema, stageTimestampHeader } from '@newsflow/contracts';
import { deadLetterFor } from './dead-letter.js';
import { PermanentError, errorCode } from './errors.js';
import { headersToStrings, propagateHeaders } from './headers.js';
import { jsonMessage } from './producer.js';
import { mapConcurrent, type InboundMessage } from './stage-runner.js';

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
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20, 4]);
    expect(peak).toBe(3);
  });
});
