import { describe, expect, it } from 'vitest';
import { LOCAL_INDEX_LAYOUT, indexLayoutFromEnv } from './index-layout.js';
import { articleSettings, articlesIndexTemplate } from './index-template.js';

const settingsOf = (t: Record<string, unknown>) =>
  (t.template as { settings: Record<string, unknown> }).settings;

describe('index layout from the environment', () => {
  it('defaults to one shard and no replica (the local single node)', () => {
    expect(indexLayoutFromEnv({})).toEqual({ shards: 1, replicas: 0 });
    expect(indexLayoutFromEnv({ NEWSFLOW_INDEX_SHARDS: '', NEWSFLOW_INDEX_REPLICAS: ' ' })).toEqual(
      LOCAL_INDEX_LAYOUT,
    );
  });

  it('reads a cluster layout', () => {
    expect(indexLayoutFromEnv({ NEWSFLOW_INDEX_SHARDS: '3', NEWSFLOW_INDEX_REPLICAS: '1' })).toEqual({
      shards: 3,
      replicas: 1,
    });
  });

  it('rejects bad values naming each variable', () => {
    expect(() => indexLayoutFromEnv({ NEWSFLOW_INDEX_SHARDS: '0' })).toThrow(/NEWSFLOW_INDEX_SHARDS/);
    expect(() => indexLayoutFromEnv({ NEWSFLOW_INDEX_REPLICAS: '-1' })).toThrow(/NEWSFLOW_INDEX_REPLICAS/);
    expect(() => indexLayoutFromEnv({ NEWSFLOW_INDEX_SHARDS: 'x', NEWSFLOW_INDEX_REPLICAS: '1.5' })).toThrow(
      /NEWSFLOW_INDEX_SHARDS[\s\S]*NEWSFLOW_INDEX_REPLICAS/,
    );
  });
});

describe('articlesIndexTemplate with a layout', () => {
  it('puts the layout in the template settings and keeps the analysis and refresh settings', () => {
    const s = settingsOf(articlesIndexTemplate('news-articles', { shards: 3, replicas: 1 }));
    expect(s.number_of_shards).toBe(3);
    expect(s.number_of_replicas).toBe(1);
    expect(s.analysis).toEqual(articleSettings.analysis);
    expect(s.refresh_interval).toBe(articleSettings.refresh_interval);
  });

  it('reads NEWSFLOW_INDEX_SHARDS / NEWSFLOW_INDEX_REPLICAS by default', () => {
    const saved = {
      shards: process.env.NEWSFLOW_INDEX_SHARDS,
      replicas: process.env.NEWSFLOW_INDEX_REPLICAS,
    };
    try {
      delete process.env.NEWSFLOW_INDEX_SHARDS;
      delete process.env.NEWSFLOW_INDEX_REPLICAS;
      expect(settingsOf(articlesIndexTemplate())).toMatchObject({
        number_of_shards: 1,
        number_of_replicas: 0,
      });
      process.env.NEWSFLOW_INDEX_SHARDS = '2';
      process.env.NEWSFLOW_INDEX_REPLICAS = '1';
      expect(settingsOf(articlesIndexTemplate())).toMatchObject({
        number_of_shards: 2,
        number_of_replicas: 1,
      });
      process.env.NEWSFLOW_INDEX_REPLICAS = 'many';
      expect(() => articlesIndexTemplate()).toThrow(/NEWSFLOW_INDEX_REPLICAS/);
    } finally {
      if (saved.shards === undefined) delete process.env.NEWSFLOW_INDEX_SHARDS;
      else process.env.NEWSFLOW_INDEX_SHARDS = saved.shards;
      if (saved.replicas === undefined) delete process.env.NEWSFLOW_INDEX_REPLICAS;
      else process.env.NEWSFLOW_INDEX_REPLICAS = saved.replicas;
    }
  });
});
