/**
 * The cost of replication on the cluster profile, measured in one run, alternating rounds so that the machine's
 * changing load falls on both sides alike:
 *  - Kafka: the same producer (acks=-1, idempotent, like the services) sends the same messages to a topic with
 *    replication factor 1 and to one with replication factor 3 and min.insync.replicas 2 (and, optional, to the
 *    single-node stack as a same-run baseline);
 *  - OpenSearch: the same article documents (the index's own mapping and settings, ~3 KB BBC texts with a seeded
 *    fake enrichment) `_bulk`-indexed into an index with 0 replicas and one with 1 replica, as many primaries as
 *    the cluster profile gives the articles index (one per node). Every round uses new ids (inserts, not updates).
 * Per round: wall time and the CPU seconds of the cluster's Kafka (resp. OpenSearch) node processes, from
 * /proc/<pid>/stat. On a shared machine the CPU ratio is the steadier figure. Prints one line per round and per
 * target (stderr), a summary (stdout) and one JSON line (stdout, last). Deletes its topics and indices.
 *
 *   npx tsx test/cluster/replication-cost.ts [--messages 20000] [--rounds 3] [--bytes 2000] [--single 127.0.0.1:9092]
 *       [--docs 5000] [--bulk 500] [--os-rounds 3] [--skip-kafka] [--skip-opensearch]
 *
 * The cluster must be up (`npx newsflow infra up --cluster`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { articleMappings, articleSettings, toArticleDocument, type ArticleDocument } from '@newsflow/search';
import { SOURCES, bodyOf, enrichedArticle, loadCorpus, weighted } from '../bench/support/corpus.js';
import { cpuSecondsOf } from '../bench/support/process-stats.js';
import { seededRandom } from '../support/seeded-random.js';
import { ClusterHandle } from './support/cluster-handle.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    bytes: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '200' },
    single: { type: 'string' },
    docs: { type: 'string', default: '5000' },
    bulk: { type: 'string', default: '500' },
    'os-rounds': { type: 'string' },
    'skip-kafka': { type: 'boolean', default: false },
    'skip-opensearch': { type: 'boolean', default: false },
    'idle-s': { type: 'string', default: '15' },
  },
});
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const DOCS = Number(values.docs);
const BULK = Number(values.bulk);
const IDLE_S = Number(values['idle-s']);
const OS_ROUNDS = Number(values['os-rounds'] ?? values.rounds);
const payload = randomBytes(Number(values.bytes) / 2).toString('hex');
const run = `nf-repl-${Date.now().toString(36)}`;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const cluster = new ClusterHandle(log);

/** CPU seconds used so far by the cluster's nodes whose name starts with `what` (kafka-, opensearch-). */
function nodesCpu(what: 'kafka' | 'opensearch'): number {
  const pids = Object.entries(cluster.serverPids()).filter(([name]) => name.startsWith(`${what}-`));
  if (pids.length !== cluster.config.cluster.size)
    throw new Error(`expected ${cluster.config.cluster.size} running ${what} nodes, found ${pids.length}`);
  return pids.reduce((s, [, pid]) => s + (cpuSecondsOf(pid) ?? NaN), 0);
}

/**
 * CPU cores the engine's nodes burn with nothing sent (heartbeats, replica fetch polling, cluster state, GC), measured
 * over `seconds` before its rounds: each round's CPU is also given net of this rate times its wall time.
 */
