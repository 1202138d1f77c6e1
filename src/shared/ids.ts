// IDs are UUIDs; anything else cannot name a row, so it is NOT_FOUND without a query.
import { notFound } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** Returns the id if it can exist, else throws NOT_FOUND (same answer as a missing row). */
export function requireId(what: string, id: string): string {
  if (!isUuid(id)) throw notFound(what, id);
  return id.toLowerCase();
}
