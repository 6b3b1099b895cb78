import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { kafkaHealth, loadInfraConfig, opensearchHealth } from '../../libs/cli/src/infra/index.js';
import { redisPing } from '../../libs/cli/src/infra/net.adapter.js';
import { redisConnectionOptions } from '../../libs/messaging/src/redis-url.js';
import { findRedisKeys, leaksByTest, removeRedisKeys } from './redis-keys.js';
import { NativeStackProvider } from './stack/native-stack-provider.js';
import type { StackEndpoints, StackProvider } from './stack/stack-provider.js';
import { TestcontainersStackProvider } from './stack/testcontainers-stack-provider.js';
import { TEST_PREFIX } from './test-prefix.js';

/** The environment the test support reads, validated once here. */
interface StackSetupConfig {
  readonly provider: 'native' | 'testcontainers';
  readonly autoStart: boolean;
  /** Stop, after the run, native servers this setup started (off by default: see the teardown below). */
  readonly teardown: boolean;
}

function readSetupConfig(env: NodeJS.ProcessEnv): StackSetupConfig {
  const provider = env.NEWSFLOW_STACK ?? 'native';
  if (provider !== 'native' && provider !== 'testcontainers') {
    throw new Error(`NEWSFLOW_STACK must be "native" or "testcontainers", got "${provider}"`);
  }
  const auto = env.NEWSFLOW_STACK_AUTOSTART ?? '1';
  if (auto !== '0' && auto !== '1') throw new Error(`NEWSFLOW_STACK_AUTOSTART must be 0 or 1, got "${auto}"`);
  const teardown = env.NEWSFLOW_STACK_TEARDOWN ?? '0';
  if (teardown !== '0' && teardown !== '1') {
    throw new Error(`NEWSFLOW_STACK_TEARDOWN must be 0 or 1, got "${teardown}"`);
  }
  return { provider, autoStart: auto === '1', teardown: teardown === '1' };
}

/**
 * Refuses a run whose resource prefixes (if a caller set them) are not test prefixes, and sets them to the run's
 * prefix otherwise, so services started by e2e tests write only to test topics, indices and queues.
 */
function guardPrefixes(env: NodeJS.ProcessEnv, runPrefix: string): void {
  // NEWSFLOW_PREFIX namespaces every topic, consumer group, index alias, queue and Redis key of the services.
  for (const key of ['NEWSFLOW_PREFIX']) {
    const value = env[key];
    if (value !== undefined && value !== '' && !value.startsWith(TEST_PREFIX)) {
      throw new Error(
        `refusing to run tests with ${key}="${value}": test resources must start with "${TEST_PREFIX}"`,
      );
    }
    if (value === undefined || value === '') env[key] = runPrefix;
  }
}

/** Checks each endpoint independently of the provider, so a run never starts against a half-up stack. */
async function assertReachable(endpoints: StackEndpoints): Promise<void> {
  const redisPort = redisConnectionOptions(endpoints.redisUrl).port;
  const [kafka, opensearch, redis] = await Promise.all([
    kafkaHealth([...endpoints.kafkaBrokers]),
    opensearchHealth(endpoints.opensearchUrl),
    redisPing(redisPort, 3000),
  ]);
  const down = [
    kafka === undefined ? `Kafka at ${endpoints.kafkaBrokers.join(',')}` : undefined,
    opensearch === undefined ? `OpenSearch at ${endpoints.opensearchUrl}` : undefined,
    redis ? undefined : `Redis at ${endpoints.redisUrl}`,
  ].filter((x): x is string => x !== undefined);
  if (down.length > 0) {
    throw new Error(
      `refusing to run: not reachable: ${down.join('; ')} (start the stack with \`npx newsflow infra up\`)`,
    );
  }
}

function startedHere(provider: StackProvider): boolean {
  return provider instanceof NativeStackProvider && provider.startedServers.length > 0;
}

/** vitest globalSetup for the integration and e2e tiers: a reachable real stack, or no run at all. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = readSetupConfig(process.env);
  const log = (line: string): void => void process.stderr.write(`[stack] ${line}\n`);
  let provider: StackProvider;
  if (config.provider === 'testcontainers') {
    const infra = loadInfraConfig();
    provider = new TestcontainersStackProvider({
      kafka: infra.kafka.port,
      opensearch: infra.opensearch.httpPort,
      redis: infra.redis.port,
    });
  } else {
    provider = new NativeStackProvider({ autoStart: config.autoStart, log });
  }
  const endpoints = await provider.start();
  await assertReachable(endpoints);

  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  guardPrefixes(process.env, `${TEST_PREFIX}${runId}-`);
  // for code under test that reads its config from the environment (services, CLI)
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers.join(',');
  process.env.OPENSEARCH_URL = endpoints.opensearchUrl;
  process.env.REDIS_URL = endpoints.redisUrl;
  project.provide('stack', endpoints);
  project.provide('testRunId', runId);
  log(
    `${provider.name} stack reachable: kafka ${endpoints.kafkaBrokers.join(',')}, ${endpoints.opensearchUrl}, ${endpoints.redisUrl}; run id ${runId}`,
  );

  return async () => {
    // Leak check: every test removes the Redis keys it created (by its test name) in afterAll. Whatever is left
    // under this run's prefix is removed here too (the Redis is shared), and the run fails naming the tests.
    const runPrefix = `${TEST_PREFIX}${runId}-`;
    let leakError: Error | undefined;
    try {
      const leaked = await findRedisKeys(endpoints.redisUrl, runPrefix);
      if (leaked.length > 0) {
        const byTest = [...leaksByTest(leaked, runPrefix)].map(([what, n]) => `${what} (${n})`).join(', ');
        await removeRedisKeys(endpoints.redisUrl, runPrefix);
        leakError = new Error(
          `${leaked.length} Redis key(s) under ${runPrefix} were left by: ${byTest}; e.g. ${leaked.slice(0, 3).join(', ')}. ` +
            'Each test must remove the keys it creates in afterAll (test/support/redis-keys.ts); they were removed now.',
        );
        log(leakError.message);
      } else log(`no Redis key left under ${runPrefix}`);
    } catch (e) {
      leakError = e instanceof Error ? e : new Error(String(e));
    }
    // Containers are always removed. The native stack is shared by everyone on the machine (one run folder), so a
    // run that happened to start it leaves it up: stopping it could break a colleague's run that began meanwhile.
    // `npx newsflow infra down` (or NEWSFLOW_STACK_TEARDOWN=1) stops it.
    if (config.provider === 'testcontainers' || config.teardown) await provider.stop();
    else if (startedHere(provider)) log('left the stack up; stop it with `npx newsflow infra down`');
    if (leakError) throw leakError;
  };
}
