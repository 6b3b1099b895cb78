import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { patchKafkaRequestQueue } from './kafkajs-patch.js';

interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  push(req: {
    entry: { correlationId: number; resolve: () => void; reject: () => void };
    expectResponse: boolean;
    sendRequest: () => void;
  }): void;
  checkPendingRequests(): void;
  fulfillRequest(r: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (o: object) => Queue;
const logger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  info: () => undefined,
};
const queue = (maxInFlightRequests: number | null = null): Queue =>
  new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:9092',
    logger,
  });
const request = (correlationId: number, sent: number[]) => ({
  entry: { correlationId, resolve: () => undefined, reject: () => undefined },
  expectResponse: true,
  sendRequest: () => sent.push(correlationId),
});

describe('patchKafkaRequestQueue (kafkajs 2.2.4 idle timer loop)', () => {
  beforeAll(() => {
    expect(patchKafkaRequestQueue()).toBe(true);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies once: a second call keeps the same method', () => {
    const proto = RequestQueue.prototype as unknown as Record<string, unknown>;
    const method = proto['scheduleCheckPendingRequests'];
    expect(patchKafkaRequestQueue()).toBe(true);
    expect(proto['scheduleCheckPendingRequests']).toBe(method);
  });

  it('schedules no timer after a response when nothing is pending (unpatched: a 1 ms loop for ever)', () => {
    vi.useFakeTimers();
    const q = queue();
    const sent: number[] = [];
    q.push(request(1, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    q.destroy();
  });

  it('still sends a request held back by client-side throttling once the throttle ends', () => {
    vi.useFakeTimers();
    const q = queue();
    const sent: number[] = [];
    q.throttledUntil = Date.now() + 50;
    q.push(request(7, sent));
    expect(sent).toEqual([]);
    expect(q.pending).toHaveLength(1);
    vi.advanceTimersByTime(60);
    expect(sent).toEqual([7]);
    expect(q.pending).toHaveLength(0);
    // Nothing left to send: the check does not reschedule itself.
    expect(vi.getTimerCount()).toBe(0);
    q.destroy();
  });

  it('sends a request held back by the in-flight limit when the one in flight is answered', () => {
    vi.useFakeTimers();
    const q = queue(1);
    const sent: number[] = [];
    q.push(request(1, sent));
    q.push(request(2, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    q.destroy();
  });
});
