// Delivery signatures (Stripe-like): `x-mmg-signature: v1=<hex HMAC-SHA256(secret,
// "<timestamp>.<body>")>` with `x-mmg-timestamp` in unix seconds. Receivers recompute it
// over the raw body, reject timestamps older than their tolerance (5 minutes advised:
// replay protection) and drop an `x-mmg-event-id` they have already processed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEADERS = {
  eventId: 'x-mmg-event-id',
  deliveryId: 'x-mmg-delivery-id',
  timestamp: 'x-mmg-timestamp',
  signature: 'x-mmg-signature',
} as const;

export const DEFAULT_TOLERANCE_SEC = 300;

function hmac(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The value of the x-mmg-signature header. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${hmac(secret, timestamp, body)}`;
}

/**
 * For receivers: true when `signature` (the header, possibly several comma-separated
 * `v1=` values) matches the body and the timestamp is within `toleranceSec` of `nowSec`.
 */
export function verifySignature(
  secret: string, timestamp: string | number, body: string, signature: string,
  toleranceSec = DEFAULT_TOLERANCE_SEC, nowSec = Math.floor(Date.now() / 1000),
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, ts, body), 'hex');
  return signature.split(',').some((part) => {
    const [scheme, value] = part.trim().split('=');
    if (scheme !== 'v1' || !value || !/^[0-9a-f]{64}$/i.test(value)) return false;
    return timingSafeEqual(expected, Buffer.from(value, 'hex'));
  });
}
