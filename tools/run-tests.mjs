#!/usr/bin/env node
// `npm test`: brings the local stack up if it is not (it never takes it down: the caller decides), then runs the
// unit, integration, e2e, reliability and cluster vitest tiers in sequence, prints each tier's result and ends with
// one line "N passed, N failed" summed over the tiers. Exits non-zero if any tier failed. The reliability tier is the
// short profile of the fault suite (it starts its own servers on other ports); the full set is
// `npm run test:reliability`. The cluster tier runs last (its six JVMs need ~3.5 GB and the CPU the other tiers
// would use): it brings up the secured cluster profile (`newsflow infra up --cluster`, NEWSFLOW_CLUSTER_SECURE=1, its
// own run folder .newsflow/secure-cluster), runs test/cluster/secure-pipeline.cluster-spec.ts in its short profile,
// and always takes that cluster down again (`infra down --cluster --purge`), also when the tier fails or this
// process is interrupted. The full cluster fault suite is `npm run test:cluster`.
//
// Usage: node tools/run-tests.mjs [unit] [integration] [e2e] [reliability] [cluster]   (default: all five)
// Env: NEWSFLOW_STACK=testcontainers skips `newsflow infra up` (the tiers' global setup starts containers instead).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIERS = {
  unit: { config: 'vitest.unit.config.mts', extra: [], needsStack: false },
  integration: { config: 'vitest.integration.config.mts', extra: [], needsStack: true },
  // no e2e tests yet is not a failure; no unit or integration tests would be
  e2e: { config: 'vitest.e2e.config.mts', extra: ['--passWithNoTests'], needsStack: true },
  reliability: {
    config: 'vitest.reliability.config.mts',
    extra: [],
    needsStack: false,
    env: { NEWSFLOW_RELIABILITY_PROFILE: 'short' },
  },
  cluster: {
    config: 'vitest.cluster.config.mts',
    extra: ['test/cluster/secure-pipeline.cluster-spec.ts'],
    needsStack: false,
    ownCluster: true,
    env: {
      NEWSFLOW_CLUSTER_PROFILE: 'short',
      NEWSFLOW_CLUSTER_SECURE: '1',
      NEWSFLOW_CLUSTER_RUN_DIR: join(root, '.newsflow', 'secure-cluster'),
    },
  },
};

const wanted = process.argv.slice(2);
for (const t of wanted) {
  if (!(t in TIERS)) {
    console.error(`run-tests: unknown tier "${t}"; expected ${Object.keys(TIERS).join(', ')}`);
    process.exit(2);
  }
}
const tiers = wanted.length > 0 ? wanted : Object.keys(TIERS);

function bringStackUp() {
  if ((process.env.NEWSFLOW_STACK ?? 'native') !== 'native') return;
  console.log('run-tests: newsflow infra up');
  const r = spawnSync(process.execPath, [join(root, 'libs/cli/bin/newsflow.js'), 'infra', 'up'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(
      'run-tests: the local stack did not come up (see above); integration and e2e tiers cannot run',
    );
    return false;
  }
  return true;
}

/** `newsflow infra <args...>` with the tier's environment; returns whether it exited 0. */
function infra(args, env) {
  console.log(`run-tests: newsflow infra ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'libs/cli/bin/newsflow.js'), 'infra', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return r.status === 0;
}

/**
 * A tier on its own cluster: up (bounded by the infra's start timeout, NEWSFLOW_INFRA_START_TIMEOUT_MS, 5 min per node
 * by default), the tests, then down and purged whatever happened, also on SIGINT/SIGTERM.
 */
async function runClusterTier(name) {
  const { env } = TIERS[name];
  // the data is purged anyway: 10 s of SIGTERM grace instead of 30 (a controller whose peers stop with it can hang)
  const down = () => infra(['down', '--cluster', '--purge', '--timeout', '10000'], env);
  const onSignal = (signal) => {
    console.error(`run-tests: ${signal} during the ${name} tier: taking its cluster down`);
    // vitest runs in its own process group (see runTier): end it with its workers and the services they started
    try {
      if (currentChild?.pid) process.kill(-currentChild.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    down();
    // what did not stop during the down (a service still flushing to the stopped brokers) is ended now
    try {
      if (currentChild?.pid) process.kill(-currentChild.pid, 'SIGKILL');
    } catch {
      // all gone
    }
    process.exit(1);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const t0 = Date.now();
  let result;
  try {
    // a cluster left by an interrupted run (or formatted without security) is purged before starting clean
    down();
    if (infra(['up', '--cluster'], env)) {
      const r = await runTier(name, { ownGroup: true });
      result = { ...r, note: `${r.note} (cluster up and down included)` };
    } else {
      result = {
        name,
        passed: 0,
        failed: 1,
        skipped: 0,
        code: 1,
        note: ' (not run: `newsflow infra up --cluster` failed, see above; counted as 1 failure)',
      };
    }
  } finally {
    if (!down()) console.error('run-tests: `newsflow infra down --cluster --purge` failed (see above)');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { ...result, seconds: (Date.now() - t0) / 1000 };
}

/** The running vitest child (ended when this process is interrupted during the cluster tier). */
let currentChild;

/** Runs one vitest tier, streaming its output, and reads the summary reporter's "vitest: N passed, N failed" line. */
function runTier(name, { ownGroup = false } = {}) {
  const { config, extra, env = {} } = TIERS[name];
  const args = [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config, ...extra];
  console.log(`\nrun-tests: ── tier ${name}: vitest run --config ${config} ${extra.join(' ')}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
      // the cluster tier's vitest leads its own group, so an interrupted run can end it with its workers and services
      detached: ownGroup,
    });
    currentChild = child;
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk.toString('utf8');
    });
    child.on('close', (code, signal) => {
      currentChild = undefined;
      const lines = [...out.matchAll(/^vitest: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)];
      const last = lines.at(-1);
      let passed = last ? Number(last[1]) : 0;
      let failed = last ? Number(last[2]) : 0;
      const skipped = last?.[3] ? Number(last[3]) : 0;
      let note = '';
      if (code !== 0 && failed === 0) {
        // the tier failed without a failing test (crash, no test files, setup refused): count it as one failure
        failed = 1;
        note = last
          ? ' (the run itself failed: counted as 1 failure)'
          : ' (no summary line: counted as 1 failure)';
      }
      resolve({
        name,
        passed,
        failed,
        skipped,
        code: code ?? (signal ? 1 : 0),
        seconds: (Date.now() - t0) / 1000,
        note,
      });
    });
  });
}

const results = [];
const stackNeeded = tiers.some((t) => TIERS[t].needsStack);
const stackUp = stackNeeded ? bringStackUp() : true;
for (const t of tiers) {
  if (TIERS[t].needsStack && stackUp === false) {
    results.push({
      name: t,
      passed: 0,
      failed: 1,
      skipped: 0,
      code: 1,
      seconds: 0,
      note: ' (not run: stack down, counted as 1 failure)',
    });
    continue;
  }
  results.push(TIERS[t].ownCluster ? await runClusterTier(t) : await runTier(t));
}

console.log('\nrun-tests: results');
for (const r of results) {
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  console.log(
    `  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${skipped}  (exit ${r.code}, ${r.seconds.toFixed(1)} s)${r.note}`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.some((r) => r.code !== 0 || r.failed > 0) ? 1 : 0);
