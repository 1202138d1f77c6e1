import { forbidden } from '../shared/errors.js';
import type { Role } from '../generated/prisma/client.js';

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export function requireRole(role: Role, needed: Role, action: string): void {
  if (!roleAtLeast(role, needed)) throw forbidden(`${action} needs the ${needed} role; this API key has ${role}`);
}
