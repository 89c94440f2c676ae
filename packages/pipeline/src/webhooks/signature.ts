import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `x-refinery-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`
 * with `x-refinery-timestamp: <unix seconds>`. Signing the timestamp with the body lets a
 * receiver refuse replays of an old delivery.
 */
export const SIGNATURE_HEADER = 'x-refinery-signature';
export const TIMESTAMP_HEADER = 'x-refinery-timestamp';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing headers' | 'stale timestamp' | 'bad signature' };

/** What a receiver runs: the body must be the raw bytes received, before any JSON parsing. */
export function verifySignature(params: {
  secret: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  toleranceSeconds?: number;
  now?: number;
}): SignatureCheck {
  const { signature, timestamp } = params;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp))
    return { ok: false, reason: 'missing headers' };
  const now = params.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (params.toleranceSeconds ?? 300)) {
    return { ok: false, reason: 'stale timestamp' };
  }
  const expected = Buffer.from(signPayload(params.secret, Number(timestamp), params.body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'bad signature' };
}
