import { Counter, Histogram } from 'prom-client';
import type { StageMetrics } from '@newsflow/observability';
import { BulkUnavailableError, type OpenSearchAdapter } from './opensearch.adapter.js';

/** OpenSearch's answer when a node's write queue is full: the bulk item (or request) was rejected, not indexed. */
const REJECTED = 'es_rejected_execution_exception';

/**
 * Adds OpenSearch bulk figures to the index stage's /metrics: `newsflow_opensearch_bulk_seconds` (duration of each
 * `_bulk` request, by outcome) and `newsflow_opensearch_bulk_rejections_total` (items or whole requests OpenSearch
 * refused with 429 / rejected execution: back-pressure, the batch is retried). Wraps the adapter's sendBulk (one
 * request; a chunk may take several, sent concurrently), so the sum of the histogram over a time span divided by the
 * span is the mean number of requests in flight.
 */
export function instrumentBulk(adapter: OpenSearchAdapter, metrics: StageMetrics): OpenSearchAdapter {
  const registers = [metrics.registry];
  const seconds = new Histogram({
    name: 'newsflow_opensearch_bulk_seconds',
    help: 'Duration of the index stage _bulk requests to OpenSearch',
    labelNames: ['stage', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rejections = new Counter({
    name: 'newsflow_opensearch_bulk_rejections_total',
    help: 'Bulk items or whole requests OpenSearch rejected (429 / rejected execution), retried by the stage',
    labelNames: ['stage', 'scope'] as const,
    registers,
  });
  const sendBulk = adapter.sendBulk.bind(adapter);
  adapter.sendBulk = async (body) => {
    const end = seconds.startTimer({ stage: 'index' });
    try {
      const items = await sendBulk(body);
      const rejected = items.filter((i) => i.status === 429 || i.errorType === REJECTED).length;
      if (rejected > 0) rejections.inc({ stage: 'index', scope: 'item' }, rejected);
      end({ outcome: items.some((i) => i.status >= 300) ? 'partial' : 'ok' });
      return items;
    } catch (err) {
      if (err instanceof BulkUnavailableError && err.status === 429)
        rejections.inc({ stage: 'index', scope: 'request' });
      end({ outcome: 'failed' });
      throw err;
    }
  };
  return adapter;
}