async function idleCores(what: 'kafka' | 'opensearch', seconds: number): Promise<number> {
  const c0 = nodesCpu(what);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cores = (nodesCpu(what) - c0) / ((Date.now() - t0) / 1000);
  log(`${what} nodes idle: ${cores.toFixed(3)} cores over ${seconds} s`);
  return cores;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Side {
  name: string;
  seconds: number[];
  /** CPU seconds of the cluster's nodes of that engine per round (absent for the single-node baseline). */
  cpu: number[];
  /** `cpu` minus the engine's idle rate times the round's wall time. */
  cpuNet: number[];
}

const summary = (s: Side, units: number) => ({
  name: s.name,
  seconds: s.seconds.map(r2),
  cpuSeconds: s.cpu.map(r2),
  medianSeconds: r2(median(s.seconds)),
  medianCpuSeconds: r2(median(s.cpu)),
  cpuNetSeconds: s.cpuNet.map(r2),
  medianCpuNetSeconds: r2(median(s.cpuNet)),
  perSecond: Math.round(units / median(s.seconds)),
});

/** The ratio of b to a per round, and of their medians. */
const ratios = (a: number[], b: number[]) => ({
  rounds: a.map((x, i) => r2((b[i] ?? NaN) / x)),
  ofMedians: r2(median(b) / median(a)),
});

interface KafkaTarget extends Side {
  kafka: Kafka;
  topic: string;
  rf: number;
  minIsr: number;
  onCluster: boolean;
  producer?: Producer;
}

const kafkaFor = (brokers: string[]) =>
  new Kafka({ clientId: run, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });

async function kafkaCost() {
  const clusterKafka = kafkaFor(cluster.brokers);
  const targets: KafkaTarget[] = [
    {
      name: 'cluster RF1',
      kafka: clusterKafka,
      topic: `${run}.rf1`,
      rf: 1,
      minIsr: 1,
      onCluster: true,
      seconds: [],
      cpu: [],
      cpuNet: [],
    },
    {
      name: 'cluster RF3 minISR2',
      kafka: clusterKafka,
      topic: `${run}.rf3`,
      rf: 3,
      minIsr: 2,
      onCluster: true,
      seconds: [],
      cpu: [],
      cpuNet: [],
    },
  ];
  if (values.single)
    targets.push({
      name: 'single node RF1',
      kafka: kafkaFor([values.single]),
      topic: `${run}.single`,
      rf: 1,
      minIsr: 1,
      onCluster: false,
      seconds: [],
      cpu: [],
      cpuNet: [],
    });
  for (const t of targets) {
    const admin = t.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: t.topic,
          numPartitions: 6,
          replicationFactor: t.rf,
          configEntries: [{ name: 'min.insync.replicas', value: String(t.minIsr) }],
        },
      ],
    });
    await admin.disconnect();
    t.producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
    await t.producer.connect();
  }
  const idle = await idleCores('kafka', IDLE_S);
  try {
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const t of targets) {
        const cpu0 = t.onCluster ? nodesCpu('kafka') : NaN;
        const t0 = process.hrtime.bigint();
        const inFlight: Promise<unknown>[] = [];
        for (let i = 0; i < MESSAGES; i += BATCH) {
          const messages = Array.from({ length: Math.min(BATCH, MESSAGES - i) }, (_, j) => ({
            key: `k${r}-${i + j}`,
            value: payload,
          }));
          inFlight.push(t.producer!.send({ topic: t.topic, acks: -1, messages }));
          if (inFlight.length >= 5) await inFlight.shift();
        }
        await Promise.all(inFlight);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        t.seconds.push(s);
        if (t.onCluster) {
          t.cpu.push(nodesCpu('kafka') - cpu0);
          t.cpuNet.push(nodesCpu('kafka') - cpu0 - idle * s);
        }
        log(
          `kafka round ${r + 1} ${t.name}: ${MESSAGES} x ${values.bytes} B in ${s.toFixed(2)} s (${(MESSAGES / s).toFixed(0)}/s)` +
            (t.onCluster
              ? `, brokers ${t.cpu.at(-1)?.toFixed(2)} CPU s (${t.cpuNet.at(-1)?.toFixed(2)} net of idle)`
              : ''),
        );
      }
    }
  } finally {
    for (const t of targets) {
      await t.producer?.disconnect();
      const admin = t.kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [t.topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }
  const [rf1, rf3] = targets;
  return {
    messages: MESSAGES,
    bytes: Number(values.bytes),
    rounds: ROUNDS,
    targets: targets.map((t) => summary(t, MESSAGES)),
    rf3VsRf1Wall: ratios(rf1!.seconds, rf3!.seconds),
    rf3VsRf1BrokerCpu: ratios(rf1!.cpu, rf3!.cpu),
    rf3VsRf1BrokerCpuNet: ratios(rf1!.cpuNet, rf3!.cpuNet),
    idleCores: r2(idle),
  };
}

/** `docs` article documents per round, new ids each round. */
function documents(round: number): ArticleDocument[] {
  const corpus = loadCorpus();
  const r = seededRandom(7 + round);
  const indexedAt = new Date();
  return Array.from({ length: DOCS }, (_, i) => {
    const base = corpus.articles[i % corpus.articles.length];
    return toArticleDocument(
      enrichedArticle({
        id: createHash('sha256').update(`${run}/${round}/${i}`).digest('hex').slice(0, 32),
        dumpId: `${run}-dump`,
        title: base?.title ?? `Article ${i}`,
        body: bodyOf(corpus, i, 3000),
        category: base?.category ?? 'business',
        source: weighted(SOURCES, r),
        publishedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 700 * 86_400_000)).toISOString(),
        r,
      }),
      indexedAt,
    );
  });
}

async function os(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  ndjson = false,
): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : ndjson ? (body as string) : JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Bulk-indexes docs sequentially in batches of BULK; returns the number of failed items. */
async function bulk(url: string, index: string, docs: readonly ArticleDocument[]): Promise<number> {
  let failed = 0;
  for (let i = 0; i < docs.length; i += BULK) {
    const lines = docs
      .slice(i, i + BULK)
      .flatMap((d) => [JSON.stringify({ index: { _index: index, _id: d.id } }), JSON.stringify(d)]);
    const res = (await os(url, 'POST', '/_bulk', `${lines.join('\n')}\n`, true)) as {
      errors: boolean;
      items: Array<Record<string, { status: number }>>;
    };
    if (res.errors) failed += res.items.filter((it) => (Object.values(it)[0]?.status ?? 500) >= 300).length;
  }
  return failed;
}

