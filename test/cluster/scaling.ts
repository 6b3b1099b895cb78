/**
 * Scale-out on the cluster profile: the four stages with N instances each (N = 1, 2, 3 by default, one run per N,
 * each on its own prefix), started as `npm start -- --instances N` starts them (startServices, instance i of a stage
 * on its port + 100·i), a fixed load of NDJSON dumps pushed as fast as possible, every `news.indexed.v1`
 * confirmation awaited. Per N it reports:
 *  - articles/s from the first push to the last confirmation;
 *  - CPU ms per article over every process (each stage instance, the 3 Kafka and 3 OpenSearch nodes, Redis and this
 *    process), from /proc/<pid>/stat, gross and net of the idle CPU those processes burn while nothing flows
 *    (measured for --idle-s seconds before the load: N idle consumers poll, and slow runs would otherwise carry
 *    more idle time per article);
 *  - per stage instance: its partitions (from its /health) and its share of the records the stage consumed (from
 *    its /metrics `newsflow_messages_in_total`; fetch consumes dumps, the other stages articles).
 * Progress goes to stderr; stdout gets one JSON line. Not part of any test run.
 *
 *   npm run bench:scaling [-- --articles 3000 --instances 1,2,3 --dump-size 20 --idle-s 20 --no-build --keep-up]
 *
 * Brings the cluster up when it is not (`npx newsflow infra up --cluster`) and down again at the end if this command
 * started it (--keep-up leaves it up); a cluster that was already up is reused and left up. With
 * NEWSFLOW_CLUSTER_SECURE=1 the stages and the benchmark's own clients use the cluster's SASL_SSL listener (the
 * variables `infra up --cluster` prints). Build first or let it build (`--no-build` skips the build).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import {
  DLQ_TOPIC,
  INDEXED_TOPIC,
  INGEST_TOPIC,
  STAGE_NAMES,
  STAGES,
  TOPIC_DEFAULTS,
  indexedConfirmationSchema,
  prefixed,
  type StageName,
} from '@newsflow/contracts';
import { connectionSecurityFromEnv } from '@newsflow/messaging';
import { articlesAliasFor } from '@newsflow/search';
import {
  startServices,
  stopServices,
  type RunningService,
} from '../../libs/cli/src/pipeline/services.adapter.js';
import { dumpMessage, makeArticle, type BenchArticle, type RunTags } from '../bench/bench-pipeline.js';
import {
  benchPrefix,
  cleanupPrefix,
  deleteTopicsAndGroups,
  type BenchEndpoints,
} from '../bench/support/bench-env.js';
import { loadCorpus } from '../bench/support/corpus.js';
import { cpuSecondsOf } from '../bench/support/process-stats.js';
import { runMain } from '../bench/support/run-main.js';
import { ScriptArgs } from '../support/script-args.js';
import { seededRandom } from '../support/seeded-random.js';
import { ClusterHandle } from './support/cluster-handle.js';

const root = resolve(__dirname, '../..');
const log = (line: string): void =>
  void process.stderr.write(`[scaling ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Base ports of the stages' first instances (below the ephemeral range, apart from the cluster suite's 4610+). */
const BASE_PORT = 4710;
const stagePorts = Object.fromEntries(STAGE_NAMES.map((n, k) => [n, BASE_PORT + k])) as Record<
  StageName,
  number
>;

interface Options {
  articles: number;
  instances: number[];
  dumpSize: number;
  bodyChars: number;
  idleS: number;
  timeoutS: number;
  build: boolean;
  keepUp: boolean;
}

function options(): Options {
  const args = new ScriptArgs(process.argv.slice(2), { flags: ['no-build', 'keep-up'] });
  args.allowOnly([
    'articles',
    'instances',
    'dump-size',
    'body-chars',
    'idle-s',
    'timeout-s',
    'no-build',
    'keep-up',
  ]);
  const instances = args
    .string('instances', '1,2,3')
    .split(',')
    .map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 1 || n > 6)
        throw new Error(`--instances expects 1..6 (comma-separated), got "${x}"`);
      return n;
    });
  return {
    articles: Math.round(args.number('articles', 3000)),
    instances,
    dumpSize: Math.round(args.number('dump-size', 20)),
    bodyChars: Math.round(args.number('body-chars', 3000)),
    idleS: args.number('idle-s', 20),
    timeoutS: args.number('timeout-s', 1200),
    build: !args.flag('no-build'),
    keepUp: args.flag('keep-up'),
  };
}

/** CPU seconds of each named process so far (NaN for a process that is gone). */
function cpuNow(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSecondsOf(pid) ?? NaN]));
}

