import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonEnvSchema } from './config.js';
import {
  connectionSecurityFromEnv,
  opensearchClientOptions,
  opensearchNodes,
} from './connection-security.config.js';

const dir = mkdtempSync(join(tmpdir(), 'nf-sec-'));
const ca = join(dir, 'ca.pem');
const pw = join(dir, 'pw');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(pw, 's3cret\n');

describe('connection security from the environment', () => {
  it('is plain when nothing is set (the local stack)', () => {
    const s = connectionSecurityFromEnv({});
    expect(s.kafka).toEqual({});
    expect(s.opensearch).toEqual({});
    expect(s.summary).toBe('kafka PLAINTEXT; opensearch no auth');
  });

  it('builds SASL_SSL with SCRAM, the CA and a password read from a file, and keeps the secret out of the summary', () => {
    const s = connectionSecurityFromEnv({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'newsflow',
      KAFKA_SASL_PASSWORD_FILE: pw,
      KAFKA_SSL_CA_FILE: ca,
    });
    expect(s.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'newsflow', password: 's3cret' });
    expect(s.kafka.ssl).toMatchObject({
      rejectUnauthorized: true,
      ca: [expect.stringContaining('BEGIN CERTIFICATE')],
    });
    expect(s.summary).toContain('scram-sha-512 as newsflow');
    expect(s.summary).not.toContain('s3cret');
  });

  it('gives the OpenSearch client every node of a comma-separated URL, basic auth and the CA', () => {
    const s = connectionSecurityFromEnv({
      OPENSEARCH_USERNAME: 'admin',
      OPENSEARCH_PASSWORD: 'pw',
      OPENSEARCH_CA_FILE: ca,
    });
    const o = opensearchClientOptions('https://a:9200, https://b:9200/', s.opensearch);
    expect(o.node).toEqual(['https://a:9200', 'https://b:9200']);
    expect(o.auth).toEqual({ username: 'admin', password: 'pw' });
    expect(o.ssl?.ca).toHaveLength(1);
    expect(opensearchNodes('http://127.0.0.1:9200')).toEqual(['http://127.0.0.1:9200']);
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      connectionSecurityFromEnv({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SSL_CERT_FILE: ca,
        OPENSEARCH_USERNAME: 'admin',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('KAFKA_SASL_USERNAME');
    expect(message).toContain('KAFKA_SASL_PASSWORD');
    expect(message).toContain('KAFKA_SSL_KEY_FILE');
    expect(message).toContain('OPENSEARCH_PASSWORD');
  });

  it('refuses SASL credentials on a plaintext protocol and an unreadable file', () => {
    expect(() => connectionSecurityFromEnv({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(
      /KAFKA_SECURITY_PROTOCOL: SASL credentials are set but the protocol is PLAINTEXT/,
    );
    expect(() =>
      connectionSecurityFromEnv({
        KAFKA_SECURITY_PROTOCOL: 'SSL',
        KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'),
      }),
    ).toThrow(/KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
  });

  it('accepts a comma-separated OPENSEARCH_URL and rejects a malformed one', () => {
    expect(commonEnvSchema.parse({ OPENSEARCH_URL: 'http://a:1,http://b:2' }).OPENSEARCH_URL).toBe(
      'http://a:1,http://b:2',
    );
    expect(commonEnvSchema.safeParse({ OPENSEARCH_URL: 'http://a:1,not a url' }).success).toBe(false);
  });
});
