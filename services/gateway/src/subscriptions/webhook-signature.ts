import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` on every webhook delivery. */
export const SIGNATURE_HEADER = 'x-newsflow-signature';

/** The secret a subscription's webhooks are signed with: derived from the gateway's signing key, never stored. */
export function webhookSecret(signingKey: string, subscriptionId: string): string {
  return createHmac('sha256', signingKey).update(`webhook:${subscriptionId}`).digest('hex');
}

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver runs: true when the signature header matches the body and is at most `toleranceSeconds` old.
 * Exported for tests and as the reference implementation the README points to.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2] ?? '', 'hex'));
}
