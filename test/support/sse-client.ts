/**
 * Reads Server-Sent Events from a streaming fetch; `next()` resolves with the next event of the kind it listens to
 * (`article` unless told), its `data` parsed as JSON.
 */
export class SseClient<T> {
  private buffer = '';
  private readonly queue: Array<{ id: string; data: T }> = [];
  private waiters: Array<() => void> = [];
  private readonly controller = new AbortController();
  status = 0;
  contentType: string | null = null;

  constructor(private readonly event = 'article') {}

  async open(url: string, headers: Record<string, string>): Promise<void> {
    const res = await fetch(url, { headers, signal: this.controller.signal });
    this.status = res.status;
    this.contentType = res.headers.get('content-type');
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.buffer += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = this.buffer.indexOf('\n\n')) >= 0) {
            const block = this.buffer.slice(0, i);
            this.buffer = this.buffer.slice(i + 2);
            const lines = block.split('\n');
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (id && data && lines.includes(`event: ${this.event}`)) {
              this.queue.push({ id, data: JSON.parse(data) as T });
              for (const w of this.waiters.splice(0)) w();
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }

  async next(): Promise<{ id: string; data: T }> {
    while (!this.queue.length) await new Promise<void>((r) => this.waiters.push(r));
    return this.queue.shift() as { id: string; data: T };
  }

  close(): void {
    this.controller.abort();
  }
}
