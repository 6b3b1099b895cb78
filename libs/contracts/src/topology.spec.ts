import { describe, expect, it } from 'vitest';
import { SERVICES, SERVICE_MALLOC_ENV, STAGES, nodeOptionsFor, serviceRuntimeEnv } from './topology.js';

describe('nodeOptionsFor', () => {
  it("gives each service its topology's V8 heap flags, then the inherited NODE_OPTIONS (which win)", () => {
    for (const s of SERVICES) {
      expect(s.nodeOptions).toMatch(/--max-old-space-size=\d+/);
      expect(s.nodeOptions).toMatch(/--max-semi-space-size=\d+/);
      expect(nodeOptionsFor(s.name)).toBe(s.nodeOptions);
      expect(nodeOptionsFor(s.name, '  ')).toBe(s.nodeOptions);
      expect(nodeOptionsFor(s.name, '--max-old-space-size=2048')).toBe(
        `${s.nodeOptions} --max-old-space-size=2048`,
      );
    }
  });
});

describe('serviceRuntimeEnv', () => {
  it('sets NODE_OPTIONS and the malloc settings; a malloc variable already in the environment wins', () => {
    expect(serviceRuntimeEnv('classify')).toEqual({
      NODE_OPTIONS: STAGES.classify.nodeOptions,
      ...SERVICE_MALLOC_ENV,
    });
    const env = serviceRuntimeEnv('index', { NODE_OPTIONS: '--require x.cjs', MALLOC_ARENA_MAX: '4' });
    expect(env.NODE_OPTIONS).toBe(`${STAGES.index.nodeOptions} --require x.cjs`);
    expect(env.MALLOC_ARENA_MAX).toBe('4');
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe(SERVICE_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_);
  });
});
