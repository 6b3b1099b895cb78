import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, PermanentError, isDependencyOutage } from './errors.js';

describe('isDependencyOutage', () => {
  it('recognises connection failures by code, also when wrapped as the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
    expect(isDependencyOutage(refused)).toBe(true);
    expect(isDependencyOutage(new Error('dedup failed', { cause: refused }))).toBe(true);
  });

  it("recognises ioredis' closed-connection and max-retries errors", () => {
    const maxRetries = new Error('Reached the max retries per request limit (which is 3).');
    maxRetries.name = 'MaxRetriesPerRequestError';
    expect(isDependencyOutage(maxRetries)).toBe(true);
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
  });

  it('treats an explicit DependencyUnavailableError as an outage', () => {
    expect(isDependencyOutage(new DependencyUnavailableError('redis', 'down'))).toBe(true);
  });

  it('does not take bad input or ordinary bugs for an outage', () => {
    expect(isDependencyOutage(new PermanentError('binary', 'binary dump'))).toBe(false);
    expect(isDependencyOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      false,
    );
    expect(isDependencyOutage('a string')).toBe(false);
  });
});
