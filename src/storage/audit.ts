// The only writer and reader of AuditEvent rows. Inserts happen inside the caller's
// transaction, so an event exists exactly when its change was committed.
import { Prisma, type AuditEvent } from '../generated/prisma/client.js';
import { readCount, readRows, type Db, type Tx } from '../db/client.js';
import { Columns, countSql, jsonText, pageOrder, pageWhere, rangeWhere, SqlParams } from '../db/sql.js';
import type { Actor } from '../kernel/caller.js';
import type { Page } from '../shared/pagination.js';

/** Fields never copied into the audit history. */
const REDACTED = new Set(['hash']);

/** A JSON snapshot of a row for before/after (dates as ISO strings, secrets dropped). */
export function snapshot(row: object | null | undefined): Prisma.InputJsonValue | undefined {
  if (!row) return undefined;
  return JSON.parse(JSON.stringify(row, (k, v: unknown) => (REDACTED.has(k) ? undefined : typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonValue;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  before?: object | null;
  after?: object | null;
}

export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  // The snapshots go in as JSON text (jsonText): Prisma would round their floats (db/client.ts).
  await tx.$executeRaw`
    INSERT INTO "AuditEvent" ("teamId", "actorKeyId", "actorMemberId", "actor", "action", "targetType", "targetId", "before", "after", "requestId", "createdAt")
    VALUES (${actor.teamId}::uuid, ${actor.keyId ?? null}::uuid, ${actor.memberId ?? null}::uuid, ${actor.label}, ${entry.action}, ${entry.targetType},
      ${entry.targetId}, ${jsonText(snapshot(entry.before))}::jsonb, ${jsonText(snapshot(entry.after))}::jsonb, ${actor.requestId}, clock_timestamp())`;
}

export interface AuditFilter {
  action?: string | null | undefined;
  targetType?: string | null | undefined;
  targetId?: string | null | undefined;
  actorKeyId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

const AUDIT_COLUMNS = new Columns<AuditEvent>(Prisma.AuditEventScalarFieldEnum).sql;

function auditWhere(p: SqlParams, teamId: string, filter: AuditFilter): string[] {
  return [
    `x."teamId" = ${p.add(teamId, '::uuid')}`,
    ...(filter.action ? [`x."action" = ${p.add(filter.action)}`] : []),
    ...(filter.targetType ? [`x."targetType" = ${p.add(filter.targetType)}`] : []),
    ...(filter.targetId ? [`x."targetId" = ${p.add(filter.targetId)}`] : []),
    ...(filter.actorKeyId ? [`x."actorKeyId" = ${p.add(filter.actorKeyId, '::uuid')}`] : []),
    ...rangeWhere(p, 'createdAt', filter.from, filter.to),
  ];
}

/** The team's events that `filter` matches (listAuditEvents' WHERE without the page). */
export function countAuditEvents(db: Db, teamId: string, filter: AuditFilter): Promise<number> {
  const p = new SqlParams();
  return readCount(db, countSql('"AuditEvent"', auditWhere(p, teamId, filter)), p.values);
}

/** A keyset page of the team's events, newest first by the bigint id alone (the audit cursor's order): AuditEvent(teamId, id). */
export async function listAuditEvents(db: Db, teamId: string, filter: AuditFilter, page: Page): Promise<AuditEvent[]> {
  const p = new SqlParams();
  const where = auditWhere(p, teamId, filter);
  return readRows<AuditEvent>(db, `SELECT ${AUDIT_COLUMNS} FROM "AuditEvent" x WHERE ${pageWhere(p, where, null, page.after)} ${pageOrder(p, null, page)}`, p.values);
}
