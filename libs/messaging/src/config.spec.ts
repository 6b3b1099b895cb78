import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TIMEOUT_MS, commonEnvSchema, fetchBoundsFromEnv, loadConfig } from './config.js';

describe('commonEnvSchema', () => {
  it('defaults to the local stack and a 10 s consumer session timeout', () => {
    const env = loadConfig(commonEnvSchema, {});
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(env.KAFKA_SESSION_TIMEOUT_MS).toBe(DEFAULT_SESSION_TIMEOUT_MS);
    expect(DEFAULT_SESSION_TIMEOUT_MS).toBe(10_000);
  });

  it('takes a session timeout from the environment within the broker default bounds', () => {
    expect(loadConfig(commonEnvSchema, { KAFKA_SESSION_TIMEOUT_MS: '45000' }).KAFKA_SESSION_TIMEOUT_MS).toBe(
      45_000,
    );
    expect(() => loadConfig(commonEnvSchema, { KAFKA_SESSION_TIMEOUT_MS: '3000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
    expect(() => loadConfig(commonEnvSchema, { KAFKA_SESSION_TIMEOUT_MS: 'soon' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
  });

  it('takes consumer fetch bounds only when set, and refuses ones below 1 KiB', () => {
    expect(fetchBoundsFromEnv(loadConfig(commonEnvSchema, {}))).toEqual({});
    expect(
      fetchBoundsFromEnv(
        loadConfig(commonEnvSchema, {
          STAGE_FETCH_MAX_BYTES: '2097152',
          STAGE_FETCH_MAX_BYTES_PER_PARTITION: '524288',
        }),
      ),
    ).toEqual({ fetchMaxBytes: 2_097_152, fetchMaxBytesPerPartition: 524_288 });
    expect(fetchBoundsFromEnv(loadConfig(commonEnvSchema, { STAGE_FETCH_MAX_BYTES: '65536' }))).toEqual({
      fetchMaxBytes: 65_536,
    });
    expect(() => loadConfig(commonEnvSchema, { STAGE_FETCH_MAX_BYTES: '10' })).toThrow(
      /STAGE_FETCH_MAX_BYTES/,
    );
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadConfig(commonEnvSchema, { KAFKA_BROKERS: 'nohost', NEWSFLOW_PREFIX: 'Bad Prefix' }),
    ).toThrow(/KAFKA_BROKERS[\s\S]*NEWSFLOW_PREFIX|NEWSFLOW_PREFIX[\s\S]*KAFKA_BROKERS/);
  });
});
