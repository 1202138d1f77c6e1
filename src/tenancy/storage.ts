// The only place that touches Team, Member and ApiKey rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../audit/storage.js';
import type { Backend, Role } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

export const tenancyStorage = {
  findKeyByHash: (db: Db, hash: string) =>
    db.apiKey.findUnique({ where: { hash }, select: { id: true, teamId: true, memberId: true, role: true, revokedAt: true, lastUsedAt: true, member: { select: { role: true } } } }),

  /** Records use at most once a minute per key (a cheap conditional update). */
  touchKey: (db: Db, id: string, now: Date) =>
    db.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] }, data: { lastUsedAt: now } }),

  createTeam: (tx: Tx, data: { slug: string; displayName: string; defaultBackend: Backend }) => tx.team.create({ data }),
  team: (db: Db | Tx, id: string) => db.team.findUniqueOrThrow({ where: { id } }),
  updateTeam: (tx: Tx, id: string, data: { displayName?: string; defaultBackend?: Backend }) => tx.team.update({ where: { id }, data }),

  createKey: (tx: Tx, data: { teamId: string; memberId: string | null; name: string; role: Role; prefix: string; hash: string }) =>
    tx.apiKey.create({ data }),
  key: (db: Db | Tx, teamId: string, id: string) => db.apiKey.findFirst({ where: { id, teamId } }),
  revokeKey: (tx: Tx, id: string, at: Date) => tx.apiKey.update({ where: { id }, data: { revokedAt: at } }),
  revokeMemberKeys: (tx: Tx, memberId: string, at: Date) =>
    tx.apiKey.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: at } }),
  listKeys: (db: Db, teamId: string, includeRevoked: boolean, page: Page) =>
    db.apiKey.findMany({
      where: { teamId, ...(includeRevoked ? {} : { revokedAt: null }), ...afterCursorWhere('createdAt', page.after) },
      orderBy: orderDesc('createdAt'),
      take: page.take,
    }),

  createMember: (tx: Tx, data: { teamId: string; email: string; displayName: string; role: Role }) => tx.member.create({ data }),
  member: (db: Db | Tx, teamId: string, id: string) => db.member.findFirst({ where: { id, teamId } }),
  membersByIds: (db: Db, teamId: string, ids: readonly string[]) => db.member.findMany({ where: { teamId, id: { in: [...ids] } } }),
  updateMember: (tx: Tx, id: string, data: { displayName?: string; role?: Role }) => tx.member.update({ where: { id }, data }),
  deleteMember: (tx: Tx, id: string) => tx.member.delete({ where: { id } }),
  listMembers: (db: Db, teamId: string, page: Page) =>
    db.member.findMany({ where: { teamId, ...afterCursorWhere('createdAt', page.after) }, orderBy: orderDesc('createdAt'), take: page.take }),
};
