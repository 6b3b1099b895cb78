import { describe, expect, it } from 'vitest';
import { sleep } from '@newsflow/messaging';
import { closeQueue } from './bullmq.adapter.js';

function fakeQueue(ready: Promise<unknown>) {
  const events: string[] = [];
  return {
    events,
    queue: {
      waitUntilReady: () => ready.then(() => events.push('ready')) as never,
      close: () => {
        events.push('close');
        return Promise.resolve();
      },
    },
  };
}

describe('closeQueue', () => {
  it('closes only after the connection has finished initialising', async () => {
    let ready!: () => void;
    const f = fakeQueue(new Promise<void>((r) => (ready = r)));
    const closing = closeQueue(f.queue, 5000);
    await sleep(20);
    expect(f.events).toEqual([]);
    ready();
    await closing;
    expect(f.events).toEqual(['ready', 'close']);
  });

  it('closes anyway when initialisation fails or does not finish in time', async () => {
    const failed = fakeQueue(Promise.reject(new Error('Stream is not writeable')));
    await closeQueue(failed.queue, 5000);
    expect(failed.events).toEqual(['close']);
    const stuck = fakeQueue(new Promise(() => undefined));
    await closeQueue(stuck.queue, 30);
    expect(stuck.events).toEqual(['close']);
  });
});
