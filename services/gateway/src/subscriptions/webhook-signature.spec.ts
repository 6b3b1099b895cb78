import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookSecret } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = webhookSecret('signing-key-0123456789', 'a'.repeat(32));

  it('derives a different secret per subscription and per signing key', () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookSecret('signing-key-0123456789', 'b'.repeat(32))).not.toBe(secret);
    expect(webhookSecret('other-key-0123456789', 'a'.repeat(32))).not.toBe(secret);
  });

  it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
    const header = signWebhook(secret, '{"a":1}', 1_800_000_000);
    expect(verifyWebhook(secret, '{"a":1}', header, 1_800_000_010)).toBe(true);
    expect(verifyWebhook(secret, '{"a":2}', header, 1_800_000_010)).toBe(false);
    expect(verifyWebhook('0'.repeat(64), '{"a":1}', header, 1_800_000_010)).toBe(false);
    expect(verifyWebhook(secret, '{"a":1}', header, 1_800_001_000)).toBe(false);
    expect(verifyWebhook(secret, '{"a":1}', 'garbage', 1_800_000_010)).toBe(false);
  });
});
