// Who is calling: resolved once per request from the Authorization header.
import type { Role } from '../generated/prisma/client.js';
import { unauthenticated } from '../shared/errors.js';
import { requireRole } from './roles.js';

export type Caller =
  | { kind: 'anonymous'; reason: string }
  | { kind: 'admin-token' }
  /** trustedOnly: the key may run only the team's trusted documents (config TRUSTED_DOCUMENTS). */
  | { kind: 'key'; teamId: string; keyId: string; memberId: string | null; role: Role; trustedOnly: boolean };

export type KeyCaller = Extract<Caller, { kind: 'key' }>;

/** The acting identity written into audit events and passed to managers. */
export interface Actor {
  teamId: string;
  role: Role;
  keyId: string | null;
  memberId: string | null;
  /** `key:<id>` or `admin-token`. */
  label: string;
  requestId: string;
}

/** The caller's team and role, or UNAUTHENTICATED / FORBIDDEN. */
export function requireTeamActor(caller: Caller, requestId: string, needed: Role, action: string): Actor {
  if (caller.kind !== 'key') {
    throw unauthenticated(
      caller.kind === 'admin-token'
        ? 'The admin token can only create teams; use an API key of the team (Authorization: Bearer mmg_…)'
        : caller.reason,
    );
  }
  requireRole(caller.role, needed, action);
  return { teamId: caller.teamId, role: caller.role, keyId: caller.keyId, memberId: caller.memberId, label: `key:${caller.keyId}`, requestId };
}

/** The gateway's admin token (ADMIN_TOKEN, or the stored one), or UNAUTHENTICATED. */
export function requireAdminToken(caller: Caller, action: string): void {
  if (caller.kind !== 'admin-token') {
    throw unauthenticated(`${action} needs the gateway admin token (Authorization: Bearer <admin token>), not an API key`);
  }
}
