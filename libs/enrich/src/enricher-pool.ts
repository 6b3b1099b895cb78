import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EnrichInput, Enrichment } from './enricher.js';

interface Pending {
  resolve: (r: Enrichment[]) => void;
  reject: (e: Error) => void;
}

/**
 * Enrichment on worker threads, for callers that want more than one core in one process. Each worker
 * loads its own copy of the models (about 15 MB). Results are identical to Enricher.enrich.
 * Batches are spread round-robin; close() ends the workers.
 */
export class EnricherPool {
  private next = 0;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id: number; results: Enrichment[] }) => {
        this.pending.get(m.id)?.resolve(m.results);
        this.pending.delete(m.id);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    }
  }

  /** Starts `size` workers (default: available cores). */
  static create(size: number = availableParallelism()): EnricherPool {
    // Compiled: dist/enricher.worker.js. From sources (tests, tsx scripts) the worker is TypeScript:
    // it is required through tsx's CommonJS hook (a dev dependency, only needed in that case).
    const fromSource = __filename.endsWith('.ts');
    const make = (): Worker =>
      fromSource
        ? new Worker(
            `require('tsx/cjs'); require(${JSON.stringify(resolve(__dirname, 'enricher.worker.ts'))});`,
            {
              eval: true,
            },
          )
        : new Worker(resolve(__dirname, 'enricher.worker.js'));
    return new EnricherPool(Array.from({ length: Math.max(1, size) }, make));
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Enriches a batch on one worker. */
  enrichBatch(inputs: EnrichInput[]): Promise<Enrichment[]> {
    const id = this.seq++;
    const w = this.workers[this.next++ % this.workers.length] as Worker;
    return new Promise<Enrichment[]>((res, rej) => {
      this.pending.set(id, { resolve: res, reject: rej });
      w.postMessage({ id, inputs });
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
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
