import { describe, expect, it, vi } from 'vitest';
import {
  HEADER_CONTENT_TYPE,
  HEADER_DUMP_ID,
  HEADER_SOURCE,
  HEADER_TRACE_ID,
  INGEST_TOPIC,
  dumpIdFromBytes,
  stageTimestampHeader,
} from '@newsflow/contracts';
import type { OutboundMessage } from '@newsflow/messaging';
import { StageMetrics } from '@newsflow/observability';
import { rejection } from '../../../../test/support/rejection.js';
import { sleep } from '../../../../test/support/wait.js';
import { DependencyUnavailableProblem, ValidationProblem } from '../problem/problem.exception.js';
import { IngestHandler } from './ingest.handler.js';

const TRACE = '7d1f2a4e-3c0b-4a7e-9a55-0f4c1b2d3e4f';

function producer(outcome: 'ack' | Error = 'ack') {
  const sent: OutboundMessage[] = [];
  const send = vi.fn((ms: readonly OutboundMessage[]) => {
    if (outcome !== 'ack') return Promise.reject(outcome);
    sent.push(...ms);
    return Promise.resolve();
  });
  return { send, sent };
}

describe('IngestHandler', () => {
  it('produces one message keyed by the dump id with the raw bytes and the metadata headers', async () => {
    const p = producer();
    const body = Buffer.from('<html><body><h1>Hello</h1></body></html>');
    const res = await new IngestHandler(p, undefined, () => 1_700_000_000_123).ingest({
      body,
      contentType: 'text/html; charset=utf-8',
      query: { source: 'Reuters' },
      traceId: TRACE,
    });
    const dumpId = dumpIdFromBytes(body);
    expect(res).toEqual({ dumpId, traceId: TRACE, bytes: body.length });
    expect(p.sent).toHaveLength(1);
    const m = p.sent[0];
    expect(m?.topic).toBe(INGEST_TOPIC);
    expect(m?.key).toBe(dumpId);
    expect(Buffer.compare(m?.value as Buffer, body)).toBe(0);
    expect(m?.headers).toEqual({
      [HEADER_TRACE_ID]: TRACE,
      [HEADER_DUMP_ID]: dumpId,
      [stageTimestampHeader('ingest')]: '1700000000123',
      [HEADER_CONTENT_TYPE]: 'text/html; charset=utf-8',
      [HEADER_SOURCE]: 'Reuters',
    });
  });

  it('uses the dump id given in the query and octet-stream when no content type was sent', async () => {
    const p = producer();
    const res = await new IngestHandler(p).ingest({
      body: Buffer.from([0, 1, 2]),
      query: { id: 'dump-2026.11:a' },
      traceId: TRACE,
    });
    expect(res.dumpId).toBe('dump-2026.11:a');
    expect(p.sent[0]?.key).toBe('dump-2026.11:a');
    expect(p.sent[0]?.headers[HEADER_CONTENT_TYPE]).toBe('application/octet-stream');
    expect(p.sent[0]?.headers).not.toHaveProperty(HEADER_SOURCE);
  });

  it('produces a JSON envelope {url, source} for a URL-only ingest', async () => {
    const p = producer();
    const res = await new IngestHandler(p).ingest({
      body: Buffer.alloc(0),
      query: { url: 'https://example.org/a', source: 'Example' },
      traceId: TRACE,
    });
    const value = p.sent[0]?.value as Buffer;
    expect(JSON.parse(value.toString('utf8'))).toEqual({ url: 'https://example.org/a', source: 'Example' });
    expect(res.dumpId).toBe(dumpIdFromBytes(value));
    expect(res.bytes).toBe(value.length);
    expect(p.sent[0]?.headers[HEADER_CONTENT_TYPE]).toBe('application/json');
  });

  it('rejects bad input naming the field, without producing', async () => {
    const p = producer();
    const h = new IngestHandler(p);
    const cases: Array<[Parameters<IngestHandler['ingest']>[0], string]> = [
      [{ body: Buffer.alloc(0), query: {}, traceId: TRACE }, 'body'],
      [{ body: Buffer.from('x'), query: { url: 'https://example.org/a' }, traceId: TRACE }, 'url'],
      [{ body: Buffer.alloc(0), query: { url: 'ftp://example.org/a' }, traceId: TRACE }, 'url'],
      [{ body: Buffer.from('x'), query: { id: '../etc/passwd' }, traceId: TRACE }, 'id'],
      [{ body: Buffer.from('x'), query: { sauce: 'typo' }, traceId: TRACE }, 'sauce'],
    ];
    for (const [req, field] of cases) {
      const err = await rejection(h.ingest(req));
      expect(err).toBeInstanceOf(ValidationProblem);
      expect((err as ValidationProblem).errors?.[0]?.field).toBe(field);
    }
    expect(p.send).not.toHaveBeenCalled();
  });

  it('answers only after Kafka acknowledged, and fails with the 503 problem when it does not', async () => {
    let ack: () => void = () => undefined;
    const send = vi.fn(() => new Promise<void>((resolve) => (ack = resolve)));
    let settled = false;
    const pending = new IngestHandler({ send })
      .ingest({ body: Buffer.from('x'), query: {}, traceId: TRACE })
      .then((r) => {
        settled = true;
        return r;
      });
    await sleep(10);
    expect(settled).toBe(false);
    ack();
    await expect(pending).resolves.toMatchObject({ bytes: 1 });

    const down = producer(new DependencyUnavailableProblem('kafka', 'no ack'));
    const err = await rejection(
      new IngestHandler(down).ingest({ body: Buffer.from('x'), query: {}, traceId: TRACE }),
    );
    expect(err).toBeInstanceOf(DependencyUnavailableProblem);
  });

  it('counts accepted messages in the ingest stage metrics', async () => {
    const metrics = new StageMetrics('gateway');
    const h = new IngestHandler(producer(), metrics);
    await h.ingest({ body: Buffer.from('x'), query: {}, traceId: TRACE });
    await h.ingest({ body: Buffer.from('y'), query: {}, traceId: TRACE });
    await rejection(h.ingest({ body: Buffer.alloc(0), query: {}, traceId: TRACE }));
    const values = (await metrics.messagesOut.get()).values;
    expect(values).toEqual([{ labels: { stage: 'ingest', topic: INGEST_TOPIC }, value: 2 }]);
  });
});
