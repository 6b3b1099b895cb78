import { describe, expect, it } from 'vitest';
import { StageMetrics } from '@newsflow/observability';
import { instrumentBulk } from './bulk-metrics.js';
import { BulkUnavailableError, OpenSearchAdapter, type BulkItemResult } from './opensearch.adapter.js';

function adapterAnswering(answers: Array<BulkItemResult[] | Error>): OpenSearchAdapter {
  const a = new OpenSearchAdapter('http://127.0.0.1:9', 'test-alias');
  a.sendBulk = () => {
    const next = answers.shift();
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? []);
  };
  return a;
}

describe('instrumentBulk', () => {
  it('times each bulk request by outcome and counts rejected items and requests', async () => {
    const metrics = new StageMetrics('index');
    const a = instrumentBulk(
      adapterAnswering([
        [{ id: 'a', status: 201, result: 'created' }],
        [
          { id: 'b', status: 201, result: 'created' },
          { id: 'c', status: 429, errorType: 'es_rejected_execution_exception' },
        ],
        new BulkUnavailableError('bulk request failed: Too Many Requests', 429),
      ]),
      metrics,
    );
    await a.sendBulk('');
    await a.sendBulk('');
    await expect(a.sendBulk('')).rejects.toThrow('Too Many Requests');
    const text = await metrics.render();
    expect(text).toMatch(/newsflow_opensearch_bulk_seconds_count\{[^}]*outcome="ok"[^}]*\} 1/);
    expect(text).toMatch(/newsflow_opensearch_bulk_seconds_count\{[^}]*outcome="partial"[^}]*\} 1/);
    expect(text).toMatch(/newsflow_opensearch_bulk_seconds_count\{[^}]*outcome="failed"[^}]*\} 1/);
    expect(text).toMatch(/newsflow_opensearch_bulk_rejections_total\{[^}]*scope="item"[^}]*\} 1/);
    expect(text).toMatch(/newsflow_opensearch_bulk_rejections_total\{[^}]*scope="request"[^}]*\} 1/);
  });
});
