// Break glass: with the gateway's admin token, a new ADMIN key for a team that lost its own
// (all revoked, or nobody left who holds one). Recorded in the team's audit history with the
// reason, so the team sees who got back in and why.
import type { Db } from '../db/client.js';
import { recordAudit } from '../storage/audit.js';
import { assertValid, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import type { Actor } from '../kernel/caller.js';
import { generateKey } from './keys.js';
import { checkText } from './rules.js';
import { tenancyStorage as storage } from '../storage/tenancy.js';

export async function issueBreakGlassKey(db: Db, pepper: string, input: { teamId: string; reason: string }, requestId: string) {
  assertValid(checkText('reason', input.reason, 500));
  const reason = input.reason.trim();
  const key = generateKey(pepper);
  return db.$transaction(async (tx) => {
    const team = await storage.findTeam(tx, requireId('Team', input.teamId, 'teamId'));
    if (!team) throw notFound('Team', input.teamId, 'teamId');
    const apiKey = await storage.createKey(tx, { teamId: team.id, memberId: null, name: 'break-glass key', role: 'ADMIN', prefix: key.prefix, hash: key.hash });
    const actor: Actor = { teamId: team.id, role: 'ADMIN', keyId: null, memberId: null, label: 'admin-token', requestId };
    await recordAudit(tx, actor, { action: 'apiKey.breakGlass', targetType: 'ApiKey', targetId: apiKey.id, after: { ...apiKey, reason } });
    return { apiKey, secret: key.secret };
  });
}
