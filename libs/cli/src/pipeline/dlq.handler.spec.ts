import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '@newsflow/contracts';
import { countDeadLetters, parseSince, selectDeadLetters, type DeadLetterEntry } from './dlq.handler.js';

function entry(
  offset: number,
  stage: DeadLetter['stage'],
  errorCode: string,
  lastFailureAt: string,
  replayedAt?: string,
): DeadLetterEntry {
  return {
    partition: offset % 2,
    offset: String(offset),
    record: {
      schemaVersion: 1,
      stage,
      errorClass: 'PermanentError',
      errorCode,
      errorMessage: `failure ${offset}`,
      attempts: 1,
      firstFailureAt: lastFailureAt,
      lastFailureAt,
      originalTopic: 'news.ingest.v1',
      originalHeaders: {},
      originalPayloadBase64: '',
    },
    ...(replayedAt ? { replayedAt } : {}),
  };
}

const entries = [
  entry(1, 'fetch', 'timeout', '2026-11-30T10:00:00.000Z'),
  entry(2, 'clean', 'no_content', '2026-11-30T12:00:00.000Z'),
  entry(3, 'fetch', 'timeout', '2026-11-30T11:00:00.000Z', '2026-11-30T13:00:00.000Z'),
  entry(4, 'fetch', 'invalid_envelope', '2026-11-30T09:00:00.000Z'),
  entry(5, 'fetch', 'timeout', '2026-11-30T12:00:00.000Z'),
];
const offsets = (es: DeadLetterEntry[]) => es.map((e) => e.offset);

describe('dead-letter selection', () => {
  it('lists newest failures first and hides replayed entries unless asked', () => {
    expect(offsets(selectDeadLetters(entries))).toEqual(['5', '2', '1', '4']);
    expect(offsets(selectDeadLetters(entries, { includeReplayed: true }))).toEqual(['5', '2', '3', '1', '4']);
  });

  it('filters by stage, code and time', () => {
    expect(offsets(selectDeadLetters(entries, { stage: 'fetch' }))).toEqual(['5', '1', '4']);
    expect(offsets(selectDeadLetters(entries, { code: 'timeout', includeReplayed: true }))).toEqual([
      '5',
      '3',
      '1',
    ]);
    expect(offsets(selectDeadLetters(entries, { since: new Date('2026-11-30T11:00:00Z') }))).toEqual([
      '5',
      '2',
    ]);
  });

  it('counts dead letters by stage and code, open and replayed', () => {
    expect(countDeadLetters(entries)).toEqual([
      { stage: 'fetch', code: 'timeout', open: 2, replayed: 1, newest: '2026-11-30T12:00:00.000Z' },
      { stage: 'clean', code: 'no_content', open: 1, replayed: 0, newest: '2026-11-30T12:00:00.000Z' },
      { stage: 'fetch', code: 'invalid_envelope', open: 1, replayed: 0, newest: '2026-11-30T09:00:00.000Z' },
    ]);
  });

  it('reads --since as an ISO time or a duration back from now, and names a bad value', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-11-30T11:30:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2026-11-28T12:00:00.000Z');
    expect(parseSince('2026-11-30T08:00:00Z', now).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow('--since "yesterday"');
  });
});
