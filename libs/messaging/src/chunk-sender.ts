import type { OutboundMessage } from './producer.js';

/** What a {@link ChunkSender} sends through (the stage's producer). */
export interface OutputSink {
  send(messages: readonly OutboundMessage[]): Promise<void>;
}

/**
 * The outputs of one chunk of a message handler, sent while the chunk is still being handled.
 *
 * Messages report their outputs by position in the chunk ({@link done}), in any order; outputs leave in position
 * order only (the finished prefix), one send at a time, so a partition's outputs keep their input order. While a
 * send is in flight, finished outputs wait and go together in the next send, so the size of a send adapts to the
 * round trip. A message finished with `eager` false waits for {@link finish}, as all outputs did before (one send
 * per chunk: the runner passes false under a backlog, where many small sends would cost CPU per article).
 *
 * {@link finish} resolves once every output was acknowledged, and rejects if any send failed (after which nothing
 * more is sent): the caller commits the chunk's offsets only after it resolved, so delivery is unchanged
 * (at-least-once, outputs of a failed chunk are sent again when it is redelivered, and every sink is idempotent by id).
 */
export class ChunkSender {
  private readonly finished: Array<OutboundMessage[] | undefined> = [];
  /** Positions below this are in `pending` or sent. */
  private next = 0;
  private pending: OutboundMessage[] = [];
  private inFlight: Promise<void> | undefined;
  private failed: { error: unknown } | undefined;
  private eager = false;
  /** Sends started (for tests and metrics). */
  sends = 0;

  constructor(
    private readonly sink: OutputSink,
    private readonly sent: (outputs: OutboundMessage[]) => void = () => undefined,
  ) {}

  /** True while a send is in flight: the caller should let the event loop run so that its answer is read. */
  get sending(): boolean {
    return this.inFlight !== undefined;
  }

  /** The outputs of the message at `position`; with `eager`, the finished prefix is sent now if nothing is in flight. */
  done(position: number, outputs: OutboundMessage[], eager: boolean): void {
    this.finished[position] = outputs;
    while (this.next < this.finished.length) {
      const outs = this.finished[this.next];
      if (outs === undefined) break;
      for (const o of outs) this.pending.push(o);
      this.finished[this.next] = undefined;
      this.next += 1;
    }
    this.eager = eager;
    if (eager) this.flush();
  }

  /** Sends whatever is left (all positions below `count` must be done) and waits for every send's answer. */
  async finish(count: number): Promise<void> {
    if (this.next < count) throw new Error(`chunk finished with ${count - this.next} messages not done`);
    this.eager = false;
    await this.drain();
    if (this.pending.length > 0) {
      this.flush();
      await this.drain();
    }
  }

  /** Waits until no send is in flight; rejects if one failed. */
  private async drain(): Promise<void> {
    for (let p = this.inFlight; p; p = this.inFlight) await p;
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failed.error;
  }

  private flush(): void {
    if (this.inFlight || this.failed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.sends += 1;
    this.inFlight = this.sink.send(batch).then(
      () => {
        this.inFlight = undefined;
        this.sent(batch);
        if (this.eager) this.flush();
      },
      (error: unknown) => {
        this.inFlight = undefined;
        this.failed = { error };
      },
    );
  }
}
