import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { IndexedConfirmation } from '@newsflow/contracts';
import type { PercolateMatch } from '../adapters/subscriptions-store.adapter.js';
import { PercolateHandler, type MatchEvent } from './percolate.handler.js';

const id = (n: number) => n.toString(16).padStart(32, '0');
const confirmation = (n: number, result: IndexedConfirmation['result'] = 'created'): IndexedConfirmation => ({
  schemaVersion: 1,
  id: id(n),
  dumpId: 'd',
  index: 'x-v1',
  result,
  indexedAt: '2026-11-30T10:00:00.000Z',
  stageTimestamps: {},
});

function setup(matches: PercolateMatch[], subscriptions = true) {
  const store = {
    hasSubscriptions: vi.fn(() => Promise.resolve(subscriptions)),
    articles: vi.fn((ids: string[]) =>
      Promise.resolve(ids.map((i) => ({ id: i, title: `T ${i}`, indexedAt: '2026-11-30T10:00:00.000Z' }))),
    ),
    percolate: vi.fn((_docs: Array<Record<string, unknown>>) => Promise.resolve(matches)),
  };
  const events = {
    append: vi.fn((_e: Array<{ subscriptionId: string; data: string }>) => Promise.resolve()),
  };
  const webhooks = { enqueue: vi.fn((_j: unknown[]) => Promise.resolve()) };
  return {
    store,
    events,
    webhooks,
    handler: new PercolateHandler(store, events, webhooks, pino({ level: 'silent' })),
  };
}

describe('PercolateHandler', () => {
  it('appends one event per matching (subscription, article) slot and enqueues webhooks only for subscriptions with one', async () => {
    const s = setup([
      { subscription: { id: 'a'.repeat(32), q: 'x', filters: {}, createdAt: '' }, slots: [0, 1] },
      {
        subscription: { id: 'b'.repeat(32), q: 'y', filters: {}, webhook: 'http://h/x', createdAt: '' },
        slots: [1],
      },
    ]);
    const r = await s.handler.handle([confirmation(1), confirmation(2)]);
    expect(r).toEqual({ articles: 2, matches: 3 });
    const appended = s.events.append.mock.calls[0]?.[0] ?? [];
    expect(appended.map((e) => [e.subscriptionId[0], (JSON.parse(e.data) as MatchEvent).article.id])).toEqual(
      [
        ['a', id(1)],
        ['a', id(2)],
        ['b', id(2)],
      ],
    );
    expect(s.webhooks.enqueue.mock.calls[0]?.[0]).toEqual([
      expect.objectContaining({
        subscriptionId: 'b'.repeat(32),
        url: 'http://h/x',
        eventId: id(2),
      }) as unknown,
    ]);
  });

  it('ignores re-indexed (updated, noop) articles and duplicate confirmations in a batch', async () => {
    const s = setup([]);
    await s.handler.handle([
      confirmation(1),
      confirmation(1),
      confirmation(2, 'updated'),
      confirmation(3, 'noop'),
    ]);
    expect(s.store.articles).toHaveBeenCalledWith([id(1)]);
    const none = setup([]);
    expect(await none.handler.handle([confirmation(4, 'updated')])).toEqual({ articles: 0, matches: 0 });
    expect(none.store.percolate).not.toHaveBeenCalled();
  });

  it('reads no article and percolates nothing while no saved search exists', async () => {
    const s = setup([], false);
    expect(await s.handler.handle([confirmation(1), confirmation(2)])).toEqual({ articles: 0, matches: 0 });
    expect(s.store.hasSubscriptions).toHaveBeenCalledTimes(1);
    expect(s.store.articles).not.toHaveBeenCalled();
    expect(s.store.percolate).not.toHaveBeenCalled();
    expect(s.events.append).not.toHaveBeenCalled();
  });
});
