import { describe, expect, it } from 'vitest';
import { StageMetrics } from './metrics.js';

/** `# TYPE` of every metric in a Prometheus text exposition. */
function typesOf(exposition: string): Record<string, string> {
  return Object.fromEntries(
    [...exposition.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

describe('StageMetrics', () => {
  it('exposes the stage metrics the dashboards and alerts query, each with its type', async () => {
    expect(typesOf(await new StageMetrics('clean').render())).toMatchObject({
      newsflow_messages_in_total: 'counter',
      newsflow_messages_out_total: 'counter',
      newsflow_messages_failed_total: 'counter',
      newsflow_dead_letters_total: 'counter',
      newsflow_retries_total: 'counter',
      newsflow_processing_seconds: 'histogram',
      newsflow_batch_size: 'histogram',
      newsflow_end_to_end_seconds: 'histogram',
      newsflow_in_flight: 'gauge',
      newsflow_stage_status: 'gauge',
      newsflow_consumer_lag: 'gauge',
      newsflow_consumer_committed_offset: 'gauge',
      newsflow_topic_end_offset: 'gauge',
      newsflow_stage_last_progress_timestamp_seconds: 'gauge',
      newsflow_consumer_restarts_total: 'counter',
      // the process metrics carry the same prefix
      newsflow_process_cpu_seconds_total: 'counter',
    });
  });

  it("labels each series with its own labels and the service's name", async () => {
    const m = new StageMetrics('index');
    m.consumerLag.set({ stage: 'index', group: 'g', topic: 't', partition: '0' }, 5);
    m.deadLetters.inc({ stage: 'index', code: 'mapping' });
    const text = await m.render();
    expect(text).toContain(
      'newsflow_consumer_lag{stage="index",group="g",topic="t",partition="0",service="index"} 5',
    );
    expect(text).toContain('newsflow_dead_letters_total{stage="index",code="mapping",service="index"} 1');
  });

  it('buckets processing time from half a millisecond and end-to-end time up to a minute', async () => {
    const m = new StageMetrics('classify');
    m.processingSeconds.observe({ stage: 'classify' }, 0.003);
    m.endToEndSeconds.observe({ stage: 'classify' }, 45);
    m.batchSize.observe({ stage: 'classify' }, 7);
    const text = await m.render();
    const le = (metric: string) =>
      [...text.matchAll(new RegExp(`^${metric}_bucket\\{le="([^"]+)"`, 'gm'))].map((x) => x[1]);
    expect(le('newsflow_processing_seconds')).toEqual([
      '0.0005',
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '+Inf',
    ]);
    expect(le('newsflow_batch_size')).toEqual([
      '1',
      '2',
      '5',
      '10',
      '25',
      '50',
      '100',
      '250',
      '500',
      '1000',
      '+Inf',
    ]);
    expect(le('newsflow_end_to_end_seconds')).toEqual([
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2',
      '5',
      '10',
      '30',
      '60',
      '+Inf',
    ]);
  });
});