const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.keys(a).map((k) => [k, (b[k] ?? NaN) - (a[k] ?? NaN)]));

const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Process key of a stage instance: `clean#0`, `clean#1`, ... */
const key = (s: Pick<RunningService, 'name' | 'instance'>) => `${s.name}#${s.instance}`;

interface ConsumerView {
  assigned: number[];
  restarts: number;
}

/** A stage instance's consumer as its /health tells it (a process starved by the machine's load gets 3 tries). */
async function consumerOf(port: number): Promise<ConsumerView | undefined> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(15_000) });
      const body = (await res.json()) as { consumer?: { assigned?: number[]; restarts?: number } };
      if (body.consumer?.assigned)
        return { assigned: body.consumer.assigned, restarts: body.consumer.restarts ?? 0 };
    } catch {
      // next try
    }
  }
  return undefined;
}

/**
 * Records a stage instance has consumed (`newsflow_messages_in_total`, every topic) from its /metrics. A classify busy
 * with a chunk on a starved machine can take longer than bench-pipeline's 5 s scrape: 30 s and 3 tries here.
 */
async function recordsIn(port: number): Promise<number | undefined> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      return sum(
        text
          .split('\n')
          .filter((l) => /^newsflow_messages_in_total[{\s]/.test(l))
          .map((l) => Number(l.trim().split(/\s+/).at(-1))),
      );
    } catch {
      // next try
    }
  }
  return undefined;
}

/** The consumer of every stage instance, by process key. */
async function consumers(
  services: readonly RunningService[],
): Promise<Record<string, ConsumerView | undefined>> {
  return Object.fromEntries(
    await Promise.all(services.map(async (s) => [key(s), await consumerOf(s.port)] as const)),
  );
}

/** Partitions per instance of every stage, by process key. */
async function assignments(
  services: readonly RunningService[],
): Promise<Record<string, number[] | undefined>> {
  const c = await consumers(services);
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v?.assigned]));
}

/** True when every stage's partitions are all held, by distinct instances, and no instance that could hold one is idle. */
function balanced(
  services: readonly RunningService[],
  a: Record<string, number[] | undefined>,
  partitions: number,
) {
  return STAGE_NAMES.every((stage) => {
    const mine = services.filter((s) => s.name === stage).map((s) => a[key(s)]);
    if (mine.some((x) => x === undefined)) return false;
    const held = mine.flatMap((x) => x ?? []);
    const busy = mine.filter((x) => (x?.length ?? 0) > 0).length;
    return (
      new Set(held).size === partitions &&
      held.length === partitions &&
      busy === Math.min(mine.length, partitions)
    );
  });
}

interface InstanceFigures {
  instance: number;
  partitions: number[];
  records: number;
  share: number;
  /** Consumer replacements during the load: a member starved past its session re-reads what it had not committed. */
  consumerRestarts: number;
  cpuMsPerArticle: number;
}

