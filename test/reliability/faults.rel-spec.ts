import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { sleep } from '../support/wait.js';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLEAN_TOPIC,
  ENRICHED_TOPIC,
  INGEST_TOPIC,
  RAW_TOPIC,
  STAGE_NAMES,
  prefixed,
  type DeadLetter,
  type ServiceName,
  type StageName,
} from '@newsflow/contracts';
import { articleKey, ndjsonDump } from './support/articles.js';
import { HealthProbe, isNotWorking, ownStatus, stageStatusIn } from './support/health-probe.js';
import { PageServer } from './support/page-server.js';
import { Pipeline } from './support/pipeline.js';
import { PrivateStack } from './support/private-stack.js';
import { DumpStream, type StreamOptions } from './support/stream.js';
import { Summary } from './support/summary.js';
import { consumerLag, deadLetters, indexReport, pendingUrlJobs, type IndexReport } from './support/verify.js';

const root = resolve(__dirname, '../..');
const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const log = (line: string): void =>
  void process.stderr.write(`[reliability ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/**
 * Two profiles. `short` runs inside `npm test` (CI's budget: a few minutes); `full` is `npm run test:reliability`.
 * The profile only sets sizes and which scenarios run; every scenario that runs makes the same checks in both.
 */
const PROFILE = process.env.NEWSFLOW_RELIABILITY_PROFILE === 'short' ? 'short' : 'full';
const SIZES =
  PROFILE === 'short'
    ? { dumps: 20, perDump: 50, rate: 250, settleMs: 150_000, scenarioMs: 420_000 }
    : { dumps: 50, perDump: 100, rate: 150, settleMs: 360_000, scenarioMs: 900_000 };

const stack = new PrivateStack(root, log);
const pages = new PageServer();
const summary = new Summary();
let scenarioIndex = 0;

/** One poison message the suite put on a topic, and the stage that must dead-letter it. */
interface Poison {
  readonly key: string;
  readonly topic: string;
  readonly stage: StageName;
  readonly value: Buffer;
}

/** Everything a scenario drives: its own prefix, services, article batch, expected articles and poison. */
class Scenario {
  readonly prefix: string;
  readonly pipeline: Pipeline;
  readonly expectedKeys: string[] = [];
  readonly poison: Poison[] = [];
  readonly problems: string[] = [];
  readonly brokers = stack.endpoints.kafkaBrokers;
  private streams = 0;

  constructor(
    readonly name: string,
    readonly slug: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    scenarioIndex += 1;
    this.prefix = `test-rel-${runId}-${slug}`;
    this.pipeline = new Pipeline({
      repoRoot: root,
      prefix: this.prefix,
      endpoints: stack.endpoints,
      basePort: 3700 + scenarioIndex * 20,
      logDir: join(root, '.newsflow', 'reliability', 'logs', runId, slug),
      extraEnv,
    });
  }

  /** Starts an NDJSON stream of the profile's size (or `dumps` dumps) and records its articles as expected. */
  ndjsonStream(dumps = SIZES.dumps, perDump = SIZES.perDump, rate = SIZES.rate): DumpStream {
    return this.stream(dumps, perDump, rate, (batch) => (from, to) => ({
      body: ndjsonDump(batch, from, to),
      contentType: 'application/x-ndjson',
    }));
  }

  /** Starts a stream of URL lists pointing at the suite's page server (the fetch stage downloads each page). */
  urlStream(dumps: number, perDump: number): DumpStream {
    return this.stream(dumps, perDump, SIZES.rate, (batch) => (from, to) => ({
      body: `${Array.from({ length: to - from }, (_, i) => pages.url(batch, from + i)).join('\n')}\n`,
      contentType: 'text/plain',
    }));
  }

  /** Starts a stream of a new batch (its dumps made by `dumpOf(batch)`) and records its articles as expected. */
  private stream(
    dumps: number,
    perDump: number,
    rate: number,
    dumpOf: (batch: string) => StreamOptions['dump'],
  ): DumpStream {
    const batch = `${this.slug.replace(/[^a-z0-9]/g, '')}${this.streams++}`;
    for (let n = 0; n < dumps * perDump; n += 1) this.expectedKeys.push(articleKey(batch, n));
    return new DumpStream({
      brokers: this.brokers,
      prefix: this.prefix,
      dumps,
      perDump,
      itemsPerSecond: rate,
      batch,
      log,
      dump: dumpOf(batch),
    });
  }

  /** Bounded wait until at least `n` expected articles are searchable (the fault then hits a busy pipeline). */
  async waitIndexed(n: number, what: string, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let r: IndexReport | undefined;
    while (Date.now() < deadline) {
      r = await indexReport(stack.endpoints.opensearchUrl, this.prefix, this.expectedKeys).catch(
        () => undefined,
      );
      if (r && r.indexed >= n) return;
      await sleep(1000);
    }
    throw new Error(
      `${this.name}: only ${r?.indexed ?? 0} of ${n} articles indexed ${what} after ${timeoutMs} ms`,
    );
  }

  /** Health probes: asserts afterwards that the probe saw `stage` reported as not working (stalled|blocked|down). */
  expectReported(probe: HealthProbe, whose: string, stage: StageName | undefined, fault: string): void {
    const obs = probe.stop();
    const statuses = obs.map((o) => (stage ? stageStatusIn(o.body, stage) : ownStatus(o.body)));
    const seen = statuses.some(isNotWorking);
    const distinct = [...new Set(statuses.map((x) => x ?? (obs.length ? 'no status' : '-')))];
    log(
      `${this.name}: ${whose} /health said ${stage ?? 'itself'} was [${distinct.join(', ')}] during ${fault}`,
    );
    if (!seen) {
      this.problems.push(
        `${whose} /health never reported ${stage ?? 'itself'} as stalled|blocked|down during ${fault}; it answered:\n${probe.describe()}`,
      );
    }
    if (!stage) {
      const readyDown = obs.some((o) => o.readyHttp !== undefined && o.readyHttp !== 200);
      if (!readyDown) this.problems.push(`${whose} /ready never left 200 during ${fault}`);
    }
  }

  /** Puts two poison messages on each of the four pipeline topics: each must end in the DLQ with stage and reason. */
  async sendPoison(): Promise<void> {
    const producer = new Kafka({
      clientId: 'reliability-poison',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    const targets: Array<[string, StageName, Buffer[]]> = [
      [
        INGEST_TOPIC,
        'fetch',
        [Buffer.alloc(0), Buffer.from(JSON.stringify({ body: 'bm90IGd6aXA=', bodyEncoding: 'gzip+base64' }))],
      ],
      [
        RAW_TOPIC,
        'clean',
        [Buffer.from('{"not json'), Buffer.from(JSON.stringify({ schemaVersion: 1, id: 'x' }))],
      ],
      [
        CLEAN_TOPIC,
        'classify',
        [Buffer.from('\u0000\u00ff binary'), Buffer.from(JSON.stringify({ title: 5 }))],
      ],
      [
        ENRICHED_TOPIC,
        'index',
        [Buffer.from('[1,2,3'), Buffer.from(JSON.stringify({ id: 'poison', body: [] }))],
      ],
    ];
    for (const [topic, stage, values] of targets) {
      for (const [i, value] of values.entries()) {
        const p: Poison = { key: `poison-${stage}-${i}`, topic: prefixed(this.prefix, topic), stage, value };
        await producer.send({ topic: p.topic, acks: -1, messages: [{ key: p.key, value: p.value }] });
        this.poison.push(p);
      }
    }
    await producer.disconnect();
  }

  /**
   * Waits (bounded) until every expected article is indexed, every group's lag is 0 and the URL queue is empty,
   * then checks the index (by article, id and content hash) and the DLQ, records the result and fails with every
   * problem found.
   */
  async verify(t0: number): Promise<void> {
    const deadline = Date.now() + SIZES.settleMs;
    let report: IndexReport;
    let lag: Awaited<ReturnType<typeof consumerLag>> | undefined;
    let pending = 0;
    for (;;) {
      report = await indexReport(stack.endpoints.opensearchUrl, this.prefix, this.expectedKeys);
      lag = await consumerLag(this.brokers, this.prefix).catch(() => undefined);
      pending = await pendingUrlJobs(stack.endpoints.redisUrl, this.prefix).catch(() => -1);
      if (report.lost === 0 && lag?.total === 0 && pending === 0) break;
      if (Date.now() > deadline) break;
      await sleep(2000);
    }
    const dlq = await deadLetters(this.brokers, this.prefix);
    const p = this.problems;
    if (report.lost > 0) {
      p.push(
        `lost ${report.lost} of ${report.expected} articles (not indexed ${SIZES.settleMs / 1000} s after the fault), e.g. ${report.missingKeys.slice(0, 12).join(', ')}`,
      );
    }
    if (report.duplicated > 0) {
      p.push(
        `duplicated ${report.duplicated}: by article ${JSON.stringify(report.duplicateKeys).slice(0, 400)}; by content hash ${JSON.stringify(report.duplicateHashes).slice(0, 400)}`,
      );
    }
    if (report.strangers.length > 0)
      p.push(`documents the suite did not send: ${report.strangers.slice(0, 5).join('; ')}`);
    if (!lag || lag.total !== 0)
      p.push(
        `consumer lag not back to 0: ${lag ? `${JSON.stringify(lag.byGroup)}; ${lag.detail.join('; ')}` : 'unreadable'}`,
      );
    if (pending !== 0) p.push(`URL queue not empty: ${pending} job(s) pending`);

    const matched = new Set<DeadLetter>();
    for (const poison of this.poison) {
      const hit = dlq.find((d) => d.originalKey === poison.key);
      if (!hit) {
        p.push(`poison ${poison.key} on ${poison.topic} is not in the DLQ`);
        continue;
      }
      matched.add(hit);
      const bad: string[] = [];
      if (hit.stage !== poison.stage) bad.push(`stage ${hit.stage}, expected ${poison.stage}`);
      if (!hit.errorCode || !hit.errorMessage) bad.push('no reason (errorCode/errorMessage empty)');
      if (hit.originalTopic !== poison.topic) bad.push(`originalTopic ${hit.originalTopic}`);
      if (Buffer.from(hit.originalPayloadBase64, 'base64').compare(poison.value) !== 0)
        bad.push('payload altered');
      if (bad.length) p.push(`poison ${poison.key} dead-lettered wrongly: ${bad.join('; ')}`);
    }
    const extra = dlq.filter((d) => !matched.has(d) && !this.poison.some((x) => x.key === d.originalKey));
    if (extra.length > 0) {
      p.push(
        `${extra.length} unexpected dead letter(s) (a fault must not dead-letter good input): ${extra
          .slice(0, 5)
          .map((d) => `${d.stage}/${d.errorCode}: ${d.errorMessage.slice(0, 160)}`)
          .join(' | ')}`,
      );
    }
    if (this.pipeline.restarts.length) log(`${this.name}: supervisor: ${this.pipeline.restarts.join('; ')}`);

    const found = this.poison.filter((x) => dlq.some((d) => d.originalKey === x.key)).length;
    summary.add({
      name: this.name,
      passed: p.length === 0,
      articlesExpected: report.expected,
      articlesIndexed: report.indexed,
      duplicated: report.duplicated,
      lost: report.lost,
      deadLettersExpected: this.poison.length,
      deadLettersFound: found,
      failure: p.join('\n'),
      seconds: (Date.now() - t0) / 1000,
    });
    log(
      `${this.name}: indexed ${report.indexed}/${report.expected}, duplicated ${report.duplicated}, lost ${report.lost}, DLQ ${dlq.length} (${found}/${this.poison.length} poison), lag ${JSON.stringify(lag?.byGroup)}`,
    );
    expect(p, `${this.name}: logs in ${this.pipeline.opts.logDir}`).toEqual([]);
  }
}

/** Runs one scenario: its own services under its own prefix, the fault, then the verification. */
async function runScenario(
  name: string,
  slug: string,
  body: (s: Scenario) => Promise<void>,
  extraEnv?: NodeJS.ProcessEnv,
): Promise<void> {
  const t0 = Date.now();
  const s = new Scenario(name, slug, extraEnv);
  log(`${name}: starting services (prefix ${s.prefix})`);
  try {
    await s.pipeline.start(['fetch', 'clean', 'classify', 'index', 'gateway']);
    await body(s);
    await s.verify(t0);
  } catch (err) {
    if (!summary.results.some((r) => r.name === name)) {
      summary.add({
        name,
        passed: false,
        articlesExpected: s.expectedKeys.length,
        articlesIndexed: 0,
        duplicated: 0,
        lost: 0,
        deadLettersExpected: s.poison.length,
        deadLettersFound: 0,
        failure: `did not reach verification: ${(err as Error).message}`,
        seconds: (Date.now() - t0) / 1000,
      });
    }
    throw err;
  } finally {
    await s.pipeline.stopAll();
  }
}

/** Polls `pred` until true or `ms` passed (a bounded wait; the caller asserts afterwards). */
async function until(pred: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred() && Date.now() < deadline) await sleep(500);
}

/**
 * The run of a scenario with one fault: a stream of the profile's size (or at `rate`), the fault struck once
 * `indexed()` of its articles are searchable (so it hits a busy pipeline), then the rest of the stream.
 */
function midStream(
  before: string,
  strike: (s: Scenario) => Promise<void>,
  opts: { rate?: number; indexed?: () => number } = {},
): (s: Scenario) => Promise<void> {
  return async (s) => {
    const stream = s.ndjsonStream(SIZES.dumps, SIZES.perDump, opts.rate);
    await s.waitIndexed((opts.indexed ?? tenth)(), before);
    await strike(s);
    await stream.done;
  };
}

/** Session timeout of the stage consumers (30 s) plus a margin. */
const STALL_MS = 40_000;
const tenth = (): number => Math.ceil((SIZES.dumps * SIZES.perDump) / 10);

interface ScenarioDef {
  readonly name: string;
  readonly slug: string;
  readonly profiles: ReadonlyArray<'short' | 'full'>;
  readonly env?: NodeJS.ProcessEnv;
  readonly run: (s: Scenario) => Promise<void>;
}

const SCENARIOS: ScenarioDef[] = [
  {
    name: 'kill -9 and restart each service in turn',
    slug: 'kill9',
    profiles: ['full'],
    // five kills and restarts take ~3 minutes: a slower stream keeps articles flowing through all of them
    run: midStream(
      'before the first kill',
      async (s) => {
        for (const victim of ['fetch', 'clean', 'classify', 'index', 'gateway'] as const) {
          await killAndRestart(s, victim);
          await sleep(3000);
        }
      },
      { rate: 30, indexed: () => tenth() / 2 },
    ),
  },
  {
    // The short profile (npm test): the four faults in a row on one pipeline while one slow stream flows through
    // all of them, so CI pays for one start of the services instead of four.
    name: 'kill -9 classify, poison on every topic, broker restart, SIGSTOP classify, in a row',
    slug: 'short',
    profiles: ['short'],
    run: midStream(
      'before the kill',
      async (s) => {
        await killAndRestart(s, 'classify');
        await s.sendPoison();
        await brokerRestart(s);
        await stallPastSessionTimeout(s, 'classify');
      },
      { rate: 10, indexed: () => tenth() / 2 },
    ),
  },
  {
    name: 'Kafka broker restart',
    slug: 'broker',
    profiles: ['full'],
    run: midStream('before the broker stop', brokerRestart),
  },
  {
    name: 'OpenSearch stopped for 30 s',
    slug: 'opensearch',
    profiles: ['full'],
    run: midStream('before the OpenSearch stop', (s) =>
      serverOutage(s, 'opensearch', 30_000, 'index', 'the OpenSearch outage'),
    ),
  },
  {
    name: 'Redis stopped 10 s during URL fetching and during dedup',
    slug: 'redis',
    profiles: ['full'],
    env: {
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_ALLOWED_HOSTS: '127.0.0.1',
      FETCH_URL_RATE_PER_SECOND: '400',
      FETCH_URL_PER_HOST_CONCURRENCY: '16',
      FETCH_URL_CONCURRENCY: '32',
    },
    run: async (s) => {
      const half = Math.floor(SIZES.dumps / 2);
      const urls = s.urlStream(half, SIZES.perDump);
      await until(() => pages.requests >= (half * SIZES.perDump) / 10, 120_000);
      if (pages.requests === 0)
        throw new Error('the fetch stage never requested a page from the page server');
      await serverOutage(s, 'redis', 10_000, 'fetch', 'the Redis outage while fetching URLs');
      await urls.done;

      const dumps = s.ndjsonStream(SIZES.dumps - half);
      await s.waitIndexed(Math.floor(s.expectedKeys.length * 0.6), 'before the second Redis stop');
      await serverOutage(s, 'redis', 10_000, 'clean', 'the Redis outage during dedup');
      await dumps.done;
    },
  },
  {
    name: 'classify SIGSTOPped past its session timeout',
    slug: 'sigstop',
    profiles: ['full'],
    run: midStream('before the SIGSTOP', (s) => stallPastSessionTimeout(s, 'classify')),
  },
  {
    name: 'two instances of every stage, then one of each stopped',
    slug: 'rebalance',
    profiles: ['full'],
    run: async (s) => {
      await s.pipeline.start(STAGE_NAMES, 1);
      const stream = s.ndjsonStream();
      await s.waitIndexed(tenth() * 2, 'with two instances per stage');
      await Promise.all(STAGE_NAMES.map((n) => s.pipeline.end(n, 'SIGTERM', 0)));
      await stream.done;
    },
  },
  {
    name: 'poison messages on every topic',
    slug: 'poison',
    profiles: ['full'],
    run: midStream('before the poison', (s) => s.sendPoison()),
  },
];

/**
 * Stops one of the suite's own servers for `ms` and starts it again on the same data, while `watched`'s /health and
 * /ready are probed: they must say the stage is not working meanwhile.
 */
async function serverOutage(
  s: Scenario,
  server: 'opensearch' | 'redis',
  ms: number,
  watched: StageName,
  fault: string,
): Promise<void> {
  const probe = new HealthProbe(s.pipeline.url(watched), true).start();
  await stack.stop(server);
  await sleep(ms);
  await stack.start(server);
  s.expectReported(probe, watched, undefined, fault);
}

/** Stops the broker (SIGTERM) while every stage's /health and /ready are watched, and starts it on the same data. */
async function brokerRestart(s: Scenario): Promise<void> {
  const probes = STAGE_NAMES.map((n) => new HealthProbe(s.pipeline.url(n), true).start());
  log(`${s.name}: stopping the Kafka broker`);
  await stack.stop('kafka');
  await until(() => probes.every((p) => p.observations.some((o) => isNotWorking(ownStatus(o.body)))), 20_000);
  await sleep(5000);
  await stack.start('kafka');
  STAGE_NAMES.forEach((n, i) =>
    s.expectReported(probes[i] as HealthProbe, n, undefined, 'the broker outage'),
  );
}

/**
 * SIGSTOPs a stage for longer than its consumer session timeout (30 s) plus a margin, so the group evicts the frozen
 * member, which finds out only after SIGCONT; the gateway must report the stage while it is frozen.
 */
async function stallPastSessionTimeout(s: Scenario, stage: StageName): Promise<void> {
  const gateway = new HealthProbe(s.pipeline.url('gateway'), false).start();
  log(`${s.name}: SIGSTOP ${stage} for ${STALL_MS / 1000} s`);
  s.pipeline.signal(stage, 'SIGSTOP');
  await sleep(STALL_MS);
  s.pipeline.signal(stage, 'SIGCONT');
  s.expectReported(gateway, 'gateway', stage, `the ${STALL_MS / 1000} s SIGSTOP of ${stage}`);
}

/** kill -9 one service, watch the gateway report it while it is dead, restart it. */
async function killAndRestart(s: Scenario, victim: ServiceName): Promise<void> {
  const probe = victim === 'gateway' ? undefined : new HealthProbe(s.pipeline.url('gateway'), false).start();
  log(`${s.name}: kill -9 ${victim}`);
  await s.pipeline.end(victim, 'SIGKILL');
  if (probe && victim !== 'gateway') {
    await until(() => probe.observations.some((o) => isNotWorking(stageStatusIn(o.body, victim))), 15_000);
    s.expectReported(probe, 'gateway', victim, `the kill -9 of ${victim}`);
  }
  await s.pipeline.start([victim]);
}

describe(`reliability (${PROFILE}): the pipeline keeps flowing through faults, on the suite's own Kafka, OpenSearch and Redis`, () => {
  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'tsconfig.build.json')],
      {
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error('npm run build failed: the suite runs the built services');
    await pages.start();
    await stack.startAll();
  }, 600_000);

  afterAll(async () => {
    await stack.stopAll();
    await pages.stop();
    const file = join(root, '.newsflow', 'reliability', 'summary.json');
    summary.write(file, { profile: PROFILE, runId, finishedAt: new Date().toISOString() });
    process.stdout.write(`\n${summary.table()}\n(details: ${file})\n`);
  }, 120_000);

  for (const def of SCENARIOS.filter((d) => d.profiles.includes(PROFILE))) {
    it(
      `${def.name}: every article indexed once, poison in the DLQ with stage and reason, lag back to 0`,
      async () => {
        await runScenario(def.name, def.slug, def.run, def.env);
      },
      SIZES.scenarioMs,
    );
  }
});
