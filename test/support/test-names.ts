import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { TEST_PREFIX, assertTestName } from './test-prefix.js';

export { TEST_PREFIX, assertTestName };

/**
 * A fresh, unique, lowercase resource name for this run: test-<runid>-<what>-<random>. Lowercase because OpenSearch
 * index names must be; no dots so it is valid for Kafka, OpenSearch and BullMQ alike.
 */
export function testName(what: string): string {
  const runId = inject('testRunId');
  const clean = what.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return assertTestName(`${TEST_PREFIX}${runId}-${clean}-${randomBytes(3).toString('hex')}`);
}