interface RunFigures {
  instances: number;
  prefix: string;
  articles: number;
  indexed: number;
  deadLetters: number;
  timedOut: boolean;
  docsInIndex: number | undefined;
  seconds: number;
  articlesPerSec: number;
  /** CPU ms per article over every process, and net of what the same processes burned per second while idle. */
  cpuMsPerArticle: number;
  cpuMsPerArticleNet: number;
  /** The same, split: every stage (summed over its instances), Kafka nodes, OpenSearch nodes, Redis, this process. */
  cpuMsPerArticleBy: Record<string, number>;
  /** The four stages' processes only (every instance), gross and net of their idle CPU. */
  cpuMsPerArticleStages: number;
  cpuMsPerArticleStagesNet: number;
  idleCores: number;
  idleCoresBy: Record<string, number>;
  /** Per stage: each instance's partitions and share of the consumed records. */
  spread: Record<StageName, InstanceFigures[]>;
  rebalancedDuringLoad: boolean;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

/** Which group of processes a process key belongs to (a stage, kafka, opensearch, redis, bench). */
function groupOf(k: string): string {
  if (k.includes('#')) return k.slice(0, k.indexOf('#'));
  if (k.startsWith('kafka-')) return 'kafka';
  if (k.startsWith('opensearch-')) return 'opensearch';
  return k;
}

function byGroup(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[groupOf(k)] = (out[groupOf(k)] ?? 0) + v;
  return out;
}

async function runOnce(cluster: ClusterHandle, n: number, o: Options): Promise<RunFigures> {
  const prefix = benchPrefix(`scale${n}`);
  const ends: BenchEndpoints = {
    kafkaBrokers: cluster.brokers,
    opensearchUrl: await cluster.liveOpensearchUrl(),
    redisUrl: cluster.redisUrl,
  };
  // the cluster's own client settings: SASL_SSL with NEWSFLOW_CLUSTER_SECURE=1, plain otherwise
  const kafka = new Kafka({
    clientId: `${prefix}-bench`,
    brokers: cluster.brokers,
    ...connectionSecurityFromEnv(cluster.clientEnv).kafka,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8 },
  });
  const logDir = join(root, '.newsflow', 'cluster-bench', 'logs', prefix);
  let services: RunningService[] = [];
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  try {
    log(`N=${n}: starting ${n} instance(s) of each stage under ${prefix} (logs ${logDir})`);
    const t0 = Date.now();
    services = await startServices({
      repoRoot: root,
      logDir,
      env: { ...process.env, ...cluster.clientEnv, NEWSFLOW_PREFIX: prefix, LOG_LEVEL: 'warn' },
      ports: stagePorts,
      only: STAGE_NAMES,
      instances: n,
      healthTimeoutMs: 600_000,
    });
    log(
      `N=${n}: ${services.length} processes answer /health after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    const partitions = Number(process.env.NEWSFLOW_TOPIC_PARTITIONS || TOPIC_DEFAULTS.partitions);
    const joined = await cluster.until(
      async () => balanced(services, await assignments(services), partitions),
      300_000,
    );
    if (!joined)
      throw new Error(
        `N=${n}: the consumer groups did not settle: ${JSON.stringify(await assignments(services))}`,
      );

    const confirmed = new Map<string, number>();
    let deadLetters = 0;
    consumer = kafka.consumer({ groupId: `${prefix}.bench-follow`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({
      topics: [prefixed(prefix, INDEXED_TOPIC), prefixed(prefix, DLQ_TOPIC)],
      fromBeginning: true,
    });
    await consumer.run({
      eachBatch: ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          if (!m.value) continue;
          if (batch.topic.endsWith(DLQ_TOPIC)) deadLetters += 1;
          else {
            const c = indexedConfirmationSchema.parse(JSON.parse(m.value.toString('utf8')));
            if (!confirmed.has(c.id)) confirmed.set(c.id, now);
          }
        }
        return Promise.resolve();
      },
    });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const topic = prefixed(prefix, INGEST_TOPIC);
    const corpus = loadCorpus();
    const r = seededRandom(42);
    const tags: RunTags = { prefix, runTag: prefix.slice(-4), bodyChars: o.bodyChars };
    let next = 0;
    const make = (count: number) => Array.from({ length: count }, () => makeArticle(corpus, next++, r, tags));
    const push = async (articles: BenchArticle[], label: string, dumpSize = o.dumpSize) => {
      const dumps: BenchArticle[][] = [];
      for (let i = 0; i < articles.length; i += dumpSize) dumps.push(articles.slice(i, i + dumpSize));
      for (let i = 0; i < dumps.length; i += 10) {
        const at = Date.now();
        await producer!.send({
          topic,
          acks: -1,
          messages: dumps.slice(i, i + 10).map((d, j) => dumpMessage(`${prefix}-${label}${i + j}`, d, at)),
        });
      }
    };
    const waitFor = async (ids: string[], deadBefore: number, timeoutMs: number, label: string) => {
      const deadline = Date.now() + timeoutMs;
      let lastLog = Date.now();
      for (;;) {
        const done = ids.filter((id) => confirmed.has(id)).length;
        const dead = deadLetters - deadBefore;
        if (done + dead >= ids.length) return { done, dead, timedOut: false };
        if (Date.now() > deadline) return { done, dead, timedOut: true };
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          log(`N=${n} ${label}: ${done}/${ids.length} indexed, ${dead} dead letters`);
        }
        await sleep(200);
      }
    };

    // warm-up: dumps spread over the ingest partitions so that every instance of every stage has run its handler
    const warm = make(60);
    await push(warm, 'w', 5);
    const w = await waitFor(
      warm.map((a) => a.id),
      0,
      600_000,
      'warm-up',
    );
    if (w.timedOut) throw new Error(`N=${n}: warm-up did not complete (${w.done}/${warm.length})`);
    log(`N=${n}: warm-up ${w.done}/${warm.length} indexed`);

    const pids: Record<string, number> = {
      ...Object.fromEntries(services.map((s) => [key(s), s.pid])),
      ...cluster.serverPids(),
      bench: process.pid,
    };
    // idle: what the same processes burn per second with nothing flowing
    await sleep(3000);
    const idle0 = cpuNow(pids);
    const idleT0 = Date.now();
    await sleep(o.idleS * 1000);
    const idleCpu = diff(idle0, cpuNow(pids));
    const idleWall = (Date.now() - idleT0) / 1000;
    const idleCoresBy = Object.fromEntries(
      Object.entries(byGroup(idleCpu)).map(([k, v]) => [k, r3(v / idleWall)]),
    );
    const idleCores = sum(Object.values(idleCpu)) / idleWall;
    log(
      `N=${n}: idle ${idleCores.toFixed(2)} cores over ${idleWall.toFixed(0)} s ${JSON.stringify(idleCoresBy)}`,
    );

    const articles = make(o.articles);
    const consumersBefore = await consumers(services);
    const before = Object.fromEntries(Object.entries(consumersBefore).map(([k, v]) => [k, v?.assigned]));
    const metricsBefore = Object.fromEntries(
      await Promise.all(services.map(async (s) => [key(s), await recordsIn(s.port)] as const)),
    );
    const loadavgBefore = loadavg().map(r2);
    const deadBefore = deadLetters;
    const cpu0 = cpuNow(pids);
    const firstPush = Date.now();
    await push(articles, 'a');
    log(`N=${n}: pushed ${articles.length} articles in ${((Date.now() - firstPush) / 1000).toFixed(1)} s`);
    const res = await waitFor(
      articles.map((a) => a.id),
      deadBefore,
      o.timeoutS * 1000,
      'load',
    );
    const cpu = diff(cpu0, cpuNow(pids));
    const last = Math.max(...articles.map((a) => confirmed.get(a.id) ?? 0));
    const seconds = ((res.timedOut ? Date.now() : last) - firstPush) / 1000;
    const metricsAfter = Object.fromEntries(
      await Promise.all(services.map(async (s) => [key(s), await recordsIn(s.port)] as const)),
    );
    const consumersAfter = await consumers(services);
    const after = Object.fromEntries(Object.entries(consumersAfter).map(([k, v]) => [k, v?.assigned]));
    const loadavgAfter = loadavg().map(r2);
    const alias = articlesAliasFor(prefix);
    await fetch(`${ends.opensearchUrl}/${alias}/_refresh`, { method: 'POST' });
    const docsInIndex = (
      (await (await fetch(`${ends.opensearchUrl}/${alias}/_count`)).json()) as { count?: number }
    ).count;

    const count = Math.max(1, res.done);
    const perArticle = (cpuS: number) => r3((cpuS * 1000) / count);
    const total = sum(Object.values(cpu));
    const isStage = (k: string) => k.includes('#');
    const stagesCpu = sum(
      Object.entries(cpu)
        .filter(([k]) => isStage(k))
        .map(([, v]) => v),
    );
    const stagesIdleCores =
      sum(
        Object.entries(idleCpu)
          .filter(([k]) => isStage(k))
          .map(([, v]) => v),
      ) / idleWall;
    const spread = Object.fromEntries(
      STAGE_NAMES.map((stage) => {
        const mine = services.filter((s) => s.name === stage);
        const records = mine.map((s) => (metricsAfter[key(s)] ?? NaN) - (metricsBefore[key(s)] ?? NaN));
        const all = sum(records);
        return [
          stage,
          mine.map((s, i) => ({
            instance: s.instance,
            partitions: before[key(s)] ?? [],
            records: records[i] ?? NaN,
            share: r3((records[i] ?? NaN) / all),
            consumerRestarts:
              (consumersAfter[key(s)]?.restarts ?? NaN) - (consumersBefore[key(s)]?.restarts ?? NaN),
            cpuMsPerArticle: perArticle(cpu[key(s)] ?? NaN),
          })),
        ];
      }),
    ) as Record<StageName, InstanceFigures[]>;
    const rebalanced = services.some((s) => JSON.stringify(before[key(s)]) !== JSON.stringify(after[key(s)]));
    const figures: RunFigures = {
      instances: n,
      prefix,
      articles: articles.length,
      indexed: res.done,
      deadLetters: res.dead,
      timedOut: res.timedOut,
      docsInIndex,
      seconds: r2(seconds),
      articlesPerSec: r2(res.done / seconds),
      cpuMsPerArticle: perArticle(total),
      cpuMsPerArticleNet: perArticle(total - idleCores * seconds),
      cpuMsPerArticleStages: perArticle(stagesCpu),
      cpuMsPerArticleStagesNet: perArticle(stagesCpu - stagesIdleCores * seconds),
      cpuMsPerArticleBy: Object.fromEntries(Object.entries(byGroup(cpu)).map(([k, v]) => [k, perArticle(v)])),
      idleCores: r3(idleCores),
      idleCoresBy,
      spread,
      rebalancedDuringLoad: rebalanced,
      loadavgBefore,
      loadavgAfter,
    };
    log(
      `N=${n}: ${res.done}/${articles.length} indexed (${res.dead} dead letters, ${docsInIndex} docs) in ${seconds.toFixed(1)} s: ` +
        `${figures.articlesPerSec} articles/s, ${figures.cpuMsPerArticle} ms CPU/article (${figures.cpuMsPerArticleNet} net of idle; ` +
        `stages ${figures.cpuMsPerArticleStages}, net ${figures.cpuMsPerArticleStagesNet}) ` +
        `${JSON.stringify(figures.cpuMsPerArticleBy)}; load ${loadavgBefore.join(' ')} -> ${loadavgAfter.join(' ')}`,
    );
    for (const stage of STAGE_NAMES)
      log(
        `N=${n} ${stage} (${STAGES[stage].input}): ` +
          spread[stage]
            .map(
              (x) =>
                `#${x.instance} [${x.partitions.join(',')}] ${x.records} rec ${(x.share * 100).toFixed(0)}% (${x.consumerRestarts} restarts)`,
            )
            .join(' | '),
      );
    return figures;
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await stopServices(services, 20_000);
    if (cluster.config.cluster.secure)
      await deleteTopicsAndGroups(kafka, prefix).catch((err: unknown) =>
        log(`cleanup of ${prefix} on Kafka: ${(err as Error).message}`),
      );
    // on a secured cluster its Kafka part (a plain client) fails: the topics and groups are already gone
    const problems = (await cleanupPrefix(ends, prefix).catch((err: unknown) => [String(err)])).filter(
      (p) => !(cluster.config.cluster.secure && p.startsWith('kafka:')),
    );
    if (problems.length) log(`N=${n}: cleanup problems: ${problems.join('; ')}`);
  }
}

