// API keys: `mmg_<prefix>_<secret>`. Only HMAC-SHA256(pepper, key) is stored; the
// prefix (first characters) is kept in clear so people can tell keys apart.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface NewKey {
  secret: string;
  prefix: string;
  hash: string;
}

export function hashKey(pepper: string, key: string): string {
  return createHmac('sha256', pepper).update(key).digest('hex');
}

export function generateKey(pepper: string): NewKey {
  const prefix = randomBytes(4).toString('hex');
  const secret = `mmg_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { secret, prefix: `mmg_${prefix}`, hash: hashKey(pepper, secret) };
}

/** Constant-time comparison for the bootstrap admin token. */
export function tokenMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
