// IDs are UUIDs; anything else cannot name a row, so it is NOT_FOUND without a query.
import { notFound } from './errors.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID = UUID_PATTERN;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** Returns the id if it can exist, else throws NOT_FOUND (same answer as a missing row). */
export function requireId(what: string, id: string, field?: string): string {
  if (!isUuid(id)) throw notFound(what, id, field);
  return id.toLowerCase();
}

/** True when every id given in a filter could name a row (absent ones are fine). */
export function filterIdsCanExist(filter: object, keys: readonly string[]): boolean {
  const values = filter as Record<string, unknown>;
  return keys.every((k) => values[k] == null || (typeof values[k] === 'string' && UUID.test(values[k])));
}
