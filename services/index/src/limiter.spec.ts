import { describe, expect, it } from 'vitest';
import { sleep } from '@newsflow/messaging';
import { Limiter } from './limiter.js';

describe('Limiter', () => {
  it('runs at most its limit at once, in arrival order, and passes results and errors through', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      order.push(i);
      await sleep(5);
      running -= 1;
      if (i === 3) throw new Error('three');
      return i * 2;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => limiter.run(task(i))));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      0,
      2,
      4,
      'three',
      8,
    ]);
    // Every slot was given back: the next task runs at once.
    expect(await limiter.run(() => Promise.resolve('free'))).toBe('free');
  });
});
