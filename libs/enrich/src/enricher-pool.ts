import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EnrichInput, Enrichment } from './enricher.js';

interface Pending {
  resolve: (r: Enrichment[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Batches posted to this worker and not answered yet. */
  pending: Map<number, Pending>;
  /** The worker exited: the next batch for this slot starts a new one. */
  dead?: boolean;
}

/**
 * A batch whose worker died before answering: over its heap limit (`code` ERR_WORKER_OUT_OF_MEMORY, see
 * {@link EnricherPoolOptions.resourceLimits}) or another crash. The pool replaces the worker for the next batch; a caller
 * that retries the same input will likely kill the next one too, so it should give the input up (dead-letter it).
 */
export class EnricherWorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnricherWorkerError';
  }
}

export interface EnricherPoolOptions {
  /**
   * Heap limits of each worker (each is its own V8 isolate with its own young generation): a worker over its limit
   * dies with ERR_WORKER_OUT_OF_MEMORY instead of taking the process down; its batches are rejected with an
   * {@link EnricherWorkerError} and a new worker takes its place for the next batch. (Enrichment reads at most
   * 60,000 characters of an article, so its own memory per article is bounded; the limit guards the process.)
   */
  resourceLimits?: ResourceLimits;
}

/**
 * Enrichment on worker threads, for callers that want more than one core in one process. Each worker
 * loads its own copy of the models (about 15 MB). Results are identical to Enricher.enrich.
 * Batches are spread round-robin; close() ends the workers.
 */
export class EnricherPool {
  private next = 0;
  private seq = 0;
  private closing = false;
  private readonly slots: Slot[];

  private constructor(
    size: number,
    private readonly make: () => Worker,
  ) {
    this.slots = Array.from({ length: size }, () => this.start());
  }

  private start(): Slot {
    const slot: Slot = { worker: this.make(), pending: new Map() };
    slot.worker.on('message', (m: { id: number; results: Enrichment[] }) => {
      slot.pending.get(m.id)?.resolve(m.results);
      slot.pending.delete(m.id);
    });
    // 'error' (out of memory, an exception) is followed by 'exit': the batches fail once, on the first of the two.
    const fail = (code: string, message: string) => {
      const err = new EnricherWorkerError(code, message);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    slot.worker.on('error', (err: Error & { code?: string }) =>
      fail(err.code ?? 'ERR_WORKER_FAILED', `enrichment worker died: ${err.message}`),
    );
    slot.worker.on('exit', (exitCode) => {
      fail('ERR_WORKER_EXITED', `enrichment worker exited with code ${exitCode}`);
      slot.dead = true;
    });
    return slot;
  }

  /** The slot of the next batch, its worker replaced first if it died (lazily: a worker that cannot even load its
   * models under its limits is not restarted in a loop, each batch sent to it fails instead). */
  private nextSlot(): Slot {
    const i = this.next++ % this.slots.length;
    let slot = this.slots[i] as Slot;
    if (slot.dead && !this.closing) this.slots[i] = slot = this.start();
    return slot;
  }

  /** Starts `size` workers (default: available cores). */
  static create(size: number = availableParallelism(), opts: EnricherPoolOptions = {}): EnricherPool {
    // Compiled: dist/enricher.worker.js. From sources (tests, tsx scripts) the worker is TypeScript:
    // it is required through tsx's CommonJS hook (a dev dependency, only needed in that case).
    const fromSource = __filename.endsWith('.ts');
    const limits = opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {};
    const make = (): Worker =>
      fromSource
        ? new Worker(
            `require('tsx/cjs'); require(${JSON.stringify(resolve(__dirname, 'enricher.worker.ts'))});`,
            { eval: true, ...limits },
          )
        : new Worker(resolve(__dirname, 'enricher.worker.js'), limits);
    return new EnricherPool(Math.max(1, size), make);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Enriches a batch on one worker; rejects with an {@link EnricherWorkerError} if that worker dies meanwhile. */
  enrichBatch(inputs: EnrichInput[]): Promise<Enrichment[]> {
    const id = this.seq++;
    const slot = this.nextSlot();
    return new Promise<Enrichment[]>((res, rej) => {
      slot.pending.set(id, { resolve: res, reject: rej });
      slot.worker.postMessage({ id, inputs });
    });
  }

  /** Enriches many articles, split into batches over all workers; results keep input order. */
  async enrichMany(inputs: EnrichInput[], batchSize = 32): Promise<Enrichment[]> {
    const batches: Array<Promise<Enrichment[]>> = [];
    for (let i = 0; i < inputs.length; i += batchSize)
      batches.push(this.enrichBatch(inputs.slice(i, i + batchSize)));
    return (await Promise.all(batches)).flat();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
