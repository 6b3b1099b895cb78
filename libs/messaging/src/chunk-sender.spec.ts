import { describe, expect, it } from 'vitest';
import { ChunkSender, type OutputSink } from './chunk-sender.js';
import type { OutboundMessage } from './producer.js';

const out = (v: string): OutboundMessage => ({ topic: 't', key: v, value: v, headers: {} });

/** A sink whose sends stay in flight until the test answers them, in order. */
class ManualSink implements OutputSink {
  readonly sends: string[][] = [];
  private readonly answers: Array<{ ok: () => void; fail: (e: Error) => void }> = [];
  inFlight = 0;
  maxInFlight = 0;
  send(messages: readonly OutboundMessage[]): Promise<void> {
    this.sends.push(messages.map((m) => String(m.value)));
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((ok, fail) => {
      this.answers.push({
        ok: () => {
          this.inFlight -= 1;
          ok();
        },
        fail: (e) => {
          this.inFlight -= 1;
          fail(e);
        },
      });
    });
  }
  async ack(): Promise<void> {
    this.answers.shift()!.ok();
    await new Promise((r) => setImmediate(r));
  }
  async fail(e: Error): Promise<void> {
    this.answers.shift()!.fail(e);
    await new Promise((r) => setImmediate(r));
  }
}

describe('ChunkSender', () => {
  it('sends each finished prefix in order, one send at a time, gathering what finished meanwhile', async () => {
    const sink = new ManualSink();
    const counted: string[] = [];
    const s = new ChunkSender(sink, (sent) => counted.push(...sent.map((m) => String(m.value))));
    s.done(0, [out('a0'), out('a1')], true);
    expect(sink.sends).toEqual([['a0', 'a1']]);
    // Position 2 finishes before 1: nothing may overtake position 1.
    s.done(2, [out('c')], true);
    s.done(1, [out('b')], true);
    expect(sink.sends).toHaveLength(1);
    expect(counted).toEqual([]);
    await sink.ack();
    expect(counted).toEqual(['a0', 'a1']);
    expect(sink.sends).toEqual([
      ['a0', 'a1'],
      ['b', 'c'],
    ]);
    const finished = s.finish(3);
    await sink.ack();
    await finished;
    expect(counted).toEqual(['a0', 'a1', 'b', 'c']);
    expect(sink.maxInFlight).toBe(1);
    expect(s.sends).toBe(2);
  });

  it('keeps outputs finished without eager for one send at finish', async () => {
    const sink = new ManualSink();
    const s = new ChunkSender(sink);
    s.done(0, [out('x')], false);
    s.done(1, [], false);
    s.done(2, [out('y')], false);
    expect(sink.sends).toEqual([]);
    const finished = s.finish(3);
    await new Promise((r) => setImmediate(r));
    expect(sink.sends).toEqual([['x', 'y']]);
    await sink.ack();
    await finished;
  });

  it('rejects finish when a send failed and sends nothing after the failure', async () => {
    const sink = new ManualSink();
    const counted: string[] = [];
    const s = new ChunkSender(sink, (sent) => counted.push(...sent.map((m) => String(m.value))));
    s.done(0, [out('a')], true);
    s.done(1, [out('b')], true);
    await sink.fail(new Error('broker gone'));
    s.done(2, [out('c')], true);
    await expect(s.finish(3)).rejects.toThrow('broker gone');
    expect(sink.sends).toEqual([['a']]);
    expect(counted).toEqual([]);
  });

  it('refuses to finish while a position is not done', async () => {
    const s = new ChunkSender(new ManualSink());
    s.done(1, [out('b')], false);
    await expect(s.finish(2)).rejects.toThrow(/not done/);
  });
});
