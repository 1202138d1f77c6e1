// Webhook secrets: shown once, stored encrypted (AES-256-GCM) because deliveries need the
// clear secret to sign; the key is derived (HKDF-SHA256) from config API_KEY_PEPPER.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyOf(pepper: string): Buffer {
  return Buffer.from(hkdfSync('sha256', pepper, 'mmg-webhook-secrets', 'aes-256-gcm v1', 32));
}

/** A new random secret, e.g. `whsec_3q2+…` (43 base64url characters after the prefix). */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The first characters, kept in clear so people can tell secrets apart (fewer of a caller's own secret). */
export function secretPrefix(secret: string): string {
  return secret.slice(0, secret.startsWith('whsec_') ? 10 : 4);
}

/** `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
export function encryptSecret(pepper: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(pepper), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
}

/** Throws when the text was not made by encryptSecret with this pepper (or was altered). */
export function decryptSecret(pepper: string, stored: string): string {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not an encrypted webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(pepper), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
