import { describe, expect, it } from 'vitest';
import { clientErrorProblem } from './client-error.js';

describe('clientErrorProblem', () => {
  it('answers a header overflow with a 431 problem that says what to shorten', () => {
    const err = Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });
    const p = clientErrorProblem(err, 16384);
    expect(p).toMatchObject({ status: 431, code: 'request_header_fields_too_large' });
    expect(p.detail).toContain('16384 bytes');
  });

  it('answers any other parser error with a 400 problem naming the parser code', () => {
    const err = Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_METHOD' });
    const p = clientErrorProblem(err, 16384);
    expect(p.status).toBe(400);
    expect(p.detail).toContain('HPE_INVALID_METHOD');
  });
});
