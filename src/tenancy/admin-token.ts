// The admin token when ADMIN_TOKEN is unset: generated once by the first start and kept,
// hashed like API keys (HMAC-SHA256 with API_KEY_PEPPER), in the AdminToken row. The clear
// token is printed once, by the start that generated it or by `npm run admin:rotate-token`.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { hashKey } from './keys.js';
import { tenancyStorage as storage } from '../storage/tenancy.js';

function newToken(pepper: string): { token: string; hash: string } {
  const token = `mmg_admin_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashKey(pepper, token) };
}

/** The new token when this call stored the first one; null when one was stored already (it is never shown again). */
export async function ensureAdminToken(db: Db, pepper: string): Promise<string | null> {
  const { token, hash } = newToken(pepper);
  // Concurrent first starts: the database keeps one row, and only its writer prints a token.
  return (await storage.storeFirstAdminToken(db, hash)) ? token : null;
}

/** Replaces the stored token (the old one stops working at once) and returns the new one. */
export async function rotateAdminToken(db: Db, pepper: string): Promise<string> {
  const { token, hash } = newToken(pepper);
  await storage.replaceAdminToken(db, hash);
  return token;
}
