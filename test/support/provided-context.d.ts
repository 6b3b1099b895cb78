// Types of the values test/support/stack-global-setup.ts provides to every test file (vitest provide/inject).
// A declaration file so the global setup can rely on it without importing vitest's runtime.
import 'vitest';
import type { StackEndpoints } from './stack/stack-provider.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoints of the running stack. */
    stack: StackEndpoints;
    /** Unique id of this test run, part of every test resource name. */
    testRunId: string;
  }
}
