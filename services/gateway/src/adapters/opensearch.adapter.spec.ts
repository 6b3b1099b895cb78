import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { Client } from '@opensearch-project/opensearch';
import { SEARCH_FILTER_PATH, STORY_KEY_META } from '@newsflow/search';
import { rejection } from '../../../../test/support/rejection.js';
import { DependencyUnavailableProblem } from '../problem/problem.exception.js';
import { INDEX_FEATURES_TTL_MS, OpenSearchAdapter } from './opensearch.adapter.js';

/** A client whose getMapping answers the given indices' `_meta` (or fails), counting the calls. */
function fakeClient(answer: () => Record<string, Record<string, unknown>> | Error) {
  const getMapping = vi.fn(() => {
    const a = answer();
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve({
      body: Object.fromEntries(
        Object.entries(a).map(([index, meta]) => [index, { mappings: { _meta: meta } }]),
      ),
    });
  });
  return { client: { indices: { getMapping } } as unknown as Client, getMapping };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('OpenSearchAdapter.indexFeatures', () => {
  it('answers the compatible default at once, then what the mapping says, without asking on every search', async () => {
    const { client, getMapping } = fakeClient(() => ({ 'a-v2': { [STORY_KEY_META]: true } }));
    const os = new OpenSearchAdapter(client, 'a', 'jobs');
    expect(os.indexFeatures(0)).toEqual({});
    await settle();
    expect(os.indexFeatures(1)).toEqual({ storyKey: true });
    expect(os.indexFeatures(2)).toEqual({ storyKey: true });
    expect(getMapping).toHaveBeenCalledTimes(1);
    expect(getMapping).toHaveBeenCalledWith({ index: 'a' });
  });

  it('uses storyKey only when every index behind the alias has the marker (not during a reindex from an old one)', async () => {
    let indices: Record<string, Record<string, unknown>> = { 'a-v1': {}, 'a-v2': { [STORY_KEY_META]: true } };
    const { client } = fakeClient(() => indices);
    const os = new OpenSearchAdapter(client, 'a', 'jobs');
    os.indexFeatures(0);
    await settle();
    expect(os.indexFeatures(1)).toEqual({ storyKey: false });
    // After the TTL the alias is asked again: the old version is gone.
    indices = { 'a-v2': { [STORY_KEY_META]: true } };
    os.indexFeatures(performance.now() + INDEX_FEATURES_TTL_MS + 1);
    await settle();
    expect(os.indexFeatures(performance.now())).toEqual({ storyKey: true });
  });

  it('keeps the last answer while OpenSearch does not answer', async () => {
    let fail = false;
    const { client, getMapping } = fakeClient(() =>
      fail ? new Error('connect ECONNREFUSED') : { 'a-v2': { [STORY_KEY_META]: true } },
    );
    const os = new OpenSearchAdapter(client, 'a', 'jobs');
    os.indexFeatures(0);
    await settle();
    fail = true;
    os.indexFeatures(performance.now() + INDEX_FEATURES_TTL_MS + 1);
    await settle();
    expect(getMapping).toHaveBeenCalledTimes(2);
    expect(os.indexFeatures(performance.now())).toEqual({ storyKey: true });
  });
});

describe('OpenSearchAdapter.search', () => {
  it('does not send a timed-out search again: OpenSearch would run it twice while overloaded', async () => {
    let received = 0;
    const server = createServer(() => {
      received += 1; // never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const os = OpenSearchAdapter.create(`http://127.0.0.1:${port}`, 'a', 'jobs', 200);
    try {
      const err = await rejection(os.search({ query: { match_all: {} } }, SEARCH_FILTER_PATH));
      expect(err).toBeInstanceOf(DependencyUnavailableProblem);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toBe(1);
    } finally {
      await os.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
