import { parentPort } from 'node:worker_threads';
import { Enricher, type EnrichInput } from './enricher.js';

// Worker side of EnricherPool: loads the models once, then enriches batches posted by the pool.
const enricher = Enricher.load();
parentPort?.on('message', (msg: { id: number; inputs: EnrichInput[] }) => {
  parentPort?.postMessage({ id: msg.id, results: msg.inputs.map((i) => enricher.enrich(i)) });
});