async function opensearchCost() {
  const url = await cluster.liveOpensearchUrl();
  const shards = cluster.config.cluster.indexShards;
  const sides = [0, 1].map((replicas) => ({
    name: `${shards} primaries, replicas ${replicas}`,
    index: `${run}-r${replicas}`,
    replicas,
    seconds: [] as number[],
    cpu: [] as number[],
    cpuNet: [] as number[],
  }));
  let idle = NaN;
  const docBytes = documents(0).reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d)), 0);
  try {
    for (const s of sides)
      await os(url, 'PUT', `/${s.index}`, {
        settings: { ...articleSettings, number_of_shards: shards, number_of_replicas: s.replicas },
        mappings: articleMappings,
      });
    await os(
      url,
      'GET',
      `/_cluster/health/${sides.map((s) => s.index).join(',')}?wait_for_status=green&timeout=120s`,
    );
    // warm-up (JIT, first segments), not measured
    const warm = documents(-1).slice(0, Math.min(1000, DOCS));
    for (const s of sides) await bulk(url, s.index, warm);
    idle = await idleCores('opensearch', IDLE_S);
    let failed = 0;
    for (let r = 0; r < OS_ROUNDS; r += 1) {
      const docs = documents(r);
      for (const s of r % 2 === 0 ? sides : [...sides].reverse()) {
        const cpu0 = nodesCpu('opensearch');
        const t0 = process.hrtime.bigint();
        failed += await bulk(url, s.index, docs);
        const secs = Number(process.hrtime.bigint() - t0) / 1e9;
        s.seconds.push(secs);
        const used = nodesCpu('opensearch') - cpu0;
        s.cpu.push(used);
        s.cpuNet.push(used - idle * secs);
        log(
          `opensearch round ${r + 1} ${s.name}: ${DOCS} docs in ${secs.toFixed(2)} s (${(DOCS / secs).toFixed(0)}/s), ` +
            `nodes ${s.cpu.at(-1)?.toFixed(2)} CPU s (${s.cpuNet.at(-1)?.toFixed(2)} net of idle)`,
        );
      }
    }
    if (failed > 0) throw new Error(`${failed} bulk items failed`);
  } finally {
    for (const s of sides) await os(url, 'DELETE', `/${s.index}`).catch(() => undefined);
  }
  const [r0, r1] = sides;
  return {
    docs: DOCS,
    bulk: BULK,
    avgDocBytes: Math.round(docBytes / DOCS),
    rounds: OS_ROUNDS,
    targets: sides.map((s) => summary(s, DOCS)),
    replica1VsReplica0Wall: ratios(r0!.seconds, r1!.seconds),
    replica1VsReplica0NodeCpu: ratios(r0!.cpu, r1!.cpu),
    replica1VsReplica0NodeCpuNet: ratios(r0!.cpuNet, r1!.cpuNet),
    idleCores: r2(idle),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadavgBefore = loadavg().map(r2);
  const kafka = values['skip-kafka'] ? undefined : await kafkaCost();
  const opensearch = values['skip-opensearch'] ? undefined : await opensearchCost();
  const lines: string[] = [];
  if (kafka) {
    for (const t of kafka.targets)
      lines.push(
        `kafka ${t.name}: median ${t.medianSeconds} s, ${t.perSecond} msg/s, brokers median ${t.medianCpuSeconds} CPU s`,
      );
    lines.push(
      `kafka RF3/RF1: wall ${kafka.rf3VsRf1Wall.ofMedians}x (rounds ${kafka.rf3VsRf1Wall.rounds.join(', ')}), ` +
        `broker CPU ${kafka.rf3VsRf1BrokerCpu.ofMedians}x (rounds ${kafka.rf3VsRf1BrokerCpu.rounds.join(', ')}), ` +
        `net of idle ${kafka.rf3VsRf1BrokerCpuNet.ofMedians}x (rounds ${kafka.rf3VsRf1BrokerCpuNet.rounds.join(', ')})`,
    );
  }
  if (opensearch) {
    for (const t of opensearch.targets)
      lines.push(
        `opensearch ${t.name}: median ${t.medianSeconds} s, ${t.perSecond} docs/s, nodes median ${t.medianCpuSeconds} CPU s`,
      );
    lines.push(
      `opensearch replicas 1/0: wall ${opensearch.replica1VsReplica0Wall.ofMedians}x (rounds ${opensearch.replica1VsReplica0Wall.rounds.join(', ')}), ` +
        `node CPU ${opensearch.replica1VsReplica0NodeCpu.ofMedians}x (rounds ${opensearch.replica1VsReplica0NodeCpu.rounds.join(', ')}), ` +
        `net of idle ${opensearch.replica1VsReplica0NodeCpuNet.ofMedians}x (rounds ${opensearch.replica1VsReplica0NodeCpuNet.rounds.join(', ')})`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const result = {
    bench: 'replication-cost',
    command: `npx tsx test/cluster/replication-cost.ts ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt,
    endedAt: new Date().toISOString(),
    loadavgBefore,
    loadavgAfter: loadavg().map(r2),
    kafka,
    opensearch,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
