/**
 * promtool unit tests of infra/prometheus/alerts.yml, written compactly: synthetic input series and, at given
 * times, which alerts fire with which labels. generate.ts turns them into infra/prometheus/alerts.test.yml (adding
 * each alert's severity and annotations from alerts.yml); `promtool test rules` evaluates them for real.
 * Series values use promtool's notation: `a+bxN` is a, a+b, ... (N+1 samples), one per `interval`.
 */
export interface AlertTest {
  name: string;
  alert: string;
  interval?: string;
  series: Array<[series: string, values: string]>;
  checks: Array<{ at: string; firing: Array<Record<string, string>> }>;
}

const lag = (stage: string, partition = 0) =>
  `newsflow_pipeline_consumer_lag{stage="${stage}",group="newsflow-${stage}",topic="t-${stage}",partition="${partition}"}`;

export const ALERT_TESTS: AlertTest[] = [
  {
    name: 'lag that keeps growing fires after 5 minutes; a constant lag does not',
    alert: 'NewsflowConsumerLagGrowing',
    series: [
      [lag('classify', 0), '0+10x30'],
      [lag('classify', 1), '0+5x30'],
      [lag('index'), '50x30'],
    ],
    checks: [
      { at: '3m', firing: [] },
      { at: '15m', firing: [{ stage: 'classify' }] },
    ],
  },
  {
    name: 'a stage with lag whose committed offsets stop moving fires; one that progresses does not',
    alert: 'NewsflowStageNoProgress',
    series: [
      [lag('clean'), '5x20'],
      ['newsflow_pipeline_last_progress_timestamp_seconds{stage="clean"}', '0x20'],
      [lag('index'), '5x20'],
      // progress every minute: the timestamp is always "now"
      ['newsflow_pipeline_last_progress_timestamp_seconds{stage="index"}', '0+60x20'],
      // no lag: an idle stage is not stuck
      [lag('fetch'), '0x20'],
      ['newsflow_pipeline_last_progress_timestamp_seconds{stage="fetch"}', '0x20'],
    ],
    checks: [
      { at: '4m', firing: [] },
      { at: '10m', firing: [{ stage: 'clean' }] },
    ],
  },
  {
    name: 'half of what clean consumes dead-lettered for 10 minutes fires; a trickle at fetch does not',
    alert: 'NewsflowDeadLetterRateHigh',
    series: [
      ['newsflow_dead_letters_total{stage="clean",code="no_content"}', '0+30x40'],
      ['newsflow_messages_in_total{stage="clean",topic="raw"}', '0+60x40'],
      ['newsflow_dead_letters_total{stage="fetch",code="binary"}', '0+1x40'],
      ['newsflow_messages_in_total{stage="fetch",topic="ingest"}', '0+600x40'],
    ],
    checks: [
      { at: '5m', firing: [] },
      { at: '30m', firing: [{ stage: 'clean' }] },
    ],
  },
  {
    name: 'a stage the gateway sees down for a minute fires',
    alert: 'NewsflowStageDown',
    series: [
      ['newsflow_pipeline_stage_status{stage="index",status="down"}', '0 0 1 1 1 1 1'],
      ['newsflow_pipeline_stage_status{stage="index",status="up"}', '1 1 0 0 0 0 0'],
      ['newsflow_pipeline_stage_status{stage="clean",status="down"}', '0x6'],
    ],
    checks: [
      { at: '2m', firing: [] },
      { at: '5m', firing: [{ stage: 'index', status: 'down' }] },
    ],
  },
  {
    name: 'a stage stalled for 5 minutes fires with its state',
    alert: 'NewsflowStageNotUp',
    series: [
      ['newsflow_pipeline_stage_status{stage="classify",status="stalled"}', '1x10'],
      ['newsflow_pipeline_stage_status{stage="classify",status="blocked"}', '0x10'],
      ['newsflow_pipeline_stage_status{stage="index",status="blocked"}', '1 1 0 0 0 0 0 0 0 0 0'],
    ],
    checks: [
      { at: '3m', firing: [] },
      { at: '8m', firing: [{ stage: 'classify', status: 'stalled' }] },
    ],
  },
  {
    name: 'a newsflow target that stops answering scrapes fires; other jobs are ignored',
    alert: 'NewsflowTargetDown',
    series: [
      ['up{job="newsflow-fetch",instance="127.0.0.1:3001"}', '1 1 0 0 0 0'],
      ['up{job="newsflow-gateway",instance="127.0.0.1:3000"}', '1x5'],
      ['up{job="node",instance="127.0.0.1:9100"}', '0x5'],
    ],
    checks: [{ at: '4m', firing: [{ job: 'newsflow-fetch', instance: '127.0.0.1:3001' }] }],
  },
  {
    name: 'a server the gateway cannot reach for a minute fires',
    alert: 'NewsflowServerDown',
    series: [
      ['newsflow_server_up{server="redis"}', '1 0 0 0 0'],
      ['newsflow_server_up{server="kafka"}', '1x4'],
    ],
    checks: [{ at: '3m', firing: [{ server: 'redis' }] }],
  },
  {
    name: 'p99 ingest-to-indexed latency near 5 s for 10 minutes fires',
    alert: 'NewsflowEndToEndLatencyHigh',
    series: [
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="1"}', '0+10x30'],
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="5"}', '0+100x30'],
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="+Inf"}', '0+100x30'],
      // another stage's histogram is not the end-to-end figure
      ['newsflow_end_to_end_seconds_bucket{stage="clean",le="1"}', '0+100x30'],
      ['newsflow_end_to_end_seconds_bucket{stage="clean",le="+Inf"}', '0+100x30'],
    ],
    checks: [
      { at: '5m', firing: [] },
      { at: '20m', firing: [{}] },
    ],
  },
  {
    name: 'p99 latency under the target does not fire',
    alert: 'NewsflowEndToEndLatencyHigh',
    series: [
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="1"}', '0+100x30'],
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="5"}', '0+100x30'],
      ['newsflow_end_to_end_seconds_bucket{stage="index",le="+Inf"}', '0+100x30'],
    ],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    name: 'OpenSearch yellow (or silent) for 5 minutes fires',
    alert: 'NewsflowOpenSearchNotGreen',
    series: [
      ['newsflow_opensearch_cluster_status{status="green"}', '1 1 0 0 0 0 0 0 0 0'],
      ['newsflow_opensearch_cluster_status{status="yellow"}', '0 0 1 1 1 1 1 1 1 1'],
    ],
    checks: [
      { at: '4m', firing: [] },
      { at: '9m', firing: [{ status: 'green' }] },
    ],
  },
  {
    name: 'the share of dumps yielding no article tripling from 10 % fires after 15 minutes',
    alert: 'NewsflowEmptyDumpShareDoubled',
    interval: '5m',
    series: [['newsflow_quality_empty_dump_share', '0.1x96 0.3x12']],
    checks: [
      { at: '8h10m', firing: [] },
      { at: '8h40m', firing: [{}] },
    ],
  },
  {
    name: 'a share that stays high without changing does not fire',
    alert: 'NewsflowEmptyDumpShareDoubled',
    interval: '5m',
    series: [['newsflow_quality_empty_dump_share', '0.3x108']],
    checks: [{ at: '8h40m', firing: [] }],
  },
];
