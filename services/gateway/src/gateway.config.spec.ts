import { describe, expect, it } from 'vitest';
import { DEV_API_KEY, aliasFor, consumerGroupFor, loadGatewayConfig } from './gateway.config.js';

describe('loadGatewayConfig', () => {
  it('defaults to the local stack with the dev API key flagged', () => {
    const c = loadGatewayConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      apiKey: DEV_API_KEY,
      apiKeyIsDevDefault: true,
      ingestMaxBytes: 10 * 1024 * 1024,
      kafkaBrokers: ['127.0.0.1:9092'],
      articlesAlias: 'news-articles',
      ingestTopic: 'news.ingest.v1',
    });
    expect(c.stageUrls).toEqual({
      fetch: 'http://127.0.0.1:3001',
      clean: 'http://127.0.0.1:3002',
      classify: 'http://127.0.0.1:3003',
      index: 'http://127.0.0.1:3004',
    });
  });

  it('applies the prefix to the alias, the ingest topic and consumer groups', () => {
    const c = loadGatewayConfig({
      NEWSFLOW_PREFIX: 'test-gw-1',
      GATEWAY_API_KEY: 'a-real-secret',
      GATEWAY_STAGE_URLS: 'clean=http://10.0.0.2:9000',
    });
    expect(c.articlesAlias).toBe('test-gw-1.news-articles');
    expect(c.ingestTopic).toBe('test-gw-1.news.ingest.v1');
    expect(c.apiKeyIsDevDefault).toBe(false);
    expect(c.stageUrls.clean).toBe('http://10.0.0.2:9000');
    expect(aliasFor('')).toBe('news-articles');
    expect(consumerGroupFor('test-gw-1', 'index')).toBe('test-gw-1.newsflow-index');
  });

  it('fails at boot naming every bad variable', () => {
    expect(() =>
      loadGatewayConfig({
        GATEWAY_PORT: 'eighty',
        GATEWAY_INGEST_MAX_BYTES: '-1',
        GATEWAY_API_KEY: 'short',
        GATEWAY_STAGE_URLS: 'nope=x',
      }),
    ).toThrow(/GATEWAY_PORT[\s\S]*GATEWAY_API_KEY[\s\S]*GATEWAY_INGEST_MAX_BYTES[\s\S]*GATEWAY_STAGE_URLS/);
  });
});