async function main(): Promise<void> {
  const o = options();
  if (o.build) {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const build = spawnSync(process.execPath, [tsc, '-b', join(root, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
    if (build.status !== 0)
      throw new Error('the build failed: the benchmark runs the built services (or pass --no-build)');
  }
  const cluster = new ClusterHandle(log);
  log(`clients: ${connectionSecurityFromEnv(cluster.clientEnv).summary}`);
  const startedAt = new Date().toISOString();
  const runs: RunFigures[] = [];
  try {
    await cluster.up();
    if (!(await cluster.until(async () => (await cluster.opensearchStatus()) === 'green', 300_000)))
      throw new Error(`OpenSearch cluster not green: ${await cluster.opensearchStatus()}`);
    for (const n of o.instances) {
      runs.push(await runOnce(cluster, n, o));
      await sleep(5000);
    }
  } finally {
    if (!o.keepUp) await cluster.downIfStarted();
  }
  const base = runs.find((x) => x.instances === 1) ?? runs[0];
  const result = {
    bench: 'scaling',
    command: `npm run bench:scaling -- ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt,
    endedAt: new Date().toISOString(),
    nproc: Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()),
    cluster: {
      kafkaNodes: cluster.config.cluster.kafka.length,
      opensearchNodes: cluster.config.cluster.opensearch.length,
      replicationFactor: cluster.config.cluster.replicationFactor,
      minInsyncReplicas: cluster.config.cluster.minInsyncReplicas,
      indexReplicas: cluster.config.cluster.indexReplicas,
      indexShards: cluster.config.cluster.indexShards,
      secure: cluster.config.cluster.secure,
    },
    options: { articles: o.articles, dumpSize: o.dumpSize, bodyChars: o.bodyChars, idleS: o.idleS },
    runs,
    /** Each run relative to the N=1 run of the same invocation. */
    ratios: runs.map((x) => ({
      instances: x.instances,
      articlesPerSec: base ? r2(x.articlesPerSec / base.articlesPerSec) : NaN,
      cpuMsPerArticle: base ? r2(x.cpuMsPerArticle / base.cpuMsPerArticle) : NaN,
      cpuMsPerArticleNet: base ? r2(x.cpuMsPerArticleNet / base.cpuMsPerArticleNet) : NaN,
      cpuMsPerArticleStages: base ? r2(x.cpuMsPerArticleStages / base.cpuMsPerArticleStages) : NaN,
      cpuMsPerArticleStagesNet: base ? r2(x.cpuMsPerArticleStagesNet / base.cpuMsPerArticleStagesNet) : NaN,
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

runMain(main);
