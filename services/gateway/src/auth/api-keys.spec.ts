import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../gateway.config.js';
import { ApiKeyRegistry, hashApiKey, parseKeysFile } from './api-keys.js';

const SECRET = 'reader-secret-0123456789';

describe('API keys', () => {
  it('reads hashed keys with scopes and limits from a YAML keys file and finds a key by its secret', () => {
    const keys = parseKeysFile(
      `keys:\n  - name: reader\n    sha256: ${hashApiKey(SECRET)}\n    scopes: [read]\n    rate: 5\n    burst: 10\n`,
    );
    const reg = new ApiKeyRegistry(keys);
    expect(reg.find(SECRET)).toMatchObject({
      name: 'reader',
      scopes: ['read'],
      limit: { rate: 5, burst: 10 },
    });
    expect(reg.find('wrong')).toBeUndefined();
  });

  it('names every bad entry of a keys file', () => {
    expect(() =>
      parseKeysFile(
        '{"keys":[{"name":"a","sha256":"xyz","scopes":["read"]},{"name":"b","sha256":"' +
          'a'.repeat(64) +
          '","scopes":["write"]}]}',
      ),
    ).toThrow(/keys\.0\.sha256: expected 64 hex.*keys\.1\.scopes\.0/);
    expect(() => parseKeysFile('keys: [')).toThrow(/not YAML/);
  });

  it('keeps GATEWAY_API_KEY with every scope, adds inline hashed keys, and allows anonymous read only by config', () => {
    const local = loadGatewayConfig({});
    expect(local.anonymousRead).toBe(true);
    expect(local.apiKeys).toHaveLength(1);
    expect(new ApiKeyRegistry(local.apiKeys).find('newsflow-local-dev-key')?.scopes).toEqual([
      'read',
      'ingest',
      'admin',
    ]);
    const c = loadGatewayConfig({ GATEWAY_API_KEYS: `reader:${hashApiKey(SECRET)}:read:20:40` });
    expect(c.anonymousRead).toBe(false);
    expect(new ApiKeyRegistry(c.apiKeys).find(SECRET)).toMatchObject({
      scopes: ['read'],
      limit: { rate: 20, burst: 40 },
    });
    expect(
      loadGatewayConfig({ GATEWAY_API_KEYS: `r:${hashApiKey(SECRET)}:read`, GATEWAY_ANONYMOUS_READ: 'true' })
        .anonymousRead,
    ).toBe(true);
    expect(() => loadGatewayConfig({ GATEWAY_API_KEYS: 'reader:nothex:read' })).toThrow(/GATEWAY_API_KEYS/);
    expect(() => loadGatewayConfig({ GATEWAY_API_KEYS_FILE: '/nonexistent/keys.yaml' })).toThrow(
      /cannot read/,
    );
  });
});
