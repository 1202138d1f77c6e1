// The only place that touches Team, Member, ApiKey and AdminToken rows. Member and ApiKey
// are read with SQL (the key lookup of every request, and paged lists), Team and AdminToken
// with Prisma.
import { readCount, readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { Columns, countSql, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import { Prisma, type ApiKey, type Backend, type Member, type Role } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

/** What verifying a key needs: the key, and the role of its member (null for a team key). */
export interface KeyForAuth {
  id: string;
  teamId: string;
  memberId: string | null;
  role: Role;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  trustedOnly: boolean;
  member: { role: Role } | null;
}

const KEY_BY_HASH = `
  SELECT k."id", k."teamId", k."memberId", k."role"::text AS "role", k."revokedAt", k."lastUsedAt", k."trustedOnly", m."role"::text AS "memberRole"
  FROM "ApiKey" k LEFT JOIN "Member" m ON m."id" = k."memberId"
  WHERE k."hash" = $1`;

const KEY_COLUMNS = new Columns<ApiKey>(Prisma.ApiKeyScalarFieldEnum, ['role']).sql;
const MEMBER_COLUMNS = new Columns<Member>(Prisma.MemberScalarFieldEnum, ['role']).sql;
const KEY = `SELECT ${KEY_COLUMNS} FROM "ApiKey" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const MEMBER = `SELECT ${MEMBER_COLUMNS} FROM "Member" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const MEMBERS_BY_IDS = `SELECT ${MEMBER_COLUMNS} FROM "Member" x WHERE x."teamId" = $1::uuid AND x."id" = ANY($2::uuid[])`;

const keysWhere = (p: SqlParams, teamId: string, includeRevoked: boolean) =>
  [`x."teamId" = ${p.add(teamId, '::uuid')}`, ...(includeRevoked ? [] : ['x."revokedAt" IS NULL'])];

export const tenancyStorage = {
  /** One statement (ApiKey.hash is unique); the member's role comes along in a join. */
  findKeyByHash: async (db: Db, hash: string): Promise<KeyForAuth | null> => {
    const [row] = await readRows<Omit<KeyForAuth, 'member'> & { memberRole: Role | null }>(db, KEY_BY_HASH, [hash]);
    if (!row) return null;
    const { memberRole, ...key } = row;
    return { ...key, member: memberRole ? { role: memberRole } : null };
  },

  /** Records use at most once a minute per key (a cheap conditional update). */
  touchKey: (db: Db, id: string, now: Date) =>
    db.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] }, data: { lastUsedAt: now } }),

  createTeam: (tx: Tx, data: { slug: string; displayName: string; defaultBackend: Backend }) => tx.team.create({ data }),
  team: (db: Db | Tx, id: string) => db.team.findUniqueOrThrow({ where: { id } }),
  updateTeam: (tx: Tx, id: string, data: Prisma.TeamUpdateInput) => tx.team.update({ where: { id }, data }),

  createKey: (tx: Tx, data: { teamId: string; memberId: string | null; name: string; role: Role; prefix: string; hash: string; trustedOnly?: boolean }) =>
    tx.apiKey.create({ data }),
  key: async (db: Db | Tx, teamId: string, id: string): Promise<ApiKey | null> => (await readRows<ApiKey>(db, KEY, [teamId, id]))[0] ?? null,
  revokeKey: (tx: Tx, id: string, at: Date) => tx.apiKey.update({ where: { id }, data: { revokedAt: at } }),
  revokeMemberKeys: (tx: Tx, memberId: string, at: Date) =>
    tx.apiKey.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: at } }),
  /** A keyset page of the team's keys, newest first: ApiKey(teamId, createdAt, id). */
  listKeys: (db: Db, teamId: string, includeRevoked: boolean, page: Page): Promise<ApiKey[]> => {
    const p = new SqlParams();
    const where = keysWhere(p, teamId, includeRevoked);
    return readRows<ApiKey>(db, `SELECT ${KEY_COLUMNS} FROM "ApiKey" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },

  countKeys: (db: Db, teamId: string, includeRevoked: boolean): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"ApiKey"', keysWhere(p, teamId, includeRevoked)), p.values);
  },

  /** The one AdminToken row (id 1): stored unless one exists; true when this call stored it. */
  storeFirstAdminToken: async (db: Db, hash: string) => (await db.adminToken.createMany({ data: [{ id: 1, hash }], skipDuplicates: true })).count === 1,
  replaceAdminToken: (db: Db, hash: string) =>
    db.adminToken.upsert({ where: { id: 1 }, create: { id: 1, hash }, update: { hash, createdAt: new Date() } }),
  adminTokenExists: async (db: Db, hash: string) => (await db.adminToken.count({ where: { hash } })) > 0,
  findTeam: (db: Db | Tx, id: string) => db.team.findUnique({ where: { id } }),

  createMember: (tx: Tx, data: { teamId: string; email: string; displayName: string; role: Role }) => tx.member.create({ data }),
  member: async (db: Db | Tx, teamId: string, id: string): Promise<Member | null> => (await readRows<Member>(db, MEMBER, [teamId, id]))[0] ?? null,
  membersByIds: (db: Db, teamId: string, ids: readonly string[]) => readRows<Member>(db, MEMBERS_BY_IDS, [teamId, ids]),
  updateMember: (tx: Tx, id: string, data: { displayName?: string; role?: Role }) => tx.member.update({ where: { id }, data }),
  deleteMember: (tx: Tx, id: string) => tx.member.delete({ where: { id } }),
  /** A keyset page of the team's members, newest first: Member(teamId, createdAt, id). */
  listMembers: (db: Db, teamId: string, page: Page): Promise<Member[]> => {
    const p = new SqlParams();
    const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
    return readRows<Member>(db, `SELECT ${MEMBER_COLUMNS} FROM "Member" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  countMembers: (db: Db, teamId: string): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"Member"', [`x."teamId" = ${p.add(teamId, '::uuid')}`]), p.values);
  },
};
