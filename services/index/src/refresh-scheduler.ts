/**
 * Makes what the index stage wrote searchable soon after the bulk was acknowledged, at a bounded cost: a refresh of
 * the alias is requested after a write, at once when the last one started at least `minGapMs` ago, otherwise when
 * that gap has passed (one pending at a time). At a low rate every bulk is searchable a refresh's duration after it
 * was acknowledged instead of after up to `refresh_interval` (1 s); under a steady stream of bulks the stage asks for
 * at most one refresh per `minGapMs`. The index's own `refresh_interval` stays as it is, a backstop when a refresh
 * fails. Nothing waits for a refresh: confirmations, commits and the next bulk go on meanwhile.
 */
export class RefreshScheduler {
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private inFlight = false;
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Refreshes requested so far (succeeded or not). */
  requested = 0;

  constructor(
    private readonly minGapMs: number,
    private readonly refresh: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something was written: it should become searchable. */
  written(): void {
    if (this.closed) return;
    this.dirty = true;
    // A refresh in flight may have started before this write: its end looks at `dirty` again.
    if (this.inFlight || this.timer) return;
    const wait = this.lastStartAt + this.minGapMs - this.now();
    if (wait <= 0) {
      this.start();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    if (this.closed || !this.dirty) return;
    this.dirty = false;
    this.inFlight = true;
    this.lastStartAt = this.now();
    this.requested += 1;
    this.refresh()
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        this.inFlight = false;
        if (this.dirty) this.written();
      });
  }
}
