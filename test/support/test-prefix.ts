/** Every topic, index, template, queue and consumer group a test creates starts with this. */
export const TEST_PREFIX = 'test-';

/** Throws unless the name carries the test prefix: tests must never touch real pipeline topics or indices. */
export function assertTestName(name: string): string {
  if (!name.startsWith(TEST_PREFIX)) {
    throw new Error(
      `refusing to use "${name}" in a test: test topics, indices and queues must start with "${TEST_PREFIX}"`,
    );
  }
  return name;
}
